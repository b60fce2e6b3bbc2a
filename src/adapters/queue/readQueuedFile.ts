import { lstat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { InputError } from "../../domain/errors.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import { loadTicketsFromFile } from "../tickets/loadTickets.js";

/**
 * Reading one file of the queue, and telling a file still being written
 * ("partial") from a bad one.
 *
 * Writers should publish atomically (write elsewhere, then rename into the
 * queue, as `haco queue add` does); then every file haco sees is complete.
 * For writers that do not, three rules, all from the file's own mtime and size
 * (no memory between polls, so a one-shot read behaves like the watcher):
 *
 * - a file modified less than `settleMs` ago is not read yet (`fresh`);
 * - a file whose mtime or size changed while it was read is read again on the
 *   next poll (`changing`);
 * - a file that does not parse is only rejected once it has stayed unchanged
 *   for `rejectAfterMs`: until then it is taken to be half-written
 *   (`partial`) and tried again on the next poll. A writer that pauses longer
 *   than that in the middle of a file gets it rejected; it can fix the file
 *   and queue it again. A half-written file that happens to parse (PLAN.md
 *   cut between two tickets) cannot be told from a whole one, which is why
 *   `settleMs` waits for the writing to stop first.
 */

export interface QueueTiming {
  /** A file modified less than this long ago is left for the next poll. */
  settleMs: number;
  /** A file that does not parse is rejected once unchanged for this long; before, it is retried. */
  rejectAfterMs: number;
  now: () => number;
}

export type QueuedRead =
  | { kind: "tickets"; tickets: LoadedTicket[] }
  | { kind: "bad"; error: InputError }
  | { kind: "wait"; why: "fresh" | "changing" | "partial" }
  | { kind: "gone" };

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    const info = await lstat(file);
    return info.isFile() ? info : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

const same = (a: Stats, b: Stats) => a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;

/** Reads `file` with the loader `haco run` uses; `display` is how its errors name the file. */
export async function readQueuedFile(file: string, display: string, timing: QueueTiming): Promise<QueuedRead> {
  const before = await statOrNull(file);
  if (!before) return { kind: "gone" };
  if (timing.now() - before.mtimeMs < timing.settleMs) return { kind: "wait", why: "fresh" };

  let read: QueuedRead;
  try {
    read = { kind: "tickets", tickets: await loadTicketsFromFile(file, display) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    read = { kind: "bad", error: err };
  }

  const after = await statOrNull(file);
  if (!after) return { kind: "gone" };
  if (!same(before, after)) return { kind: "wait", why: "changing" };
  if (read.kind === "bad" && timing.now() - after.mtimeMs < timing.rejectAfterMs) return { kind: "wait", why: "partial" };
  return read;
}
