import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomicWrite.js";
import { processAlive } from "./processAlive.js";

/**
 * The shape of a ticket's rollback journal, `.haco/journal/<ticket>.json`.
 *
 * Each entry holds a file's bytes and mode from before haco wrote it (or that
 * it did not exist), and the SHA-256 of what haco then wrote there (null: haco
 * removed it). The hash is what lets a rollback tell haco's bytes from an edit
 * someone made since: only a file that is still exactly what haco wrote is
 * put back. Journals of older versions have no hash; they restore as before.
 *
 * `phase` records how far the ticket got: `applied` (the files are written),
 * `committing` (a commit object exists and haco may be moving HEAD and the
 * user's index), `committed` (HEAD and the index are done; only the journal
 * is left to remove). A crash leaves the phase for the next run, `haco
 * rollback` and `haco doctor` to read.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const OBJECT_ID = /^[0-9a-f]{40,64}$/;

export const journalEntrySchema = z
  .object({
    path: z.string().min(1),
    existed: z.boolean(),
    mode: z.number().int().min(0).max(0o7777).nullable(),
    contentBase64: z.string().regex(BASE64, "expected base64 text").nullable(),
    afterSha256: z.string().regex(SHA256, "expected a SHA-256 in hex").nullable().optional(),
  })
  .refine((entry) => !entry.existed || entry.contentBase64 !== null, {
    message: "existed is true but contentBase64 is null, so there is nothing to restore",
  });

export const journalCommitSchema = z.object({
  /** HEAD before the commit (null: an unborn branch). */
  parent: z.string().regex(OBJECT_ID).nullable(),
  sha: z.string().regex(OBJECT_ID),
  /** The inode of the index.lock haco creates, so that a stale lock is removed only when it is haco's own. */
  lockIno: z.number().int().nonnegative().nullable(),
});

export const journalPhaseSchema = z.enum(["applied", "committing", "committed"]);

export const journalFileSchema = z.object({
  ticket: z.string(),
  createdAt: z.string().optional(),
  /** The haco process writing it: a journal whose process is alive belongs to a run still going. */
  pid: z.number().int().positive().optional(),
  /**
   * When that process started (clock ticks since boot, from /proc/<pid>/stat): a process of the same
   * id that started at another time is not the writer (the id was reused, e.g. after a reboot).
   */
  pidStart: z.number().int().nonnegative().optional(),
  phase: journalPhaseSchema.optional(),
  commit: journalCommitSchema.optional(),
  entries: z.array(journalEntrySchema),
});

export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type JournalCommit = z.infer<typeof journalCommitSchema>;
export type JournalPhase = z.infer<typeof journalPhaseSchema>;
export type JournalDoc = z.infer<typeof journalFileSchema>;

export const JOURNAL_DIR = path.join(".haco", "journal");

/** `.haco/journal/<name>` as messages show it: relative to the repository, with forward slashes. */
export function shownJournal(journalName: string): string {
  return `.haco/journal/${journalName}`;
}

export function journalPath(repoRoot: string, journalName: string): string {
  return path.join(repoRoot, JOURNAL_DIR, journalName);
}

/** When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat); null where /proc cannot tell. */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces or ")": count from the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isInteger(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** True while the process that wrote the journal is still running (so it is not an interrupted run). */
export function writerAlive(doc: Pick<JournalDoc, "pid" | "pidStart">): boolean {
  if (!doc.pid || doc.pid === process.pid) return false;
  if (!processAlive(doc.pid)) return false;
  // The id may have been reused (after a reboot, or by a later process): the writer started when the journal says.
  if (doc.pidStart !== undefined) {
    const started = processStartTicks(doc.pid);
    if (started !== null && started !== doc.pidStart) return false;
  }
  // And where /proc tells, the process must be a haco (all an older haco's journal, with no start, can go by).
  try {
    // The program node runs (or the command itself) is haco's launcher: `haco`, `bin/haco.js`. A path that only
    // mentions haco (an editor on ~/src/haco/x, a test runner in a checkout named haco) is not a haco run.
    const args = readFileSync(`/proc/${doc.pid}/cmdline`, "utf8").split("\0").slice(0, 3);
    return args.some((arg) => /^haco(\.js)?$/.test(path.basename(arg)));
  } catch {
    return true;
  }
}

/** A journal file read back and checked, with its file name in .haco/journal/. */
export interface LoadedJournalDoc extends JournalDoc {
  name: string;
}

/** Rewrites a journal in place, atomically (what a rollback could not restore, a phase put back). */
export async function writeJournalDoc(repoRoot: string, journalName: string, doc: JournalDoc): Promise<void> {
  await writeFileAtomic(journalPath(repoRoot, journalName), JSON.stringify(doc, null, 1));
}
