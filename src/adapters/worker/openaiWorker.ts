import { setTimeout as sleep } from "node:timers/promises";
import { UsageError } from "../../domain/errors.js";
import {
  abortedError,
  httpError,
  midStreamError,
  parseErrorBody,
  serverPhrase,
  stalledError,
  stillLoadingError,
  unreachableError,
  type RequestPhase,
  type ServerErrorDetail,
  type ServerLabel,
} from "./openaiErrors.js";
import { AnswerAccumulator, createStreamReader, type StreamItem } from "./openaiStream.js";
import type { GenerateRequest, GenerateResult, ModelInfo, WorkerProvider } from "./provider.js";
import { WorkerError } from "./workerError.js";
import { isUnreachable } from "./networkErrors.js";
import { CallbackFailure, raceAbort, startWatchdog } from "./draftWatchdog.js";
import { parseModelList, servedModel } from "./openaiModels.js";
import { corruptLine, unknownField } from "./streamIntegrity.js";
import { AnswerLimit } from "./answerLimit.js";

export interface OpenAIWorkerOptions {
  /** The server's base URL, with or without a trailing `/v1`: `http://127.0.0.1:1234` and `…:1234/v1` are the same. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; nothing is sent without it. */
  apiKey?: string | undefined;
  /** The environment variable the key came from (worker.endpoints[].apiKeyEnv), named when the server rejects it. */
  apiKeyEnv?: string | undefined;
  /** The endpoint's name from the config, shown in messages next to the URL. */
  name?: string | undefined;
  /** Replaces the global fetch, e.g. one that goes through a proxy. */
  fetch?: typeof fetch;
  /** Limit for the quick calls (/v1/models, /health), so a server that never answers cannot hang preflight. */
  adminTimeoutMs?: number;
  /** How many times a 503 (llama.cpp's "Loading model") is retried before giving up. Default 5. */
  loadingRetries?: number;
  /** The wait between those retries. Default 2 s. */
  loadingRetryDelayMs?: number;
}

const DEFAULT_ADMIN_TIMEOUT_MS = 15_000;
const DEFAULT_LOADING_RETRIES = 5;
const DEFAULT_LOADING_RETRY_DELAY_MS = 2_000;

interface Context {
  label: ServerLabel;
  fetch: typeof fetch;
  headers: Record<string, string>;
  apiKeyGiven: boolean;
  apiKeyEnv: string | undefined;
  adminTimeoutMs: number;
  loadingRetries: number;
  loadingRetryDelayMs: number;
}

/**
 * The WorkerProvider for OpenAI-compatible servers: LM Studio, llama.cpp's
 * llama-server, vLLM (and Ollama's own /v1). It talks plain fetch + SSE, read
 * with eventsource-parser, to `<base>/v1/chat/completions` and `<base>/v1/models`.
 *
 * What these servers cannot do, and so haco does not ask: set the context
 * window per request (it is fixed when the model is loaded, so `numCtx` is not
 * sent), or report VRAM (`vram()` is always null).
 */
export function createOpenAIWorker(options: OpenAIWorkerOptions): WorkerProvider {
  const host = normalizeBaseUrl(options.baseUrl);
  const apiKey = options.apiKey?.trim() || undefined;
  const ctx: Context = {
    label: { host, name: options.name?.trim() || undefined },
    fetch: options.fetch ?? fetch,
    headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
    apiKeyGiven: apiKey !== undefined,
    apiKeyEnv: options.apiKeyEnv,
    adminTimeoutMs: options.adminTimeoutMs ?? DEFAULT_ADMIN_TIMEOUT_MS,
    loadingRetries: Math.max(0, options.loadingRetries ?? DEFAULT_LOADING_RETRIES),
    loadingRetryDelayMs: Math.max(0, options.loadingRetryDelayMs ?? DEFAULT_LOADING_RETRY_DELAY_MS),
  };
  return {
    kind: "openai",
    host,
    preflight: (model) => preflight(ctx, model),
    generate: (req) => generate(ctx, req),
    // OpenAI-compatible servers do not say where the model sits; the cockpit's nvidia-smi line still works.
    vram: () => Promise.resolve(null),
  };
}

/**
 * The base URL haco shows and builds request URLs from: a scheme added when
 * missing (`localhost:1234`), trailing slashes and one trailing `/v1` removed.
 * A URL that cannot be used is bad input (exit 2).
 */
export function normalizeBaseUrl(raw: string): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`worker endpoint URL "${raw}" is not a valid URL — write it like http://127.0.0.1:1234`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`worker endpoint URL "${raw}" must start with http:// or https://`);
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/i, "").replace(/\/+$/, "");
  return `${url.origin}${path}`;
}

function endpoint(ctx: Context, path: string): string {
  return `${ctx.label.host}${path}`;
}

// ---------------------------------------------------------------------------
// preflight

/** A 503 from a server that is up but still loading its model: worth another try. */
class StillLoading {
  constructor(readonly detail: ServerErrorDetail) {}
}

async function preflight(ctx: Context, model: string): Promise<ModelInfo> {
  const listing = await retryWhileLoading(ctx, () => listModels(ctx, model));
  const entries = parseModelList(listing);
  if (entries === null) {
    throw new WorkerError(
      "worker_unreachable",
      `${serverPhrase(ctx.label)} answered /v1/models with something that is not a model list — ` +
        `check the endpoint URL`,
    );
  }
  const ids = entries.map((entry) => entry.id);
  // The same decision doctor makes: a name the server would refuse at the first draft is refused here.
  const entry = servedModel(entries, model);
  if (!entry) {
    const lists = ids.length > 0 ? `it lists: ${ids.join(", ")}` : "it lists no models";
    throw new WorkerError(
      "model_missing",
      `model ${model} is not available at ${ctx.label.host} — load it in the server (${lists})`,
    );
  }
  // Newer llama.cpp answers /v1/models while still loading; /health says whether it is ready.
  await retryWhileLoading(ctx, () => checkHealth(ctx));
  return { contextLength: trainedContext(entry.raw) };
}

async function listModels(ctx: Context, model: string): Promise<unknown> {
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(endpoint(ctx, "/v1/models"), {
      headers: ctx.headers,
      signal: AbortSignal.timeout(ctx.adminTimeoutMs),
    });
    text = await res.text();
  } catch (err) {
    throw unreachableError(ctx.label, err);
  }
  if (res.status === 503) throw new StillLoading(parseErrorBody(text, res.status));
  if (!res.ok) throw httpFailure(ctx, res.status, text, model, "preflight");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Best effort: only a 503 means something (loading); vLLM answers 200, LM Studio and Ollama have no /health. */
async function checkHealth(ctx: Context): Promise<void> {
  try {
    const res = await ctx.fetch(endpoint(ctx, "/health"), {
      headers: ctx.headers,
      signal: AbortSignal.timeout(ctx.adminTimeoutMs),
    });
    const text = await res.text();
    if (res.status === 503) throw new StillLoading(parseErrorBody(text, res.status));
  } catch (err) {
    if (err instanceof StillLoading) throw err;
  }
}

async function retryWhileLoading<T>(ctx: Context, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof StillLoading)) throw err;
      if (tries > ctx.loadingRetries) throw stillLoadingError(ctx.label, err.detail, tries);
      await sleep(ctx.loadingRetryDelayMs);
    }
  }
}

/** llama.cpp adds `meta.n_ctx_train` to its one model; the others do not say. */
function trainedContext(entry: Record<string, unknown>): number | null {
  const meta = entry.meta as { n_ctx_train?: unknown } | null | undefined;
  const value = meta?.n_ctx_train;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : null;
}

// ---------------------------------------------------------------------------
// generate



/**
 * One streamed answer. The stall watchdog: the first-token wait runs from the
 * request (retries of a 503 "Loading model" included) until the model
 * produces its first token; after that, the between-tokens wait restarts with
 * every chunk that carries generated tokens or the finish. Reasoning tokens
 * count as progress (a reasoning model may think for minutes before its first
 * word of answer, and it is working, not stalled) but are not the answer and
 * do not stop the time-to-first-token clock. SSE comments (llama.cpp's pings)
 * are not progress: a server can ping forever around a stuck model.
 */
async function generate(ctx: Context, req: GenerateRequest): Promise<GenerateResult> {
  if (req.signal?.aborted) throw abortedError(ctx.label);

  const dog = startWatchdog(req.signal);
  const { aborted, watch } = dog;

  /** A failure of the network or of a wait, as the WorkerError it really is. */
  const failure = (err: unknown, phase: "connect" | "stream"): WorkerError => {
    const cause = dog.cause();
    if (cause?.kind === "stall") return stalledError(ctx.label, cause.phase, cause.timeoutMs);
    if (cause?.kind === "caller") return abortedError(ctx.label);
    if (err instanceof WorkerError) return err;
    if (phase === "connect" && err instanceof TypeError && isUnreachable(err)) {
      return unreachableError(ctx.label, err);
    }
    const when = phase === "connect" ? "before the answer began" : "before the answer was complete";
    return new WorkerError("worker_error", `the connection to ${serverPhrase(ctx.label)} dropped ${when}`, {
      cause: err,
    });
  };

  const startedAt = performance.now();
  const answer = new AnswerAccumulator();
  let ttftMs: number | null = null;
  let firstGeneratedAt: number | null = null;
  let lastGeneratedAt: number | null = null;
  let sawDone = false;
  /** Data events read so far, to say which one was damaged. */
  let events = 0;
  const limit = new AnswerLimit(req.maxAnswerBytes, serverPhrase(ctx.label));
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  const take = (item: StreamItem): void => {
    switch (item.kind) {
      case "done":
        sawDone = true;
        return;
      case "error":
        throw midStreamError(ctx.label, item.detail);
      case "garbage":
        throw corruptLine(serverPhrase(ctx.label), `event ${events + 1}`, item.data);
      case "unknownField":
        throw unknownField(serverPhrase(ctx.label), item.line);
      case "chunk": {
        events += 1;
        const { content, generated } = answer.take(item.chunk);
        const now = performance.now();
        if (generated) {
          firstGeneratedAt ??= now;
          lastGeneratedAt = now;
        }
        if (generated || answer.finishReason !== null) watch("between_tokens", req.stallTimeoutMs);
        if (content === "") return;
        limit.take(content);
        ttftMs ??= now - startedAt;
        try {
          req.onToken?.(content);
        } catch (err) {
          throw new CallbackFailure(err);
        }
      }
    }
  };

  try {
    watch("first_token", req.firstTokenTimeoutMs);
    const res = await openStream(ctx, req, dog.signal, aborted, failure);
    const body = res.body;
    if (!body) throw failure(new TypeError("response without a body"), "stream");
    reader = body.getReader();
    const decoder = new TextDecoder();
    const items: StreamItem[] = [];
    const stream = createStreamReader((item) => items.push(item));

    while (!sawDone) {
      const next = await raceAbort(reader.read(), aborted).catch((err: unknown) => {
        throw failure(err, "stream");
      });
      if (next.done) {
        stream.feed(decoder.decode());
        stream.end();
      } else {
        stream.feed(decoder.decode(next.value, { stream: true }));
      }
      for (const item of items.splice(0)) {
        take(item);
        if (sawDone) break;
      }
      if (next.done) break;
    }
  } catch (err) {
    if (err instanceof CallbackFailure) throw err.error;
    throw failure(err, "stream");
  } finally {
    // Stopping at [DONE] or on an error must not leave the server generating: hang up.
    reader?.cancel().catch(() => {});
    dog.dispose();
  }

  // The usage chunk and [DONE] are missing when a stream is cut short, but a finish_reason means the answer is whole.
  if (!sawDone && answer.finishReason === null) {
    throw new WorkerError(
      "worker_error",
      `${serverPhrase(ctx.label)} ended the answer before it was complete (no finish_reason, no [DONE])`,
    );
  }
  const tokens = answer.tokens;
  return {
    text: answer.text,
    model: answer.model ?? req.model,
    tokens,
    tokensPerSec: answer.serverTokensPerSec ?? measuredRate(tokens, firstGeneratedAt, lastGeneratedAt),
    ttftMs,
    totalMs: performance.now() - startedAt,
    promptTokens: answer.prompt,
    loadMs: null,
    doneReason: answer.finishReason,
  };
}

/**
 * POSTs the request and returns a 200 streaming response. A 503 (a model
 * still loading) is retried like in preflight; any other error status, or a
 * 200 that is not a stream, becomes a WorkerError.
 */
async function openStream(
  ctx: Context,
  req: GenerateRequest,
  signal: AbortSignal,
  aborted: Promise<never>,
  failure: (err: unknown, phase: "connect" | "stream") => WorkerError,
): Promise<Response> {
  const body = JSON.stringify(requestBody(req));
  for (let tries = 1; ; tries++) {
    let res: Response;
    let text: string | null = null;
    try {
      res = await raceAbort(
        ctx.fetch(endpoint(ctx, "/v1/chat/completions"), {
          method: "POST",
          headers: { ...ctx.headers, "Content-Type": "application/json", Accept: "text/event-stream" },
          body,
          signal,
        }),
        aborted,
      );
      if (res.ok && isEventStream(res)) return res;
      text = await raceAbort(res.text(), aborted);
    } catch (err) {
      throw failure(err, "connect");
    }
    if (res.status === 503 && tries <= ctx.loadingRetries) {
      try {
        await raceAbort(sleep(ctx.loadingRetryDelayMs, undefined, { signal }), aborted);
      } catch (err) {
        throw failure(err, "connect");
      }
      continue;
    }
    if (!res.ok) throw httpFailure(ctx, res.status, text, req.model, "generate");
    // A 200 that is not a stream: maybe an error object, maybe a server that ignored stream:true.
    const detail = parseErrorBody(text, res.status);
    throw new WorkerError(
      "worker_error",
      `${serverPhrase(ctx.label)} answered with ${res.headers.get("content-type") ?? "no content type"} ` +
        `instead of an event stream: ${detail.message}`,
    );
  }
}

function requestBody(req: GenerateRequest): Record<string, unknown> {
  // An empty system message would still replace whatever the server's chat template puts there.
  const messages = [
    ...(req.system ? [{ role: "system", content: req.system }] : []),
    { role: "user", content: req.prompt },
  ];
  const body: Record<string, unknown> = {
    model: req.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (req.numPredict !== undefined) body.max_tokens = req.numPredict;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  return body;
}

function httpFailure(ctx: Context, status: number, text: string, model: string, phase: RequestPhase): WorkerError {
  return httpError(status, parseErrorBody(text, status), {
    label: ctx.label,
    model,
    phase,
    apiKeyGiven: ctx.apiKeyGiven,
    apiKeyEnv: ctx.apiKeyEnv,
  });
}

function isEventStream(res: Response): boolean {
  const type = res.headers.get("content-type");
  // No content type at all: read it as SSE rather than refuse an odd but working server.
  return type === null || /text\/event-stream/i.test(type);
}

/**
 * Tokens a second measured by haco when the server did not say: the tokens
 * after the first over the time from the first generated token to the last.
 * Null when there is nothing to divide (one token, or all in one read).
 */
function measuredRate(tokens: number, first: number | null, last: number | null): number | null {
  if (first === null || last === null || tokens < 2) return null;
  const seconds = (last - first) / 1000;
  return seconds > 0 ? (tokens - 1) / seconds : null;
}


