import { lstat, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { linkExclusive } from "./createExclusive.js";
import type { IndexFiles } from "./indexLock.js";

/**
 * Replacing the user's index in one step, the way git itself does: the new
 * index is built in a private copy, flushed, hard-linked into place as
 * `index.lock` (which fails, as git's own O_EXCL does, when anyone holds the
 * lock), then renamed over `index`. Until that rename the user's index is
 * untouched; after it, it is wholly the new one. The lock's inode is known
 * before the lock exists, so a lock left by a killed haco can be told from
 * anyone else's.
 */

export interface PreparedIndex {
  files: IndexFiles;
  /** The private copy holding the new index. */
  next: string;
  ino: number;
  /** The user's index as it was copied (null: there was none). */
  original: Buffer | null;
}

/** Copies the user's index into `scratch` and lets `edit` change the copy (through GIT_INDEX_FILE). */
export async function prepareIndex(
  files: IndexFiles,
  scratch: string,
  edit: (env: Record<string, string>) => Promise<void>,
): Promise<PreparedIndex | null> {
  const original = await readFile(files.index).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  const next = path.join(scratch, "next-index");
  // A fresh inode each time: a lock from an earlier try must never be mistaken for this one.
  await rm(next, { force: true });
  if (original) await writeFile(next, original);
  await edit({ GIT_INDEX_FILE: next });
  const info = await stat(next).catch(() => null);
  if (!info) return null;
  const handle = await open(next, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { files, next, ino: info.ino, original };
}

export type LockOutcome = "locked" | "held" | "changed";

/**
 * Takes git's index lock with the prepared index as its content. "held":
 * someone else holds it; "changed": the user's index changed after it was
 * copied (the copy would lose that), so the lock was let go again.
 */
export async function lockPrepared(prepared: PreparedIndex): Promise<LockOutcome> {
  if (!(await linkExclusive(prepared.next, prepared.files.lock))) return "held";
  const now = await readFile(prepared.files.index).catch(() => null);
  const same = now === null ? prepared.original === null : prepared.original !== null && now.equals(prepared.original);
  if (same) return "locked";
  await releaseOwnLock(prepared.files, prepared.ino);
  return "changed";
}

/** The rename that makes the new index the user's. */
export async function publishIndex(files: IndexFiles): Promise<void> {
  await rename(files.lock, files.index);
}

/** Removes index.lock if it is haco's own (that inode); someone else's lock is never touched. */
export async function releaseOwnLock(files: IndexFiles, ino: number | null): Promise<boolean> {
  if (ino === null) return false;
  const info = await lstat(files.lock).catch(() => null);
  if (!info || info.ino !== ino) return false;
  await rm(files.lock, { force: true });
  return true;
}

/** True when index.lock is there and is haco's own (that inode). */
export async function ownLockPresent(files: IndexFiles, ino: number | null): Promise<boolean> {
  if (ino === null) return false;
  const info = await lstat(files.lock).catch(() => null);
  return info?.ino === ino;
}
