/**
 * The one event union of a haco session. The cockpit renders state derived
 * from these, `--json` prints them as NDJSON and the run log appends them, so
 * the three can never disagree. Add fields, never rename them: scripts parse
 * this stream.
 */

import type { DraftStats, VramReadout } from "../draftStats.js";

export type TicketStatus = "committed" | "applied" | "rejected" | "refused" | "failed" | "escalated";

export type { VramReadout } from "../draftStats.js";

export type Drafter = "worker" | "supervisor";

export interface PlanSummary {
  id: string;
  title: string;
  owner: string;
  files: string[];
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
  /** `drafter` is "supervisor" when Claude drafts (a supervisor ticket, or one the worker failed). */
  | (Base<"worker.start"> & { ticket: string; model: string; host: string; drafter?: Drafter; endpoint?: string })
  /** A worker endpoint failed a draft: it is left alone for a while and the draft moves to another. */
  | (Base<"endpoint.down"> & { endpoint: string; reason: string; ticket?: string })
  /** With look-ahead, a later ticket's draft started while an earlier one is still under way. */
  | (Base<"draft.ahead"> & { ticket: string })
  | (Base<"worker.token"> & { ticket: string; text: string })
  | (Base<"worker.done"> & { ticket: string; vram: VramReadout | null } & DraftStats)
  | (Base<"edit.proposed"> & { ticket: string; file: string; kind: "edit" | "create" | "delete"; hunks: HunkSummary[] })
  | (Base<"edit.refused"> & { ticket: string; file: string | null; reason: string; hunk?: number; code?: string })
  /** `edited`: the reviewer rewrote the hunk (`e`) before accepting it. */
  | (Base<"hunk.decision"> & { ticket: string; hunk: string; accepted: boolean; edited?: boolean })
  | (Base<"apply.done"> & { ticket: string; files: string[] })
  | (Base<"test.start"> & { ticket: string; command: string })
  | (Base<"test.output"> & { ticket: string; stream: "stdout" | "stderr"; line: string })
  | (Base<"test.done"> & { ticket: string; command: string; exitCode: number | null; durationMs: number; passed: boolean })
  /** `files`: restored; `kept`: changed since haco wrote them, so left as they are (their pre-images stay in the journal). */
  | (Base<"rollback.done"> & { ticket: string; files: string[]; kept?: string[] })
  | (Base<"commit.done"> & { ticket: string; sha: string; message: string; files: string[] })
  | (Base<"ticket.done"> & { ticket: string; status: TicketStatus; reason?: string })
  /** The tests failed and the ticket is drafted again (attempt 2, 3…), with what failed in its prompt. */
  | (Base<"ticket.retry"> & { ticket: string; attempt: number; reason: string })
  /** `U` in the cockpit: haco's last commit was undone and its files restored. */
  | (Base<"commit.undone"> & { ticket: string; sha: string; files: string[] })
  /** The worker's drafts failed; the supervisor drafts the ticket next (same review → apply → test → commit). */
  | (Base<"ticket.escalated"> & { ticket: string; reason: string; to: Drafter })
  | (Base<"plan.start"> & { request: string; model: string })
  | (Base<"plan.progress"> & { tickets: number; titles: string[] })
  | (Base<"plan.done"> & { file: string | null; tickets: PlanSummary[]; flagged: { id: string; breaches: string[] }[] })
  /** Every call to the supervisor, with the API's own token counts. */
  | (Base<"supervisor.usage"> & { purpose: "plan" | "draft"; ticket?: string; model: string; inputTokens: number; outputTokens: number })
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
