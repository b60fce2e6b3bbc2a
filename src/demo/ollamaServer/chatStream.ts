import type { ServerResponse } from "node:http";
import { roughPromptTokens, rfc3339NanoUtc, tokenLike } from "./wire.js";
import { pause, writeFlowing } from "../localServer.js";

/** How a chat request goes wrong, scripted by a test. */
export type ChatFailure =
  /** The real status and `{"error":…}` as application/json, before any chunk (e.g. 404, 500, 503). */
  | { kind: "http"; status: number; error: string }
  /** `afterChunks` chunks, then one `{"error":…}` line and the end of the body, with no `done`. */
  | { kind: "errorLine"; afterChunks: number; error: string }
  /** `afterChunks` chunks, then the socket is destroyed (the runner crashed). */
  | { kind: "drop"; afterChunks: number }
  /** `afterChunks` chunks, then silence with the socket open until the client gives up. */
  | { kind: "stall"; afterChunks: number };

export interface Reply {
  /** The answer; cut into token-like chunks unless `chunks` is given. */
  text?: string;
  /** The exact content of each chunk, for tests that care about boundaries. */
  chunks?: string[];
  /** Sets eval_duration = eval_count / tokensPerSec × 1e9 ns. Default 42.5. */
  tokensPerSec?: number;
  /** Reported load_duration, in ms. Default 3. Nothing is actually delayed: see firstChunkDelayMs. */
  loadMs?: number;
  /** Reported prompt_eval_count. Default: a rough count of the messages, capped at options.num_ctx. */
  promptEvalCount?: number;
  /** Reported eval_count. Default: the number of content chunks. */
  evalCount?: number;
  /** Default "stop". */
  doneReason?: string;
  /** Time before the first chunk (a model load); the status line waits too, as in real Ollama. */
  firstChunkDelayMs?: number;
  /** Time between chunks; a function gives the wait before chunk `index` (1-based: the first chunk follows firstChunkDelayMs). */
  chunkDelayMs?: number | ((index: number) => number);
  failure?: ChatFailure;
}

/** What a reply function sees of the request. */
export interface ChatRequestView {
  model: string;
  messages: { role: string; content: string }[];
  options: Record<string, unknown>;
  body: Record<string, unknown>;
}

export type ChatOutcome =
  | "completed"
  | "http_error"
  | "error_line"
  | "dropped"
  /** The client closed the connection first: cancellation reached the server. */
  | "client_aborted"
  /** The server was closed while the request was still open. */
  | "server_closed";

/** The prompt-processing rate behind the reported prompt_eval_duration. */
export const PROMPT_TOKENS_PER_SEC = 900;

export const DEFAULT_ANSWER = "Hello! This is the fake Ollama answering.";

/**
 * Streams one /api/chat answer. Returns once the exchange is over, with how it
 * ended as far as the script is concerned; `connectionGone` fires when the
 * socket closes, whoever closed it.
 */
export async function streamChat(
  res: ServerResponse,
  view: ChatRequestView,
  reply: Reply,
  connectionGone: AbortSignal,
  sent: Record<string, unknown>[],
  /** Told when a scripted stall begins: from then on nothing more is written. */
  onStall: () => void = () => undefined,
): Promise<ChatOutcome | null> {
  const startedAt = performance.now();
  const pieces = reply.chunks ?? tokenLike(reply.text ?? DEFAULT_ANSWER);
  const failure = reply.failure;

  if (!(await pause(reply.firstChunkDelayMs, connectionGone))) return null;

  if (failure?.kind === "http") {
    res.writeHead(failure.status, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ error: failure.error }));
    return "http_error";
  }

  /** Resolves false once the client is gone: a long answer goes out only as fast as it is read. */
  const send = (object: Record<string, unknown>): Promise<boolean> => {
    if (!res.headersSent) res.writeHead(200, { "Content-Type": "application/x-ndjson" });
    sent.push(object);
    return writeFlowing(res, `${JSON.stringify(object)}\n`, connectionGone);
  };
  const failAt = failure ? Math.min(failure.afterChunks, pieces.length) : Infinity;

  for (let i = 0; i <= pieces.length; i++) {
    if (i === failAt && failure) return fail(res, failure, send, connectionGone, onStall);
    if (i === pieces.length) break;
    if (i > 0 && !(await pause(delayBefore(reply, i), connectionGone))) return null;
    const open = await send({ model: view.model, created_at: rfc3339NanoUtc(), message: { role: "assistant", content: pieces[i] }, done: false });
    if (!open) return null;
  }

  if (!(await send(finalChunk(view, reply, pieces.length, performance.now() - startedAt)))) return null;
  res.end();
  return "completed";
}

async function fail(
  res: ServerResponse,
  failure: Exclude<ChatFailure, { kind: "http" }>,
  send: (object: Record<string, unknown>) => Promise<boolean>,
  connectionGone: AbortSignal,
  onStall: () => void,
): Promise<ChatOutcome | null> {
  switch (failure.kind) {
    case "errorLine":
      await send({ error: failure.error });
      res.end();
      return "error_line";
    case "drop":
      res.socket?.destroy();
      return "dropped";
    case "stall":
      onStall();
      await pause(Infinity, connectionGone);
      return null;
  }
}

function delayBefore(reply: Reply, index: number): number | undefined {
  return typeof reply.chunkDelayMs === "function" ? reply.chunkDelayMs(index) : reply.chunkDelayMs;
}

function finalChunk(view: ChatRequestView, reply: Reply, contentChunks: number, elapsedMs: number) {
  const evalCount = reply.evalCount ?? contentChunks;
  const evalDuration = Math.round((evalCount / (reply.tokensPerSec ?? 42.5)) * 1e9);
  const loadDuration = Math.round((reply.loadMs ?? 3) * 1e6);
  const promptEvalCount = reply.promptEvalCount ?? defaultPromptCount(view);
  const promptEvalDuration = Math.round((promptEvalCount / PROMPT_TOKENS_PER_SEC) * 1e9);
  const parts = loadDuration + promptEvalDuration + evalDuration;
  return {
    model: view.model,
    created_at: rfc3339NanoUtc(),
    message: { role: "assistant", content: "" },
    done: true,
    done_reason: reply.doneReason ?? "stop",
    total_duration: Math.max(Math.round(elapsedMs * 1e6), parts),
    load_duration: loadDuration,
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: promptEvalDuration,
    eval_count: evalCount,
    eval_duration: evalDuration,
  };
}

/** Ollama silently truncates to num_ctx, so the count it reports never exceeds it. */
export function defaultPromptCount(view: ChatRequestView): number {
  const rough = roughPromptTokens(view.messages);
  const numCtx = view.options.num_ctx;
  return typeof numCtx === "number" && numCtx > 0 ? Math.min(rough, numCtx) : rough;
}

