import type { DraftStats, VramReadout } from "../../domain/draftStats.js";

/**
 * What the session needs from a local model server. Ollama is the first
 * implementation; another backend (an OpenAI-compatible server) is one more
 * file implementing this, and the session never learns which one it talks to.
 * Every failure is a WorkerError (see workerError.ts).
 */

export interface GenerateRequest {
  model: string;
  system: string;
  prompt: string;
  /** Context window to run with; servers default to something smaller than haco's prompts need. */
  numCtx?: number;
  temperature?: number;
  numPredict?: number;
  /** Cancels the request at the server too, even while it is still loading the model. */
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  /**
   * The answer's size limit in UTF-8 bytes: once the answer passes it, the request is cut off at the
   * server and generate() rejects with `answer_too_large`. Undefined: no limit.
   */
  maxAnswerBytes?: number;
  /** No first chunk within this (model load included) → worker_stalled. 0 or Infinity disables it. */
  firstTokenTimeoutMs: number;
  /** No chunk for this long once streaming has begun → worker_stalled. 0 or Infinity disables it. */
  stallTimeoutMs: number;
}

export interface GenerateResult extends DraftStats {
  text: string;
}

export interface ModelInfo {
  /** The context length the model was trained with, or null when the server would not say. */
  contextLength: number | null;
}

export interface WorkerProvider {
  /** Which backend this is, e.g. "ollama". */
  readonly kind: string;
  /** The server's URL, as shown in messages. */
  readonly host: string;
  /** Fails fast, before any prompt is built, when the server is down or lacks the model. */
  preflight(model: string): Promise<ModelInfo>;
  generate(req: GenerateRequest): Promise<GenerateResult>;
  /** Best effort: null when the model is not loaded or the server cannot tell. Never throws. */
  vram(model: string): Promise<VramReadout | null>;
}
