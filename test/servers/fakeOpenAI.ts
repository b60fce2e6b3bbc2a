import { Arrivals, closeServer, listenOnLoopback, parseBody, pause, readBody, trackExchange, writeFlowing } from "../../src/demo/localServer.js";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { tokenLike } from "./fakeOllama.js";

/**
 * A local stand-in for an OpenAI-compatible model server — llama.cpp's
 * llama-server, LM Studio, vLLM, Ollama's /v1 — speaking PROTOCOLS.md §3:
 * `data: <json>` SSE chunks ending in `data: [DONE]`, the usage chunk with
 * `choices: []`, llama.cpp's `timings` and `: ping` comments, each server's
 * error body, and the failures real servers have (errors mid-stream in both
 * the new and the old llama.cpp form, dropped sockets, stalls, a model still
 * loading). Answers are scripted, never generated. Listens on 127.0.0.1 only,
 * on a free port.
 */

/** Whose dialect the errors (and a few defaults) follow. */
export type OpenAIFlavour = "llamacpp" | "lmstudio" | "vllm" | "vllm-old" | "ollama";

export interface FakeOpenAIModel {
  id: string;
  /** Default per flavour: "llamacpp", "organization_owner", "vllm", "library". */
  ownedBy?: string;
  /** llama.cpp's extra object: n_ctx_train, n_params, size, … */
  meta?: Record<string, unknown>;
}

/** How a chat request goes wrong. `afterChunks` counts content chunks already sent. */
export type OpenAIFailure =
  /** An HTTP error status with the flavour's JSON body, before anything is streamed. */
  | { kind: "http"; status: number; message: string; type?: string; code?: string | number | null; param?: string | null; flavour?: OpenAIFlavour }
  /** `data: {"error":{…}}` (llama.cpp since PR #16109, vLLM), then the end of the body. */
  | { kind: "errorEvent"; afterChunks: number; message: string; type?: string }
  /** Old llama.cpp: a bare `error: {…}` field line, then `data: [DONE]`. */
  | { kind: "errorLine"; afterChunks: number; message: string; type?: string }
  /** The socket is destroyed (the server crashed). */
  | { kind: "drop"; afterChunks: number }
  /** Silence with the socket open until the client gives up. */
  | { kind: "stall"; afterChunks: number };

export interface LlamaTimings {
  promptN?: number;
  cacheN?: number;
  predictedPerSecond?: number;
  promptPerSecond?: number;
}

export interface OpenAIReply {
  /** The answer; cut into token-like chunks unless `chunks` is given. */
  text?: string;
  /** The exact content of each chunk. */
  chunks?: string[];
  /** `delta.reasoning_content` chunks sent before the answer. */
  reasoning?: string[];
  /** Default "stop". */
  finishReason?: string;
  /**
   * The usage chunk's totals (sent only when the request asked with include_usage).
   * Default: rough counts. false: no usage chunk at all (an interrupted or older server).
   */
  usage?: { prompt_tokens: number; completion_tokens: number } | false;
  /** The usage chunk's `choices`: [] (default), null, or left out (vLLM does both). */
  usageChoices?: "empty" | "null" | "absent";
  /** llama.cpp `timings` on the finish chunk and on the usage chunk. */
  timings?: LlamaTimings;
  /** A `: ping` comment line before every chunk after the first. */
  pings?: boolean;
  /** What follows `data: [DONE]`: the blank line (default), only the line end, or nothing. */
  doneTerminator?: "\n\n" | "\n" | "";
  /** The model named in the chunks. Default: the model that answered. */
  model?: string;
  /** Time before the first chunk (prompt processing); the status line waits too. */
  firstChunkDelayMs?: number;
  /** Time before each content chunk after the first. */
  chunkDelayMs?: number;
  failure?: OpenAIFailure;
}

export interface FakeOpenAIOptions {
  /** Default "llamacpp". */
  flavour?: OpenAIFlavour;
  /** Default: one model, "qwen2.5-coder-14b". */
  models?: FakeOpenAIModel[];
  /**
   * Whether a request for a model not listed is answered by the only one
   * loaded. Default: true for llamacpp and lmstudio (lmstudio-bug-tracker#619),
   * false for the others; never with two or more models.
   */
  singleModelAnswersAnyName?: boolean;
  /** Scripts each chat answer. */
  reply?: (req: OpenAIChatView) => OpenAIReply | Promise<OpenAIReply>;
  /** The next this-many requests to /health, /v1/chat/completions (and /v1/models) get 503 "Loading model". */
  loadingRequests?: number;
  /** Newer llama.cpp answers /v1/models while loading; then only /health and chat say 503. */
  modelsWhileLoading?: boolean;
  /** Requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
}

export interface OpenAIChatView {
  model: string;
  messages: { role: string; content: string }[];
  body: Record<string, unknown>;
}

export interface RecordedOpenAIRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; null when there was none, the raw text when it was not JSON. */
  body: unknown;
}

export type OpenAIChatOutcome =
  | "completed"
  | "http_error"
  | "error_event"
  | "error_line"
  | "dropped"
  /** The client closed the connection first: cancellation reached the server. */
  | "client_aborted"
  | "server_closed";

export interface OpenAIChatExchange {
  request: RecordedOpenAIRequest;
  /** The model that answered ("" when it was refused). */
  model: string;
  /** Every SSE block written, in order, exactly as sent. */
  sent: string[];
  /** The JSON of every `data:` event written. */
  chunks: Record<string, unknown>[];
  outcome: OpenAIChatOutcome | null;
  clientAborted: boolean;
  ended: Promise<OpenAIChatOutcome>;
  /** Resolves when a scripted stall begins (nothing more is written after it). */
  stalled: Promise<void>;
  /** Whether the response's status line and headers have gone out yet. */
  headersSent(): boolean;
}

export interface FakeOpenAI {
  url: string;
  requests: RecordedOpenAIRequest[];
  chats: OpenAIChatExchange[];
  waitForChat(index?: number): Promise<OpenAIChatExchange>;
  close(): Promise<void>;
}

export const DEFAULT_OPENAI_MODEL = "qwen2.5-coder-14b";
export const DEFAULT_OPENAI_ANSWER = "Hello! This is the fake OpenAI-compatible server answering.";
const FINGERPRINT = "b6100-8b11dee";
const CREATED = 1_755_800_000;

const LLAMA_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  500: "server_error",
  501: "not_supported_error",
  503: "unavailable_error",
};
const VLLM_TYPES: Record<number, string> = {
  400: "BadRequestError",
  401: "UnauthorizedError",
  404: "NotFoundError",
  500: "InternalServerError",
  503: "ServiceUnavailableError",
};
const OWNED_BY: Record<OpenAIFlavour, string> = {
  llamacpp: "llamacpp",
  lmstudio: "organization_owner",
  vllm: "vllm",
  "vllm-old": "vllm",
  ollama: "library",
};

/** An HTTP error body in the flavour's shape (PROTOCOLS.md §3). */
export function openAIErrorBody(
  flavour: OpenAIFlavour,
  status: number,
  message: string,
  extra: { type?: string; code?: string | number | null; param?: string | null } = {},
): Record<string, unknown> {
  switch (flavour) {
    case "llamacpp":
      return { error: { code: extra.code ?? status, message, type: extra.type ?? LLAMA_TYPES[status] ?? "server_error" } };
    case "lmstudio":
      return { error: { message, type: extra.type ?? "invalid_request_error", param: extra.param ?? null, code: extra.code ?? null } };
    case "vllm":
      return { error: { message, type: extra.type ?? VLLM_TYPES[status] ?? "InternalServerError", param: extra.param ?? null, code: extra.code ?? status } };
    case "vllm-old":
      return { object: "error", message, type: extra.type ?? VLLM_TYPES[status] ?? "InternalServerError", param: extra.param ?? null, code: extra.code ?? status };
    case "ollama":
      return { error: { message, type: extra.type ?? (status === 404 ? "not_found_error" : "api_error"), param: extra.param ?? null, code: extra.code ?? null } };
  }
}

function modelNotFound(flavour: OpenAIFlavour, model: string): { status: number; body: Record<string, unknown> } {
  switch (flavour) {
    case "lmstudio":
      return {
        status: 404,
        body: openAIErrorBody(flavour, 404, `Model "${model}" not found. Please load it first.`, { param: "model", code: "model_not_found" }),
      };
    case "vllm":
    case "vllm-old":
      return { status: 404, body: openAIErrorBody(flavour, 404, `The model \`${model}\` does not exist.`) };
    case "llamacpp":
    case "ollama":
      return { status: 404, body: openAIErrorBody(flavour, 404, `model '${model}' not found`) };
  }
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const flavour = options.flavour ?? "llamacpp";
  const models = options.models ?? [{ id: DEFAULT_OPENAI_MODEL }];
  const lenient = options.singleModelAnswersAnyName ?? (flavour === "llamacpp" || flavour === "lmstudio");
  const requests: RecordedOpenAIRequest[] = [];
  const chatArrivals = new Arrivals<OpenAIChatExchange>();
  const chats = chatArrivals.items;

  let loadingLeft = options.loadingRequests ?? 0;
  let closing = false;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const stillLoading = (): boolean => {
    if (loadingLeft <= 0) return false;
    loadingLeft -= 1;
    return true;
  };
  const loadingBody = { error: { code: 503, message: "Loading model", type: "unavailable_error" } };

  const resolveModel = (requested: unknown): string | null => {
    const listed = models.find((m) => m.id === requested);
    if (listed) return listed.id;
    return lenient && models.length === 1 ? models[0]!.id : null;
  };

  const handleChat = async (res: ServerResponse, request: RecordedOpenAIRequest): Promise<void> => {
    const body = request.body as Record<string, unknown>;
    // `ended` is set by trackExchange, right below.
    let stall!: () => void;
    const stalled = new Promise<void>((resolve) => (stall = resolve));
    const exchange: OpenAIChatExchange = { request, model: "", sent: [], chunks: [], outcome: null, clientAborted: false, ended: Promise.resolve("completed"), stalled, headersSent: () => res.headersSent };
    const { settle, connectionGone } = trackExchange<OpenAIChatOutcome>(res, exchange, () => closing);
    chatArrivals.push(exchange);

    if (stillLoading()) {
      json(res, 503, loadingBody);
      return settle("http_error");
    }
    const model = resolveModel(body.model);
    if (model === null) {
      const refusal = modelNotFound(flavour, String(body.model));
      json(res, refusal.status, refusal.body);
      return settle("http_error");
    }
    exchange.model = model;
    const view: OpenAIChatView = {
      model,
      messages: Array.isArray(body.messages) ? (body.messages as OpenAIChatView["messages"]) : [],
      body,
    };
    const reply = (await options.reply?.(view)) ?? {};
    const outcome = await streamAnswer(res, flavour, view, reply, connectionGone, exchange, stall);
    if (outcome) settle(outcome);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    const request: RecordedOpenAIRequest = { method, path, headers: req.headers, body: parseBody(raw) };
    requests.push(request);
    const endpoint = `${method} ${path.replace(/^\/v1\//, "/")}`;

    if (options.apiKey !== undefined && endpoint !== "GET /health" && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      if (flavour === "vllm" || flavour === "vllm-old") return json(res, 401, { error: "Unauthorized" });
      return json(res, 401, openAIErrorBody(flavour, 401, "Invalid API Key", { type: "authentication_error" }));
    }

    switch (endpoint) {
      case "GET /health":
        if (stillLoading()) return json(res, 503, loadingBody);
        return health(res, flavour);
      case "GET /models":
        if (!options.modelsWhileLoading && stillLoading()) return json(res, 503, loadingBody);
        return json(res, 200, {
          object: "list",
          data: models.map((m) => ({
            id: m.id,
            object: "model",
            created: CREATED,
            owned_by: m.ownedBy ?? OWNED_BY[flavour],
            ...(m.meta ? { meta: m.meta } : {}),
          })),
        });
      case "POST /chat/completions":
        if (typeof request.body !== "object" || request.body === null) {
          return json(res, 400, openAIErrorBody(flavour, 400, "invalid JSON in request body"));
        }
        return handleChat(res, request);
      default:
        if (flavour === "lmstudio") return json(res, 200, { error: `Unexpected endpoint or method. (${method} ${path})` });
        res.writeHead(404, { "Content-Type": "text/plain" });
        return void res.end("404 page not found");
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: err instanceof Error ? err.message : String(err) } });
      else res.destroy();
    });
  });
  const url = await listenOnLoopback(server);

  return {
    url,
    requests,
    chats,
    waitForChat: (index = 0) => chatArrivals.waitFor(index),
    close() {
      closing = true;
      return closeServer(server);
    },
  };
}

function health(res: ServerResponse, flavour: OpenAIFlavour): void {
  switch (flavour) {
    case "llamacpp":
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
      return void res.end(JSON.stringify({ status: "ok" }));
    case "vllm":
    case "vllm-old":
      res.writeHead(200);
      return void res.end();
    case "lmstudio":
      // LM Studio has no /health: it answers unknown routes with 200 and an error object.
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
      return void res.end(JSON.stringify({ error: "Unexpected endpoint or method. (GET /health)" }));
    case "ollama":
      res.writeHead(404, { "Content-Type": "text/plain" });
      return void res.end("404 page not found");
  }
}

/** Streams one answer; returns how it ended, or null when the connection went away first. */
async function streamAnswer(
  res: ServerResponse,
  flavour: OpenAIFlavour,
  view: OpenAIChatView,
  reply: OpenAIReply,
  connectionGone: AbortSignal,
  exchange: OpenAIChatExchange,
  onStall: () => void,
): Promise<OpenAIChatOutcome | null> {
  const startedAt = performance.now();
  const pieces = reply.chunks ?? tokenLike(reply.text ?? DEFAULT_OPENAI_ANSWER);
  const reasoning = reply.reasoning ?? [];
  const failure = reply.failure;
  const id = `chatcmpl-${randomBytes(12).toString("base64url")}`;
  const model = reply.model ?? view.model;

  if (!(await pause(reply.firstChunkDelayMs, connectionGone))) return null;

  if (failure?.kind === "http") {
    const body = openAIErrorBody(failure.flavour ?? flavour, failure.status, failure.message, failure);
    res.writeHead(failure.status, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
    return "http_error";
  }

  // A long answer goes out only as fast as the client reads it; a client gone stops it.
  let open = true;
  const write = (block: string): Promise<boolean> => {
    // The status line waits for the first block, as llama.cpp waits for its first result.
    if (!res.headersSent) res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    exchange.sent.push(block);
    return writeFlowing(res, block, connectionGone).then((stillOpen) => (open &&= stillOpen));
  };
  let events = 0;
  const send = async (object: Record<string, unknown>): Promise<boolean> => {
    if (reply.pings && events > 0) await write(": ping\n\n");
    events += 1;
    exchange.chunks.push(object);
    return write(`data: ${JSON.stringify(object)}\n\n`);
  };
  const chunk = (choices: unknown[] | null | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id,
    object: "chat.completion.chunk",
    created: CREATED,
    model,
    system_fingerprint: FINGERPRINT,
    ...(choices === undefined ? {} : { choices }),
    usage: null,
    ...extra,
  });
  const delta = (d: Record<string, unknown>, finish: string | null = null): unknown[] => [
    { index: 0, delta: d, logprobs: null, finish_reason: finish },
  ];

  const failAt = failure ? Math.min(failure.afterChunks, pieces.length) : Infinity;
  for (let i = 0; i <= pieces.length; i++) {
    if (i === failAt && failure) return fail(res, flavour, failure, write, send, onStall);
    if (i === pieces.length) break;
    if (i === 0) {
      // llama.cpp opens with content:null next to the role; the others with "".
      await send(chunk(delta({ role: "assistant", content: flavour === "llamacpp" ? null : "" })));
      for (const r of reasoning) await send(chunk(delta({ reasoning_content: r })));
    } else if (!(await pause(reply.chunkDelayMs, connectionGone))) {
      return null;
    }
    if (!(await send(chunk(delta({ content: pieces[i] }))))) return null;
  }

  const timings = reply.timings ? timingsObject(reply.timings, view, pieces.length + reasoning.length, performance.now() - startedAt) : null;
  await send(chunk(delta({}, reply.finishReason ?? "stop"), timings ? { timings } : {}));
  const streamOptions = view.body.stream_options as { include_usage?: unknown } | undefined;
  if (streamOptions?.include_usage === true && reply.usage !== false) {
    const totals = reply.usage ?? { prompt_tokens: roughTokens(view), completion_tokens: pieces.length + reasoning.length };
    const choices = reply.usageChoices === "null" ? null : reply.usageChoices === "absent" ? undefined : [];
    await send(
      chunk(choices, {
        usage: { ...totals, total_tokens: totals.prompt_tokens + totals.completion_tokens },
        ...(timings ? { timings } : {}),
      }),
    );
  }
  await write(`data: [DONE]${reply.doneTerminator ?? "\n\n"}`);
  if (!open) return null;
  res.end();
  return "completed";
}

async function fail(
  res: ServerResponse,
  flavour: OpenAIFlavour,
  failure: Exclude<OpenAIFailure, { kind: "http" }>,
  write: (block: string) => Promise<boolean>,
  send: (object: Record<string, unknown>) => Promise<boolean>,
  onStall: () => void,
): Promise<OpenAIChatOutcome | null> {
  switch (failure.kind) {
    case "errorEvent":
      await send(openAIErrorBody(flavour, 500, failure.message, failure.type ? { type: failure.type } : {}));
      res.end();
      return "error_event";
    case "errorLine":
      // Old llama.cpp: server_sent_event(sink, "error", …) wrote the bare error object as an `error:` field.
      await write(`error: ${JSON.stringify({ code: 500, message: failure.message, type: failure.type ?? "server_error" })}\n\n`);
      await write("data: [DONE]\n\n");
      res.end();
      return "error_line";
    case "drop":
      // Before any chunk this is a crash during prompt processing: not even a status line.
      res.socket?.destroy();
      return "dropped";
    case "stall":
      onStall();
      return new Promise((resolve) => {
        if (res.destroyed) return resolve(null);
        res.on("close", () => resolve(null));
      });
  }
}

function timingsObject(t: LlamaTimings, view: OpenAIChatView, predictedN: number, elapsedMs: number): Record<string, unknown> {
  const promptN = t.promptN ?? roughTokens(view);
  const promptPerSecond = t.promptPerSecond ?? 900;
  const predictedPerSecond = t.predictedPerSecond ?? 42.5;
  const promptMs = (promptN / promptPerSecond) * 1000;
  const predictedMs = Math.max((predictedN / predictedPerSecond) * 1000, elapsedMs);
  return {
    cache_n: t.cacheN ?? 0,
    prompt_n: promptN,
    prompt_ms: promptMs,
    prompt_per_token_ms: promptN > 0 ? promptMs / promptN : 0,
    prompt_per_second: promptPerSecond,
    predicted_n: predictedN,
    predicted_ms: predictedMs,
    predicted_per_token_ms: predictedN > 0 ? 1000 / predictedPerSecond : 0,
    predicted_per_second: predictedPerSecond,
  };
}

/** About four characters a token, plus a few for each message's template wrapping. */
function roughTokens(view: OpenAIChatView): number {
  return view.messages.reduce((sum, m) => sum + 4 + Math.ceil((typeof m.content === "string" ? m.content.length : 0) / 4), 0);
}


