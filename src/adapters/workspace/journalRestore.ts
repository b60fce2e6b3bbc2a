import { createHash } from "node:crypto";
import { lstat, mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "./atomicWrite.js";
import type { JournalEntry } from "./journalFile.js";

/**
 * Putting journalled files back, without ever overwriting what someone else
 * wrote since haco did. A file is restored only while it is still exactly
 * what haco wrote there (by hash), or absent where haco removed it; a file
 * already back as it was counts as restored; anything else (the user, an
 * editor or Claude Code in the next pane changed it) is kept as it is and
 * reported, and its pre-image stays in the journal.
 */

export interface KeptFile {
  path: string;
  /** Why it was not restored, as a clause: "it was changed since haco wrote it". */
  why: string;
}

export interface RestoreResult {
  restored: string[];
  kept: KeptFile[];
  /** The entries that were not restored: what the journal must go on holding. */
  keptEntries: JournalEntry[];
}

export function sha256(bytes: string | Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

type OnDisk = { kind: "absent" } | { kind: "file"; bytes: Buffer; mode: number } | { kind: "other"; what: string };

async function onDisk(absolute: string): Promise<OnDisk> {
  const info = await lstat(absolute).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" || err.code === "ENOTDIR") return null;
    throw err;
  });
  if (!info) return { kind: "absent" };
  // Never open anything but a regular file: a FIFO would block, a device never end.
  if (!info.isFile()) return { kind: "other", what: info.isSymbolicLink() ? "a symbolic link" : info.isDirectory() ? "a directory" : "not a regular file" };
  return { kind: "file", bytes: await readFile(absolute), mode: info.mode & 0o7777 };
}

function matchesPreImage(entry: JournalEntry, now: OnDisk): boolean {
  if (!entry.existed) return now.kind === "absent";
  return now.kind === "file" && now.bytes.equals(Buffer.from(entry.contentBase64 ?? "", "base64"));
}

function matchesWritten(entry: JournalEntry, now: OnDisk): boolean {
  // A journal of an older haco did not record what it wrote: it restores as it always did.
  if (entry.afterSha256 === undefined) return now.kind !== "other";
  if (entry.afterSha256 === null) return now.kind === "absent";
  if (now.kind !== "file" || sha256(now.bytes) !== entry.afterSha256) return false;
  // haco keeps an existing file's mode when it writes: another mode (a chmod since) is someone else's change.
  return !entry.existed || entry.mode === null || now.mode === entry.mode;
}

/** Restores what may be restored; with `overwrite`, also the files changed since (the user asked for it by name). */
export async function restoreEntries(repoRoot: string, entries: readonly JournalEntry[], options: { overwrite?: boolean } = {}): Promise<RestoreResult> {
  const result: RestoreResult = { restored: [], kept: [], keptEntries: [] };
  for (const entry of entries) {
    const absolute = path.join(repoRoot, entry.path);
    const now = await onDisk(absolute);
    if (matchesPreImage(entry, now)) {
      result.restored.push(entry.path);
      continue;
    }
    const mayRestore = now.kind !== "other" && (options.overwrite || matchesWritten(entry, now));
    if (!mayRestore) {
      result.kept.push({ path: entry.path, why: now.kind === "other" ? `it is ${now.what} now` : "it was changed since haco wrote it" });
      result.keptEntries.push(entry);
      continue;
    }
    if (entry.existed) {
      await mkdir(path.dirname(absolute), { recursive: true });
      await writeFileAtomic(absolute, Buffer.from(entry.contentBase64 ?? "", "base64"), entry.mode ?? undefined);
    } else {
      await rm(absolute, { force: true });
    }
    result.restored.push(entry.path);
  }
  return result;
}

/** The warning for files a rollback kept: which, why, where their earlier version is, and what to do. */
export function keptMessage(ticket: string, kept: readonly KeptFile[], journalShown: string): string {
  const list = kept.map((k) => `${k.path} (${k.why})`).join(", ");
  return (
    `${ticket}: the rollback left ${list} as ${kept.length === 1 ? "it is" : "they are"} rather than overwrite someone else's work; ` +
    `${kept.length === 1 ? "its" : "their"} version from before ${ticket} is kept in ${journalShown} — ` +
    `run 'haco rollback --overwrite' to put ${kept.length === 1 ? "it" : "them"} back anyway, or delete the journal to keep ${kept.length === 1 ? "it" : "them"} as now`
  );
}
