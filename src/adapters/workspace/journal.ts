import { lstat, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { EXIT, HacoError, InputError } from "../../domain/errors.js";
import { normalizeRepoPath } from "../../domain/edits/index.js";
import { formatFieldPath } from "../../domain/tickets/fieldPath.js";
import { problemsFromZod, REPORT_INPUT } from "../../domain/tickets/zodProblems.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { pathExists } from "./createExclusive.js";
import { resolveInsideRepo } from "./repoPaths.js";

/**
 * The rollback journal of one ticket. Before haco writes a file it records the
 * file's exact bytes and mode (or that it did not exist) in
 * `.haco/journal/<ticket>.json`, flushed to disk first; rolling back restores
 * every file byte for byte. If haco dies half-way, the journal is still there
 * for the next run to restore from — and until it is rolled back (or deleted)
 * that ticket may not run again, since its run would overwrite the journal.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const journalEntrySchema = z
  .object({
    path: z.string().min(1),
    existed: z.boolean(),
    mode: z.number().int().min(0).max(0o7777).nullable(),
    contentBase64: z.string().regex(BASE64, "expected base64 text").nullable(),
  })
  .refine((entry) => !entry.existed || entry.contentBase64 !== null, {
    message: "existed is true but contentBase64 is null, so there is nothing to restore",
  });

const journalFileSchema = z.object({
  ticket: z.string(),
  createdAt: z.string().optional(),
  entries: z.array(journalEntrySchema),
});

type JournalEntry = z.infer<typeof journalEntrySchema>;
type JournalFile = z.infer<typeof journalFileSchema>;

export const JOURNAL_DIR = path.join(".haco", "journal");

/** `.haco/journal/<name>` as messages show it: relative to the repository, with forward slashes. */
function shownName(journalName: string): string {
  return `.haco/journal/${journalName}`;
}

export class Journal {
  private readonly entries = new Map<string, JournalEntry>();

  private constructor(
    private readonly repoRoot: string,
    private readonly ticket: string,
  ) {}

  /** Refuses when the ticket's journal is already there: it holds an interrupted run's pre-images, which writing would lose. */
  static async open(repoRoot: string, ticket: string): Promise<Journal> {
    if (await hasPendingJournal(repoRoot, ticket)) throw new HacoError("pending_journal", pendingJournalMessage(ticket), EXIT.badInput);
    await ensureHacoScratchIgnored(repoRoot);
    await mkdir(path.join(repoRoot, JOURNAL_DIR), { recursive: true });
    return new Journal(repoRoot, ticket);
  }

  get file(): string {
    return journalFile(this.repoRoot, this.ticket);
  }

  /** Records a file's pre-image; must run before the first write to it. */
  async record(relative: string): Promise<void> {
    if (this.entries.has(relative)) return;
    const absolute = path.join(this.repoRoot, relative);
    let entry: JournalEntry;
    try {
      const [bytes, info] = await Promise.all([readFile(absolute), stat(absolute)]);
      entry = { path: relative, existed: true, mode: info.mode & 0o7777, contentBase64: bytes.toString("base64") };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      entry = { path: relative, existed: false, mode: null, contentBase64: null };
    }
    this.entries.set(relative, entry);
    const doc: JournalFile = { ticket: this.ticket, createdAt: new Date().toISOString(), entries: [...this.entries.values()] };
    await writeFileAtomic(this.file, JSON.stringify(doc, null, 1));
  }

  get paths(): string[] {
    return [...this.entries.keys()];
  }

  /** Puts every recorded file back exactly as it was, then forgets the journal. */
  async rollback(): Promise<string[]> {
    const restored = await restoreEntries(this.repoRoot, [...this.entries.values()]);
    await this.discard();
    return restored;
  }

  /** The writes are final (committed or kept): the pre-images are no longer needed. */
  async discard(): Promise<void> {
    this.entries.clear();
    await rm(this.file, { force: true });
  }
}

function journalFile(repoRoot: string, ticket: string): string {
  return path.join(repoRoot, JOURNAL_DIR, `${ticket}.json`);
}

/** True when an interrupted run of this ticket left its journal behind. */
export async function hasPendingJournal(repoRoot: string, ticket: string): Promise<boolean> {
  return pathExists(journalFile(repoRoot, ticket));
}

/** Why a ticket with a pending journal may not run, and what to do. */
export function pendingJournalMessage(ticket: string): string {
  return (
    `${shownName(`${ticket}.json`)} holds the files of an interrupted run of ${ticket}, and running ${ticket} again would overwrite it — ` +
    `run 'haco rollback' first to restore those files (or delete the journal to keep the files as they are now), then run ${ticket} again`
  );
}

async function restoreEntries(repoRoot: string, entries: JournalEntry[]): Promise<string[]> {
  const restored: string[] = [];
  for (const entry of entries) {
    const absolute = path.join(repoRoot, entry.path);
    if (entry.existed) {
      await mkdir(path.dirname(absolute), { recursive: true });
      await writeFileAtomic(absolute, Buffer.from(entry.contentBase64 ?? "", "base64"), entry.mode ?? undefined);
    } else {
      await rm(absolute, { force: true });
    }
    restored.push(entry.path);
  }
  return restored;
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
export interface LoadedJournal {
  name: string;
  entries: JournalEntry[];
}

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
  const shown = shownName(journalName);
  const bad = (field: string | null, problem: string) => new InputError(shown, field, `${problem}; ${WHAT_TO_DO}`);
  let text: string;
  try {
    text = await readFile(path.join(repoRoot, JOURNAL_DIR, journalName), "utf8");
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
  return { name: journalName, entries: parsed.data.entries };
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

/** Restores the files of a checked journal, then removes it. */
export async function restoreJournal(repoRoot: string, journal: LoadedJournal): Promise<string[]> {
  const restored = await restoreEntries(repoRoot, journal.entries);
  await rm(path.join(repoRoot, JOURNAL_DIR, journal.name), { force: true });
  return restored;
}

/** Restores the files of an interrupted ticket from its journal file, once the whole journal has been checked. */
export async function rollbackFromJournal(repoRoot: string, journalName: string): Promise<string[]> {
  return restoreJournal(repoRoot, await loadJournal(repoRoot, journalName));
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
