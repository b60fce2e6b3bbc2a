import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "./atomicWrite.js";

/**
 * The rollback journal of one ticket. Before haco writes a file it records the
 * file's exact bytes and mode (or that it did not exist) in
 * `.haco/journal/<ticket>.json`, flushed to disk first; rolling back restores
 * every file byte for byte. If haco dies half-way, the journal is still there
 * for the next run to restore from.
 */

interface JournalEntry {
  path: string;
  existed: boolean;
  mode: number | null;
  contentBase64: string | null;
}

interface JournalFile {
  ticket: string;
  createdAt: string;
  entries: JournalEntry[];
}

export const JOURNAL_DIR = path.join(".haco", "journal");

export class Journal {
  private readonly entries = new Map<string, JournalEntry>();

  private constructor(
    private readonly repoRoot: string,
    private readonly ticket: string,
  ) {}

  static async open(repoRoot: string, ticket: string): Promise<Journal> {
    await ensureHacoScratchIgnored(repoRoot);
    await mkdir(path.join(repoRoot, JOURNAL_DIR), { recursive: true });
    return new Journal(repoRoot, ticket);
  }

  get file(): string {
    return path.join(this.repoRoot, JOURNAL_DIR, `${this.ticket}.json`);
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
    return (await readdir(path.join(repoRoot, JOURNAL_DIR))).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
}

/** Restores the files of an interrupted ticket from its journal file. */
export async function rollbackFromJournal(repoRoot: string, journalName: string): Promise<string[]> {
  const file = path.join(repoRoot, JOURNAL_DIR, journalName);
  const doc = JSON.parse(await readFile(file, "utf8")) as JournalFile;
  const restored = await restoreEntries(repoRoot, doc.entries);
  await rm(file, { force: true });
  return restored;
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
