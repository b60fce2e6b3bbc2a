import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { HacoError, EXIT } from "../../domain/errors.js";
import { writeFileAtomic } from "../workspace/atomicWrite.js";
import { resolveInsideRepo } from "../workspace/repoPaths.js";
import { ensureQueueDirs, QUEUE_DIR } from "./queueLayout.js";
import { asFsProblem } from "../workspace/fsProblem.js";

/** What haco reports for one finished ticket, as `.haco/queue/done/<id>.json`. */
export interface QueueDoneResult {
  id: string;
  /** A `TicketStatus` (committed, applied, rejected, refused, failed, escalated). */
  status: string;
  /** The commit haco made for it, when it committed. */
  commit?: string;
  /** Why it ended as it did (refusals, test failures, the reviewer's note); empty when it simply passed. */
  reasons: string[];
  /** The last lines the tests printed. */
  testOutputTail: string[];
  /** The file the ticket came from (`.haco/queue/taken/plan.md`). */
  ticketFile?: string;
  /** The id the file gave the ticket, when haco had to rename it (see queueIds.ts). */
  originalId?: string;
  /** ISO 8601; a Date is written as one. */
  finishedAt: string | Date;
}

export interface QueueDoneRecord extends Omit<QueueDoneResult, "finishedAt"> {
  finishedAt: string;
}

/**
 * A ticket id as a file name: ids that follow the ticket id rules are kept as
 * they are; anything else has every character outside letters, digits, `.`,
 * `_`, `-` replaced by `_` and cannot start with a dot, so the name can never
 * climb out of done/ or hide.
 */
export function doneFileName(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\./, "_").slice(0, 128);
  if (safe === "") throw new HacoError("bad_ticket_id", "a queue result needs a ticket id; got an empty one", EXIT.badInput);
  return `${safe}.json`;
}

function record(result: QueueDoneResult): QueueDoneRecord {
  const finishedAt = result.finishedAt instanceof Date ? result.finishedAt.toISOString() : result.finishedAt;
  return {
    id: result.id,
    status: result.status,
    ...(result.commit !== undefined ? { commit: result.commit } : {}),
    reasons: [...result.reasons],
    testOutputTail: [...result.testOutputTail],
    ...(result.ticketFile !== undefined ? { ticketFile: result.ticketFile } : {}),
    ...(result.originalId !== undefined ? { originalId: result.originalId } : {}),
    finishedAt,
  };
}

/**
 * Writes a ticket's result atomically (a reader sees the whole file or none)
 * and returns the repository-relative path written. Refuses a done/ folder a
 * symlink leads out of the repository.
 */
export async function writeDoneResult(repoRoot: string, result: QueueDoneResult): Promise<string> {
  await ensureQueueDirs(repoRoot);
  const relative = `${QUEUE_DIR}/done/${doneFileName(result.id)}`;
  const inside = await resolveInsideRepo(repoRoot, relative);
  if (!inside.ok) throw new HacoError("unsafe_path", `${inside.reason}; haco writes queue results only inside the repository`, EXIT.badInput);
  await writeFileAtomic(inside.absolute, `${JSON.stringify(record(result), null, 2)}\n`);
  return relative;
}

/** The results in done/, by file name; a file that is not a result (hand-edited, foreign) is skipped. */
export async function readDoneResults(repoRoot: string): Promise<QueueDoneRecord[]> {
  const dir = path.join(repoRoot, ...QUEUE_DIR.split("/"), "done");
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".json") && !name.startsWith(".")).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw asFsProblem(err, { base: repoRoot });
  }
  const records: QueueDoneRecord[] = [];
  for (const name of names) {
    try {
      const value = JSON.parse(await readFile(path.join(dir, name), "utf8")) as unknown;
      if (isRecord(value)) records.push(value);
    } catch {
      // Not ours to judge: listing must not fail on a stray file.
    }
  }
  return records;
}

function isRecord(value: unknown): value is QueueDoneRecord {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && typeof v.status === "string" && Array.isArray(v.reasons) && Array.isArray(v.testOutputTail);
}

/** The ticket ids that already have a result: a queued ticket must not take one (it would overwrite it). */
export async function doneIds(repoRoot: string): Promise<string[]> {
  const dir = path.join(repoRoot, ...QUEUE_DIR.split("/"), "done");
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(".json") && !name.startsWith(".")).map((name) => name.slice(0, -".json".length));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw asFsProblem(err, { base: repoRoot });
  }
}
