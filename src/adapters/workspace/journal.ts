import { constants } from "node:fs";
import { lstat, mkdir, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { EXIT, HacoError, InputError } from "../../domain/errors.js";
import { normalizeRepoPath } from "../../domain/edits/index.js";
import { formatFieldPath } from "../../domain/tickets/fieldPath.js";
import { problemsFromZod, REPORT_INPUT } from "../../domain/tickets/zodProblems.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { pathExists } from "./createExclusive.js";
import { resolveInsideRepo } from "./repoPaths.js";
import {
  JOURNAL_DIR,
  journalFileSchema,
  journalPath,
  processStartTicks,
  shownJournal,
  writerAlive,
  type JournalCommit,
  type JournalDoc,
  type JournalEntry,
  type JournalPhase,
  type LoadedJournalDoc,
  writeJournalDoc,
} from "./journalFile.js";
import { keptMessage, restoreEntries, sha256, type RestoreResult } from "./journalRestore.js";
import { finishInterruptedCommit, landedMessage } from "./commitRecovery.js";
import { removeStrayTempFiles, removeTempFilesBeside } from "./strayTempFiles.js";

/**
 * The rollback journal of one ticket. Before haco writes a file it records the
 * file's exact bytes and mode (or that it did not exist), and the hash of
 * what it is about to write, in `.haco/journal/<ticket>.json`, flushed to
 * disk first (its shape: journalFile.ts); rolling back restores byte for byte
 * every file still as haco wrote it, and never one changed since. If haco
 * dies half-way, the journal is still there for the next run to restore
 * from — and until it is rolled back (or deleted) that ticket may not run
 * again, since its run would overwrite the journal.
 */

export { JOURNAL_DIR } from "./journalFile.js";

/** This process's start, recorded with its pid so that a reused pid is never taken for the writer. */
const OWN_START = processStartTicks(process.pid);
export type { RestoreResult, KeptFile } from "./journalRestore.js";

export class Journal {
  /** Every journal of this process not yet rolled back or discarded: what a forced stop must put right. */
  private static readonly live = new Set<Journal>();
  /** Set by a forced stop: no write may begin any more. */
  private static stopping = false;
  private readonly entries = new Map<string, JournalEntry>();
  private readonly writing = new Set<Promise<void>>();
  private phase: JournalPhase = "applied";
  /** From the first markCommitting to markApplied, markCommitted or discard: HEAD may be moving (git update-ref is under way). */
  private commitSection: { done: Promise<void>; settle: () => void } | null = null;
  private commit: JournalCommit | undefined;
  private readonly createdAt = new Date().toISOString();

  private constructor(
    private readonly repoRoot: string,
    private readonly ticket: string,
  ) {}

  /** Refuses when the ticket's journal is already there: it holds an interrupted run's pre-images, which writing would lose. */
  static async open(repoRoot: string, ticket: string): Promise<Journal> {
    if (await hasPendingJournal(repoRoot, ticket)) throw new HacoError("pending_journal", pendingJournalMessage(ticket), EXIT.badInput);
    await ensureHacoScratchIgnored(repoRoot);
    await mkdir(path.join(repoRoot, JOURNAL_DIR), { recursive: true });
    const journal = new Journal(repoRoot, ticket);
    Journal.live.add(journal);
    return journal;
  }

  /**
   * Writes files (null: removes one), their pre-images journalled first, in
   * one journal write for all of them. A forced stop waits for writes under
   * way and lets no new one begin.
   */
  async write(relative: string, after: string | Buffer | null): Promise<void> {
    await this.writeAll([{ path: relative, after }]);
  }

  async writeAll(files: readonly { path: string; after: string | Buffer | null }[]): Promise<void> {
    const stopped = (relative: string) => new HacoError("interrupted", `haco is stopping, so ${relative} was not written`, EXIT.ticketFailed);
    if (Journal.stopping) throw stopped(files[0]?.path ?? "nothing");
    const write = (async () => {
      await this.recordAll(files);
      for (const file of files) {
        if (Journal.stopping) throw stopped(file.path);
        const absolute = path.join(this.repoRoot, file.path);
        if (file.after === null) {
          await rm(absolute, { force: true });
        } else {
          await mkdir(path.dirname(absolute), { recursive: true });
          await writeFileAtomic(absolute, file.after);
        }
      }
    })();
    this.writing.add(write);
    try {
      await write;
    } finally {
      this.writing.delete(write);
    }
  }

  /**
   * A forced stop (a signal the run did not wind down from in time): lets the
   * writes under way finish, starts no more, then puts right every journal of
   * this process — a landed commit is finished, anything else rolled back
   * (files changed since are kept). Returns what was done, as sentences.
   */
  static async stopAll(onWait?: (line: string) => void): Promise<string[]> {
    Journal.stopping = true;
    const said: string[] = [];
    for (const journal of [...Journal.live]) {
      await Promise.allSettled([...journal.writing]);
      // Whether HEAD moved is known only once git update-ref is done: deciding before could roll the
      // files back under a commit that lands a moment later. The section is a few git plumbing commands.
      if (journal.commitSection) {
        onWait?.(`${journal.ticket}: finishing the commit under way before stopping`);
        await journal.commitSection.done;
      }
      if (!Journal.live.has(journal)) continue;
      said.push(await journal.putRight());
    }
    return said;
  }

  private async putRight(): Promise<string> {
    if (this.phase !== "applied" && this.commit) {
      const finished = await finishInterruptedCommit(this.repoRoot, { ...this.doc(), name: `${this.ticket}.json` });
      if (finished) {
        Journal.live.delete(this);
        return landedMessage(this.ticket, finished.sha, finished.indexUpdated, finished.rewritten);
      }
    }
    const result = await this.rollback();
    const restored = `${this.ticket}: restored ${result.restored.length > 0 ? result.restored.join(", ") : "nothing"}`;
    return result.kept.length > 0 ? `${restored}; ${keptMessage(this.ticket, result.kept, shownJournal(`${this.ticket}.json`))}` : restored;
  }

  get file(): string {
    return journalPath(this.repoRoot, `${this.ticket}.json`);
  }

  /**
   * Records a file's pre-image and the bytes haco is about to write there
   * (null: it removes the file); must run before the write. Only a regular
   * file (or nothing) can be journalled: anything else is refused by name.
   */
  async record(relative: string, after: string | Buffer | null): Promise<void> {
    await this.recordAll([{ path: relative, after }]);
  }

  /** `record` for many files, with one write of the journal. */
  async recordAll(files: readonly { path: string; after: string | Buffer | null }[]): Promise<void> {
    const fresh = files.filter((file) => !this.entries.has(file.path));
    if (fresh.length === 0) return;
    for (const file of fresh) this.entries.set(file.path, await preImage(this.repoRoot, file.path, file.after));
    await this.save();
  }

  get paths(): string[] {
    return [...this.entries.keys()];
  }

  /** The commit object exists; HEAD and the user's index are about to move. */
  async markCommitting(commit: JournalCommit): Promise<void> {
    if (!this.commitSection) {
      let settle!: () => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.commitSection = { done, settle };
    }
    this.phase = "committing";
    this.commit = commit;
    await this.save();
  }

  /** The commit did not happen after all (a lock, HEAD moved): the files are applied, as before. */
  async markApplied(): Promise<void> {
    try {
      if (this.phase === "applied") return;
      this.phase = "applied";
      this.commit = undefined;
      await this.save();
    } finally {
      this.settleCommit();
    }
  }

  /** HEAD and the user's index are done; only removing the journal is left. */
  async markCommitted(): Promise<void> {
    try {
      this.phase = "committed";
      await this.save();
    } finally {
      this.settleCommit();
    }
  }

  private settleCommit(): void {
    this.commitSection?.settle();
    this.commitSection = null;
  }

  /**
   * Puts back every recorded file that is still as haco wrote it; files
   * changed since are kept and reported, and the journal goes on holding
   * their pre-images (it is removed only when nothing is left in it).
   */
  async rollback(): Promise<RestoreResult> {
    const result = await restoreEntries(this.repoRoot, [...this.entries.values()]);
    await removeTempFilesBeside(this.repoRoot, this.paths);
    this.entries.clear();
    if (result.keptEntries.length === 0) {
      Journal.live.delete(this);
      await rm(this.file, { force: true });
    } else {
      for (const entry of result.keptEntries) this.entries.set(entry.path, entry);
      this.phase = "applied";
      this.commit = undefined;
      await this.save();
    }
    return result;
  }

  /** The writes are final (committed or kept): the pre-images are no longer needed. */
  async discard(): Promise<void> {
    this.settleCommit();
    Journal.live.delete(this);
    this.entries.clear();
    await rm(this.file, { force: true });
  }

  private doc(): JournalDoc {
    return {
      ticket: this.ticket,
      createdAt: this.createdAt,
      pid: process.pid,
      ...(OWN_START !== null ? { pidStart: OWN_START } : {}),
      phase: this.phase,
      ...(this.commit ? { commit: this.commit } : {}),
      entries: [...this.entries.values()],
    };
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(this.doc(), null, 1));
  }
}

// O_NOFOLLOW and O_NONBLOCK: a path that became a link or a FIFO since it was checked fails or returns at once.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** A file's journal entry: its bytes and mode now (or that it is absent), and the hash of what haco will write. */
async function preImage(repoRoot: string, relative: string, after: string | Buffer | null): Promise<JournalEntry> {
  const afterSha256 = after === null ? null : sha256(after);
  const notRegular = () => new HacoError("not_a_regular_file", `${relative} is not a regular file, so haco will not write it — nothing was written`, EXIT.ticketFailed);
  let handle;
  try {
    handle = await open(path.join(repoRoot, relative), READ_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { path: relative, existed: false, mode: null, contentBase64: null, afterSha256 };
    if (code === "ELOOP") throw notRegular();
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular();
    const bytes = await handle.readFile();
    return { path: relative, existed: true, mode: info.mode & 0o7777, contentBase64: bytes.toString("base64"), afterSha256 };
  } finally {
    await handle.close();
  }
}

/** True when an interrupted run of this ticket left its journal behind. */
export async function hasPendingJournal(repoRoot: string, ticket: string): Promise<boolean> {
  return pathExists(journalPath(repoRoot, `${ticket}.json`));
}

/** Why a ticket with a pending journal may not run, and what to do. */
export function pendingJournalMessage(ticket: string): string {
  return (
    `${shownJournal(`${ticket}.json`)} holds the files of an interrupted run of ${ticket}, and running ${ticket} again would overwrite it — ` +
    `run 'haco rollback' first to restore those files (or delete the journal to keep the files as they are now), then run ${ticket} again`
  );
}

/** Journals left behind by a run that did not finish (crash, kill -9). */
export async function pendingJournals(repoRoot: string): Promise<string[]> {
  try {
    return (await readdir(path.join(repoRoot, JOURNAL_DIR))).filter((name) => name.endsWith(".json")).sort();
  } catch {
    return [];
  }
}

/** A journal file read back and checked, ready to restore. */
export type LoadedJournal = LoadedJournalDoc;

const WHAT_TO_DO =
  "nothing was restored and the journal was kept — inspect it, then restore the files it lists by hand, or delete it if you do not need them, and run 'haco rollback' again";

/**
 * Reads a journal file left behind and checks it before anything is touched:
 * its shape, and that every path it names is a file inside the repository
 * (not reached through a symlink leading out, not in .git/ or haco's own
 * files) — a journal is just a file on disk, and rolling back writes and
 * deletes whatever it names. A bad one is an InputError naming the file and
 * the entry (exit 2).
 */
export async function loadJournal(repoRoot: string, journalName: string): Promise<LoadedJournal> {
  const shown = shownJournal(journalName);
  const bad = (field: string | null, problem: string) => new InputError(shown, field, `${problem}; ${WHAT_TO_DO}`);
  let text: string;
  try {
    const info = await lstat(journalPath(repoRoot, journalName));
    if (info.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: "not a regular file" });
    text = await readFile(journalPath(repoRoot, journalName), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw bad(null, code === "EISDIR" ? "is a directory, not a journal file" : `cannot be read (${code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw bad(null, `is not a haco journal: it is not valid JSON (${(err as Error).message.replace(/\s+/g, " ").trim()})`);
  }
  const parsed = journalFileSchema.safeParse(raw, REPORT_INPUT);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues, (at) => formatFieldPath(at) || null);
    const listed = problems.map((p) => `${p.field ? `${p.field}: ` : ""}${p.problem}`).join("; ");
    throw bad(null, `is not a haco journal: ${listed}`);
  }
  for (const [i, entry] of parsed.data.entries.entries()) {
    const problem = await entryProblem(repoRoot, entry);
    if (problem) throw bad(`entries[${i}] (${JSON.stringify(entry.path)})`, problem);
  }
  return { ...parsed.data, name: journalName };
}

/** Why rolling back this entry could touch something outside the repository's own files, or null. */
async function entryProblem(repoRoot: string, entry: JournalEntry): Promise<string | null> {
  const normal = normalizeRepoPath(entry.path);
  if (!normal.ok) return `haco never wrote this path: ${normal.reason}`;
  // haco records paths exactly as it wrote them; any other spelling was not written by haco.
  if (normal.path !== entry.path) return `haco never wrote this path: it is not in the form haco records (${JSON.stringify(normal.path)})`;
  const where = await resolveInsideRepo(repoRoot, normal.path);
  if (!where.ok) return `haco never wrote this path: ${where.reason}`;
  const info = await lstat(where.absolute).catch(() => null);
  if (info?.isDirectory()) return `${entry.path} is a directory now, and a journal only restores files`;
  return null;
}

/**
 * Restores the files of a checked journal that are still as haco wrote them
 * (all of them with `overwrite`), and removes the temporary files a killed
 * write left beside them. The journal is removed when nothing is left in it;
 * otherwise it is rewritten to hold only the files kept.
 */
export async function restoreJournal(repoRoot: string, journal: LoadedJournal, options: { overwrite?: boolean } = {}): Promise<RestoreResult> {
  const result = await restoreEntries(repoRoot, journal.entries, options);
  await removeTempFilesBeside(repoRoot, journal.entries.map((e) => e.path));
  if (result.keptEntries.length === 0) {
    await rm(journalPath(repoRoot, journal.name), { force: true });
  } else {
    const { name: _name, commit: _commit, ...doc } = journal;
    await writeJournalDoc(repoRoot, journal.name, { ...doc, phase: "applied", entries: result.keptEntries });
  }
  return result;
}

/** Restores the files of an interrupted ticket from its journal file, once the whole journal has been checked. */
export async function rollbackFromJournal(repoRoot: string, journalName: string): Promise<RestoreResult> {
  return restoreJournal(repoRoot, await loadJournal(repoRoot, journalName));
}

/**
 * Removes the journal's own temporary files that a run killed while writing it left in .haco/journal/ —
 * not those of a journal whose writer is still running (another haco, mid-write: its rename would fail).
 */
export async function removeStrayJournalTemps(repoRoot: string): Promise<string[]> {
  const live = new Set<string>();
  for (const name of await pendingJournals(repoRoot)) {
    const doc = await readFile(journalPath(repoRoot, name), "utf8")
      .then((text) => journalFileSchema.safeParse(JSON.parse(text)))
      .catch(() => null);
    if (doc?.success && writerAlive(doc.data)) live.add(name);
  }
  return removeStrayTempFiles(path.join(repoRoot, JOURNAL_DIR), undefined, live);
}

/**
 * haco's scratch space (journal, logs) must never show up in `git status` or
 * be committed, while `.haco/config.yaml` and the plan should be.
 */
async function ensureHacoScratchIgnored(repoRoot: string): Promise<void> {
  const ignoreFile = path.join(repoRoot, ".haco", ".gitignore");
  await mkdir(path.dirname(ignoreFile), { recursive: true });
  try {
    await stat(ignoreFile);
  } catch {
    await writeFile(ignoreFile, "# haco's scratch space: rollback journals and run logs\njournal/\nlogs/\n");
  }
}
