import { randomBytes } from "node:crypto";
import { open, rename, rm, stat, chmod } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a file so that a reader (or a crash) sees either the old bytes or the
 * new ones, never half of each: write a temporary file in the same directory,
 * flush it to disk, then rename it over the target. The target's mode is kept.
 */
export async function writeFileAtomic(target: string, content: string | Buffer, mode?: number): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.haco-${randomBytes(6).toString("hex")}.tmp`);
  const keepMode = mode ?? (await existingMode(target));
  const handle = await open(tmp, "wx", keepMode ?? 0o666);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    // open()'s mode is filtered by the umask; an existing file's mode must come back exactly.
    if (keepMode !== undefined) await chmod(tmp, keepMode);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o7777;
  } catch {
    return undefined;
  }
}
