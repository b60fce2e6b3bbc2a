import { WorkerError, type StallPhase } from "./workerError.js";

/**
 * How OpenAI-compatible servers say what went wrong (PROTOCOLS.md §3), and
 * the messages haco turns that into. Every server speaks a slightly
 * different dialect of the same idea, so the body is read by shape, not by
 * which server sent it.
 */

export interface ServerErrorDetail {
  message: string;
  /** "invalid_request_error", "exceed_context_size_error", "NotFoundError", …; null when absent. */
  type: string | null;
  /** 400, "model_not_found", …; null when absent. */
  code: string | number | null;
}

/** Who the messages are about: the URL, and the endpoint's name when the config gave one. */
export interface ServerLabel {
  host: string;
  name?: string | undefined;
}

export function serverPhrase(label: ServerLabel): string {
  return label.name
    ? `the OpenAI-compatible server "${label.name}" at ${label.host}`
    : `the OpenAI-compatible server at ${label.host}`;
}

/**
 * The error in a parsed JSON value, whatever the dialect:
 * - `{"error":{"message","type","code"}}` — llama.cpp, LM Studio, vLLM, Ollama's /v1;
 * - `{"error":"text"}` — Ollama's native API, LM Studio's unknown-endpoint answer;
 * - `{"object":"error","message",…}` — older vLLM;
 * - `{"code","message","type"}` — the bare object of old llama.cpp's `error:` SSE line.
 */
export function errorDetailFrom(value: unknown): ServerErrorDetail | null {
  if (!isRecord(value)) return null;
  const { error } = value;
  if (isRecord(error)) return detailOf(error);
  if (typeof error === "string" && error.trim() !== "") return { message: error, type: null, code: null };
  if (value.object === "error" || (typeof value.message === "string" && ("type" in value || "code" in value))) {
    return detailOf(value);
  }
  return null;
}

/** An HTTP error body: JSON in one of the dialects above, or whatever text the server (or a proxy) sent. */
export function parseErrorBody(text: string, status: number): ServerErrorDetail {
  try {
    const detail = errorDetailFrom(JSON.parse(text) as unknown);
    if (detail) return detail;
  } catch {
    // Not JSON: a proxy's HTML page, "404 page not found", …
  }
  const trimmed = oneLine(text);
  return { message: trimmed || `HTTP ${status}`, type: null, code: null };
}

export type RequestPhase = "preflight" | "generate";

export interface HttpErrorContext {
  label: ServerLabel;
  model: string;
  phase: RequestPhase;
  apiKeyGiven: boolean;
  apiKeyEnv?: string | undefined;
}

/**
 * An HTTP error status as a WorkerError a user can act on. Exit 3
 * (worker_unreachable / model_missing) where nothing about the ticket would
 * help: a missing model, a rejected key, a server still loading; exit 1
 * (worker_error) where this ticket's request was the problem.
 */
export function httpError(status: number, detail: ServerErrorDetail, ctx: HttpErrorContext): WorkerError {
  const server = serverPhrase(ctx.label);
  const said = `HTTP ${status}: ${detail.message}`;
  const type = (detail.type ?? "").toLowerCase();

  if (status === 401 || status === 403 || type === "authentication_error" || type === "permission_error") {
    return new WorkerError("worker_unreachable", authMessage(server, said, ctx));
  }
  if (isModelMissing(status, detail, type)) {
    if (ctx.phase === "preflight") {
      return new WorkerError(
        "worker_unreachable",
        `${server} has no OpenAI-compatible API there (${said}) — check the endpoint URL; requests go to <url>/v1/…`,
      );
    }
    return new WorkerError(
      "model_missing",
      `model ${ctx.model} is not available at ${ctx.label.host} — load it in the server (it said: ${detail.message})`,
    );
  }
  if (isContextOverflow(detail, type)) {
    return new WorkerError(
      "worker_error",
      `the prompt does not fit the context ${server} runs with (${said}) — split the ticket into smaller ones, ` +
        `or restart the server with a bigger context (llama-server -c, LM Studio's context length, vLLM --max-model-len)`,
    );
  }
  if (status === 503 || type === "unavailable_error") {
    return new WorkerError(
      "worker_unreachable",
      `${server} is still loading its model or is unavailable (${said}) — wait until it is ready and run again`,
    );
  }
  return new WorkerError("worker_error", `${server} answered ${said}`);
}

function authMessage(server: string, said: string, ctx: HttpErrorContext): string {
  if (ctx.apiKeyGiven) {
    const where = ctx.apiKeyEnv
      ? `the key in $${ctx.apiKeyEnv} (worker.endpoints[].apiKeyEnv)`
      : "the key in the variable that worker.endpoints[].apiKeyEnv names";
    return `${server} rejected the API key (${said}) — check ${where}`;
  }
  return (
    `${server} wants an API key (${said}) — put the key in an environment variable and name that variable ` +
    `in worker.endpoints[].apiKeyEnv in .haco/config.yaml`
  );
}

function isModelMissing(status: number, detail: ServerErrorDetail, type: string): boolean {
  return status === 404 || detail.code === "model_not_found" || type === "not_found_error" || type === "notfounderror";
}

/** llama.cpp names the type; vLLM and LM Studio only say it in words. */
function isContextOverflow(detail: ServerErrorDetail, type: string): boolean {
  if (type === "exceed_context_size_error") return true;
  return /context (length|size|window)|maximum context|exceeds? the (available )?context/i.test(detail.message);
}

export function unreachableError(label: ServerLabel, cause?: unknown): WorkerError {
  return new WorkerError(
    "worker_unreachable",
    `cannot reach ${serverPhrase(label)} — is it running (LM Studio, llama-server, vLLM)?`,
    { cause },
  );
}

export function stillLoadingError(label: ServerLabel, detail: ServerErrorDetail, tries: number): WorkerError {
  return new WorkerError(
    "worker_unreachable",
    `${serverPhrase(label)} was still loading its model after ${tries} tries (HTTP 503: ${detail.message}) — ` +
      `wait until it has finished loading and run again`,
  );
}

export function stalledError(label: ServerLabel, phase: StallPhase, timeoutMs: number): WorkerError {
  const server = serverPhrase(label);
  const seconds = formatSeconds(timeoutMs);
  const message =
    phase === "first_token"
      ? `no token from ${server} after ${seconds} (this wait includes loading the model) — ` +
        `raise worker.firstTokenTimeoutMs in .haco/config.yaml if the model needs longer to start`
      : `${server} sent no token for ${seconds} in the middle of an answer — ` +
        `raise worker.stallTimeoutMs in .haco/config.yaml if the model is just slow`;
  return new WorkerError("worker_stalled", message);
}

export function abortedError(label: ServerLabel): WorkerError {
  return new WorkerError("worker_aborted", `the request to ${serverPhrase(label)} was cancelled`);
}

export function midStreamError(label: ServerLabel, detail: ServerErrorDetail): WorkerError {
  return new WorkerError("worker_error", `${serverPhrase(label)} reported an error mid-answer: ${detail.message}`);
}

/** Keeps messages to one readable line: a proxy's HTML page must not flood the terminal. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function detailOf(record: Record<string, unknown>): ServerErrorDetail {
  const message = typeof record.message === "string" && record.message.trim() !== "" ? record.message : JSON.stringify(record);
  const type = typeof record.type === "string" ? record.type : null;
  const code = typeof record.code === "string" || typeof record.code === "number" ? record.code : null;
  return { message: oneLine(message), type, code };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "0.2s", "1.5s", "300s", as workerError.ts writes them. */
function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))}s`;
}
