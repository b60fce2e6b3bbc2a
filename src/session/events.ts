/**
 * The one event union of a haco session. The cockpit renders state derived
 * from these, `--json` prints them as NDJSON and the run log appends them, so
 * the three can never disagree. Add fields, never rename them: scripts parse
 * this stream.
 */

export type TicketStatus = "committed" | "applied" | "rejected" | "refused" | "failed";

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

export interface HunkSummary {
  id: string;
  header: string;
  added: number;
  removed: number;
}

interface Base<T extends string> {
  type: T;
  ts: string;
}

export type HacoEvent =
  | (Base<"run.start"> & { tickets: string[]; plan: string | null; model: string; host: string })
  | (Base<"ticket.start"> & { ticket: string; title: string; owner: string })
  | (Base<"prompt.built"> & {
      ticket: string;
      estimatedTokens: number;
      numCtx: number;
      contextLength: number | null;
      files: string[];
      omitted: string[];
    })
  | (Base<"worker.start"> & { ticket: string; model: string; host: string })
  | (Base<"worker.token"> & { ticket: string; text: string })
  | (Base<"worker.done"> & {
      ticket: string;
      model: string;
      tokens: number;
      tokensPerSec: number | null;
      ttftMs: number | null;
      totalMs: number;
      promptTokens: number | null;
      loadMs: number | null;
      doneReason: string | null;
      vram: VramReadout | null;
    })
  | (Base<"edit.proposed"> & { ticket: string; file: string; kind: "edit" | "create" | "delete"; hunks: HunkSummary[] })
  | (Base<"edit.refused"> & { ticket: string; file: string | null; reason: string; hunk?: number; code?: string })
  | (Base<"hunk.decision"> & { ticket: string; hunk: string; accepted: boolean })
  | (Base<"apply.done"> & { ticket: string; files: string[] })
  | (Base<"test.start"> & { ticket: string; command: string })
  | (Base<"test.output"> & { ticket: string; stream: "stdout" | "stderr"; line: string })
  | (Base<"test.done"> & { ticket: string; command: string; exitCode: number | null; durationMs: number; passed: boolean })
  | (Base<"rollback.done"> & { ticket: string; files: string[] })
  | (Base<"commit.done"> & { ticket: string; sha: string; message: string; files: string[] })
  | (Base<"ticket.done"> & { ticket: string; status: TicketStatus; reason?: string })
  | (Base<"run.done"> & { exitCode: number; statuses: Record<string, TicketStatus> })
  | (Base<"warning"> & { code: string; message: string; ticket?: string })
  | (Base<"error"> & { code: string; message: string; ticket?: string });

export type HacoEventType = HacoEvent["type"];

/** An event as a producer writes it: the session stamps `ts`. */
export type EventInput = HacoEvent extends infer E ? (E extends HacoEvent ? Omit<E, "ts"> : never) : never;

export type EventSink = (event: HacoEvent) => void;

export function stamp(event: EventInput, now: Date = new Date()): HacoEvent {
  return { ...event, ts: now.toISOString() } as HacoEvent;
}
