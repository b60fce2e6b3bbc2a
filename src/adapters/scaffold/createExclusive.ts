import { randomBytes } from "node:crypto";
import { link, lstat, rename, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../workspace/atomicWrite.js";

/**
 * Creates a file atomically, but only if nothing is at `target`: the content
 * is written and flushed under a temporary name, then hard-linked into place,
 * which fails rather than replaces when a file appeared there in the meantime.
 * Returns false (and writes nothing) when the target exists.
 */
export async function createFileExclusive(target: string, content: string | Buffer): Promise<boolean> {
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.haco-init-${randomBytes(6).toString("hex")}.tmp`);
  await writeFileAtomic(staging, content);
  try {
    await link(staging, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // Some file systems have no hard links: check, then rename (the gap is tiny and only there).
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw err;
    if (await exists(target)) return false;
    await rename(staging, target);
    return true;
  } finally {
    await rm(staging, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}
