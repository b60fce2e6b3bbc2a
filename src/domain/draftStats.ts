/**
 * The figures of one worker draft, shared by the worker adapters (which
 * measure them), the session's `worker.done` event and the cockpit (which
 * shows them), so the three cannot drift apart.
 */

export interface DraftStats {
  model: string;
  /** eval_count of the final chunk; the number of content chunks when the server leaves it out. */
  tokens: number;
  /** eval_count / eval_duration × 1e9 as the server measured it, not haco's wall clock. */
  tokensPerSec: number | null;
  /** Request start → first non-empty content, measured by haco (includes model load). */
  ttftMs: number | null;
  totalMs: number;
  promptTokens: number | null;
  loadMs: number | null;
  /** "stop", "length", …; "length" means the answer was cut off by numPredict or the context. */
  doneReason: string | null;
}

export interface VramReadout {
  /** Resident size of the model in bytes (weights + KV cache + graph), from /api/ps. */
  size: number;
  /** Part of `size` held in GPU memory, in bytes. */
  sizeVram: number;
  /** Share on the GPU, 0–100, or null when Ollama's numbers make it unknown. */
  gpuPercent: number | null;
  /** The label `ollama ps` would print: "100% GPU", "100% CPU", "25%/75% CPU/GPU" or "Unknown". */
  processor: string;
  /** Effective context window the model runs with. */
  contextLength: number | null;
}
