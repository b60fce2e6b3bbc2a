import { randomBytes } from "node:crypto";
import { link, lstat, rename, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "./atomicWrite.js";

/**
 * Creating a file only where nothing is: the content is written and flushed
 * under a temporary name, then hard-linked into place, which fails rather
 * than replaces when a file appeared there in the meantime. `haco init` and
 * the ticket queue publish their files this way.
 */

/** Links `staging` to `target`; false when something is already at `target`. `staging` stays (the caller removes it). */
export async function linkExclusive(staging: string, target: string): Promise<boolean> {
  try {
    await link(staging, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // Some file systems have no hard links: check, then rename (the gap is tiny and only there).
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw err;
    if (await pathExists(target)) return false;
    await rename(staging, target);
    return true;
  }
}

/** Creates `target` with `content` atomically, unless something is there: then it writes nothing and returns false. */
export async function createFileExclusive(target: string, content: string | Buffer): Promise<boolean> {
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.haco-${randomBytes(6).toString("hex")}.tmp`);
  await writeFileAtomic(staging, content);
  try {
    return await linkExclusive(staging, target);
  } finally {
    await rm(staging, { force: true });
  }
}

/** True when anything (a file, a folder, a link, even a broken one) is at `file`. */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}
