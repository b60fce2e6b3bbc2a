import type { HacoEvent } from "./events.js";

/**
 * What a run log (`.haco/logs/*.jsonl`) holds, one JSON object a line: the
 * session's events, plus three records of the log's own that are not events
 * (the cockpit and `--json` never see them). Readers must skip types they do
 * not know: later versions may add some.
 */

/** The first line of every log file (a rotated file repeats it): which run the lines below belong to. */
export interface LogMetaRecord {
  type: "log.meta";
  run: string;
  /** The haco command that wrote it: "run", "cockpit", "demo"… */
  command: string;
  startedAt: string;
  version?: string;
}

/**
 * A draft's whole answer, in place of its `worker.token` events (which the log
 * does not keep, one line per token would bloat it). Written just before the
 * draft's `worker.done`; `partial` when the draft never finished (aborted,
 * failed, superseded) and the answer is what had arrived.
 */
export interface WorkerAnswerRecord {
  type: "worker.answer";
  ts: string;
  ticket: string;
  text: string;
  partial?: boolean;
}

/** The prompt a drafter was sent, recorded by the caller for audit. */
export interface PromptTextRecord {
  type: "prompt.text";
  ts: string;
  ticket: string;
  system: string;
  prompt: string;
}

export type LogRecord = HacoEvent | LogMetaRecord | WorkerAnswerRecord | PromptTextRecord;

export function isRecordObject(value: unknown): value is { type: string } & Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === "string";
}
