import { EXIT, HacoError } from "../../domain/errors.js";

export type WorkerErrorCode =
  | "worker_unreachable"
  | "model_missing"
  | "worker_stalled"
  | "worker_error"
  | "worker_aborted"
  /** The stream had a line that did not parse, or more chunks than the server generated: the answer is not what the model wrote. */
  | "stream_corrupt"
  /** The answer passed maxAnswerBytes while streaming; the request was cut off there. */
  | "answer_too_large";

/** Which wait ran out: they are separate settings because a cold model load can take minutes. */
export type StallPhase = "first_token" | "between_tokens";

/**
 * A failure of the local worker. Unreachable and missing-model are exit 3
 * because nothing the ticket could change would fix them; the rest fail only
 * the ticket at hand.
 */
export class WorkerError extends HacoError {
  declare readonly code: WorkerErrorCode;

  constructor(code: WorkerErrorCode, message: string, options?: { cause?: unknown }) {
    const unavailable = code === "worker_unreachable" || code === "model_missing";
    super(code, message, unavailable ? EXIT.workerUnavailable : EXIT.ticketFailed);
    this.name = "WorkerError";
    if (options && "cause" in options) this.cause = options.cause;
  }

  static unreachable(host: string, cause?: unknown): WorkerError {
    return new WorkerError("worker_unreachable", `cannot reach Ollama at ${host} — is 'ollama serve' running?`, {
      cause,
    });
  }

  static modelMissing(model: string, host: string): WorkerError {
    return new WorkerError(
      "model_missing",
      `model ${model} is not available at ${host} — run 'ollama pull ${model}'`,
    );
  }

  static stalled(host: string, phase: StallPhase, timeoutMs: number): WorkerError {
    const seconds = formatSeconds(timeoutMs);
    const message =
      phase === "first_token"
        ? `no token from Ollama at ${host} after ${seconds} (this wait includes loading the model) — ` +
          `raise worker.firstTokenTimeoutMs in .haco/config.yaml if the model needs longer to start`
        : `Ollama at ${host} sent no token for ${seconds} in the middle of an answer — ` +
          `raise worker.stallTimeoutMs in .haco/config.yaml if the model is just slow`;
    return new WorkerError("worker_stalled", message);
  }

  static failed(message: string, cause?: unknown): WorkerError {
    return new WorkerError("worker_error", message, { cause });
  }

  static aborted(host: string): WorkerError {
    return new WorkerError("worker_aborted", `the request to Ollama at ${host} was cancelled`);
  }
}

export function isWorkerError(err: unknown, code?: WorkerErrorCode): err is WorkerError {
  return err instanceof WorkerError && (code === undefined || err.code === code);
}

/** "0.2s", "1.5s", "300s": precise enough to match the setting the user wrote. */
function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))}s`;
}
