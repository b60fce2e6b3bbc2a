import {
  Ollama,
  type AbortableAsyncIterator,
  type ChatResponse,
  type ListResponse,
  type Message,
  type Options,
} from "ollama";
import type { VramReadout } from "../../domain/draftStats.js";
import { processorLabel } from "./processorLabel.js";
import { isUnreachable } from "./networkErrors.js";
import { CallbackFailure, raceAbort, startWatchdog, type AbortCause } from "./draftWatchdog.js";
import { trainedContextLength } from "./ollamaModelInfo.js";
import type { GenerateRequest, GenerateResult, ModelInfo, WorkerProvider } from "./provider.js";
import { WorkerError } from "./workerError.js";
import { createNdjsonAudit, type NdjsonAudit } from "./ndjsonAudit.js";
import { corruptLine, tooManyChunks } from "./streamIntegrity.js";
import { AnswerLimit } from "./answerLimit.js";

export interface OllamaWorkerOptions {
  /** A full URL, normally from resolveOllamaHost(). */
  host: string;
  /** Replaces the global fetch, e.g. one that goes through a proxy. */
  fetch?: typeof fetch;
  /**
   * Limit for the quick calls (/api/tags, /api/show, /api/ps). Without it a
   * server that accepts the connection but never answers would hang preflight.
   */
  adminTimeoutMs?: number;
}

const DEFAULT_ADMIN_TIMEOUT_MS = 15_000;

/**
 * The WorkerProvider for Ollama, on top of the official client. The client is
 * used as is; the code here only covers what it leaves to its callers:
 * cancelling a request that has no response yet, cancelling one the caller
 * stopped reading, noticing a server that went quiet, and turning its mix of
 * TypeError / ResponseError / plain Error into errors a user can act on.
 */
export function createOllamaWorker(options: OllamaWorkerOptions): WorkerProvider {
  const { host } = options;
  const baseFetch = options.fetch ?? fetch;
  const adminTimeoutMs = options.adminTimeoutMs ?? DEFAULT_ADMIN_TIMEOUT_MS;
  const client = new Ollama({
    host,
    fetch: (input, init) => fetchWithSignal(baseFetch, AbortSignal.timeout(adminTimeoutMs))(input, init),
  });

  return {
    kind: "ollama",
    host,
    preflight: (model) => preflight(client, host, model),
    generate: (req) => generate(baseFetch, host, req),
    vram: (model) => vram(client, model),
  };
}

/** How Ollama resolves a name the user typed: "qwen" means "qwen:latest". */
export function isSameModel(entry: { name?: string; model?: string }, requested: string): boolean {
  const latest = `${requested}:latest`;
  return (
    entry.name === requested || entry.model === requested || entry.name === latest || entry.model === latest
  );
}

async function preflight(client: Ollama, host: string, model: string): Promise<ModelInfo> {
  let tags: ListResponse;
  try {
    tags = await client.list();
  } catch (err) {
    const noAnswer = err instanceof TypeError || (err as { name?: unknown } | null)?.name === "TimeoutError";
    throw noAnswer ? WorkerError.unreachable(host, err) : requestFailed(err, host);
  }
  if (!tags.models.some((entry) => isSameModel(entry, model))) {
    throw WorkerError.modelMissing(model, host);
  }
  try {
    const shown = await client.show({ model });
    return { contextLength: trainedContextLength(shown.model_info) };
  } catch {
    // Without the trained length haco only loses a warning about num_ctx; not worth failing the run.
    return { contextLength: null };
  }
}


async function vram(client: Ollama, model: string): Promise<VramReadout | null> {
  try {
    const running = await client.ps();
    const entry = running.models.find((m) => isSameModel(m, model));
    if (!entry) return null;
    // Present at runtime (the effective num_ctx) but missing from the client's types.
    const contextLength = (entry as { context_length?: unknown }).context_length;
    return {
      size: entry.size,
      sizeVram: entry.size_vram,
      ...processorLabel(entry.size, entry.size_vram),
      contextLength: typeof contextLength === "number" ? contextLength : null,
    };
  } catch {
    return null;
  }
}


async function generate(baseFetch: typeof fetch, host: string, req: GenerateRequest): Promise<GenerateResult> {
  if (req.signal?.aborted) throw WorkerError.aborted(host);

  const dog = startWatchdog(req.signal);
  const { aborted, watch } = dog;

  // A client per request: its fetch carries this request's signal, and the
  // client's list of streams (never pruned on error) dies with it. Its body
  // passes the audit on the way, which notices the lines the client skips.
  const audit = createNdjsonAudit();
  const client = new Ollama({ host, fetch: audit.wrap(fetchWithSignal(baseFetch, dog.signal)) });
  const server = `Ollama at ${host}`;
  const limit = new AnswerLimit(req.maxAnswerBytes, server);
  let stream: AbortableAsyncIterator<ChatResponse> | undefined;
  let phase: "connect" | "stream" = "connect";

  const startedAt = performance.now();
  let ttftMs: number | null = null;
  let text = "";
  let contentChunks = 0;
  /** Chunks that carry generated output: content, thinking or tool calls. Each holds one token or more. */
  let generatedChunks = 0;
  let final: ChatResponse | undefined;

  try {
    watch("first_token", req.firstTokenTimeoutMs);
    stream = await raceAbort(
      client.chat({ model: req.model, messages: messagesFor(req), stream: true, options: optionsFor(req) }),
      aborted,
    );
    phase = "stream";
    const chunks = stream[Symbol.asyncIterator]();
    for (;;) {
      const next = await raceAbort(chunks.next(), aborted);
      if (next.done) break;
      const chunk = next.value;
      watch("between_tokens", req.stallTimeoutMs);
      throwIfCorrupt(audit, server);
      const content = chunk.message?.content ?? "";
      if (carriesOutput(chunk)) generatedChunks += 1;
      if (content) {
        limit.take(content);
        ttftMs ??= performance.now() - startedAt;
        text += content;
        contentChunks += 1;
        try {
          req.onToken?.(content);
        } catch (err) {
          throw new CallbackFailure(err);
        }
      }
      if (chunk.done) {
        final = chunk;
        break;
      }
    }
  } catch (err) {
    if (err instanceof CallbackFailure) throw err.error;
    // A damaged line explains whatever went wrong after it (a final chunk lost: "no done").
    if (audit.bad && !dog.cause()) throw corruptLine(server, `line ${audit.bad.line}`, audit.bad.excerpt);
    throw toWorkerError(err, host, phase, dog.cause());
  } finally {
    // The client neither cancels on break/throw nor can it cancel before the
    // response exists (ollama-js#148): without this, Ollama keeps generating.
    stream?.abort();
    dog.dispose();
  }

  if (!final) throw WorkerError.failed(`Ollama at ${host} ended the answer without a final (done) chunk`);
  throwIfCorrupt(audit, server);
  // Ollama sends at most one chunk per token it generates (pieces held back for a stop sequence or a
  // split UTF-8 character go out together, and the end token has none), so fewer chunks than
  // eval_count is normal and more is not. A server that does not count (no eval_count, or 0) is not judged.
  const evalCount = finiteOrNull(final.eval_count);
  if (evalCount !== null && evalCount > 0 && generatedChunks > evalCount) {
    throw tooManyChunks(server, generatedChunks, evalCount, "eval_count");
  }
  return {
    text,
    model: final.model || req.model,
    tokens: finiteOrNull(final.eval_count) ?? contentChunks,
    tokensPerSec: tokensPerSecond(final),
    ttftMs,
    totalMs: performance.now() - startedAt,
    promptTokens: finiteOrNull(final.prompt_eval_count),
    loadMs: nanosToMs(final.load_duration),
    doneReason: typeof final.done_reason === "string" ? final.done_reason : null,
  };
}

function throwIfCorrupt(audit: NdjsonAudit, server: string): void {
  if (audit.bad) throw corruptLine(server, `line ${audit.bad.line}`, audit.bad.excerpt);
}

/** Whether a chunk carries anything the model generated; the final chunk's empty content does not. */
function carriesOutput(chunk: ChatResponse): boolean {
  const message = chunk.message as Partial<Message> | undefined;
  return (
    (typeof message?.content === "string" && message.content !== "") ||
    (typeof message?.thinking === "string" && message.thinking !== "") ||
    (Array.isArray(message?.tool_calls) && message.tool_calls.length > 0)
  );
}

function messagesFor(req: GenerateRequest): Message[] {
  // An empty system message would still replace the Modelfile's own SYSTEM prompt.
  const system: Message[] = req.system ? [{ role: "system", content: req.system }] : [];
  return [...system, { role: "user", content: req.prompt }];
}

function optionsFor(req: GenerateRequest): Partial<Options> {
  const options: Partial<Options> = {};
  if (req.numCtx !== undefined) options.num_ctx = req.numCtx;
  if (req.temperature !== undefined) options.temperature = req.temperature;
  if (req.numPredict !== undefined) options.num_predict = req.numPredict;
  return options;
}

function fetchWithSignal(baseFetch: typeof fetch, signal: AbortSignal): typeof fetch {
  return (input, init) =>
    baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}


function tokensPerSecond(final: ChatResponse): number | null {
  const count = finiteOrNull(final.eval_count);
  const duration = finiteOrNull(final.eval_duration);
  if (count === null || duration === null || duration <= 0) return null;
  return (count / duration) * 1e9;
}

function nanosToMs(value: unknown): number | null {
  const ns = finiteOrNull(value);
  return ns === null ? null : ns / 1e6;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

const NO_DONE_MESSAGE = "Did not receive done or success response in stream.";

/**
 * The client reports failures in four shapes: fetch's TypeError (no server,
 * or the connection dropped), ResponseError (an HTTP error status, before any
 * chunk), a plain Error carrying an `{"error":…}` line the server sent
 * mid-stream, and a plain Error when the body ended without `done`.
 */
function toWorkerError(
  err: unknown,
  host: string,
  phase: "connect" | "stream",
  abortCause: AbortCause | null,
): WorkerError {
  // haco's own verdicts on the stream (answer_too_large) pass as they are.
  if (err instanceof WorkerError) return err;
  if (abortCause?.kind === "stall") return WorkerError.stalled(host, abortCause.phase, abortCause.timeoutMs);
  if (abortCause?.kind === "caller") return WorkerError.aborted(host);
  if (err instanceof TypeError) {
    if (phase === "connect" && isUnreachable(err)) {
      return WorkerError.unreachable(host, err);
    }
    return WorkerError.failed(`the connection to Ollama at ${host} dropped before the answer was complete`, err);
  }
  if (isResponseError(err)) return requestFailed(err, host);
  if (err instanceof Error && phase === "stream") {
    if (err.message === NO_DONE_MESSAGE) {
      return WorkerError.failed(`Ollama at ${host} ended the answer without a final (done) chunk`, err);
    }
    return WorkerError.failed(`Ollama at ${host} reported an error mid-answer: ${err.message}`, err);
  }
  return requestFailed(err, host);
}

function requestFailed(err: unknown, host: string): WorkerError {
  if (isResponseError(err)) {
    return WorkerError.failed(`Ollama at ${host} answered HTTP ${err.status_code}: ${err.error}`, err);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return WorkerError.failed(`request to Ollama at ${host} failed: ${detail}`, err);
}

/** The client does not export ResponseError, so it is recognised by shape. */
function isResponseError(err: unknown): err is Error & { error: string; status_code: number } {
  return (
    err instanceof Error &&
    err.name === "ResponseError" &&
    typeof (err as { status_code?: unknown }).status_code === "number"
  );
}

