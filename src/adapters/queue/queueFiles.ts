import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { linkExclusive, pathExists } from "../workspace/createExclusive.js";
import path from "node:path";

/** File moves and creations for the queue that never overwrite a file already there. */


/** `plan.md`, `plan-2.md`, `plan-3.md`… */
function numbered(name: string, n: number): string {
  if (n === 1) return name;
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
}

/** The first n ≥ `from` whose `name`, `name-n` is free in every one of `dirs` (and has no `.error.txt` beside it). */
async function freeIndex(dirs: readonly string[], name: string, from: number): Promise<number> {
  for (let n = from; ; n++) {
    const candidate = numbered(name, n);
    let taken = false;
    for (const dir of dirs) {
      if ((await pathExists(path.join(dir, candidate))) || (await pathExists(path.join(dir, `${candidate}.error.txt`)))) {
        taken = true;
        break;
      }
    }
    if (!taken) return n;
  }
}

/** The first of `name`, `name-2`, `name-3`… that is free in every one of `dirs`. */
export async function freeName(dirs: readonly string[], name: string): Promise<string> {
  return numbered(name, await freeIndex(dirs, name, 1));
}

/**
 * Moves `source` into `dir` under a free name. The rename is the claim: when
 * `source` is gone (another haco took it, or the user removed it) this returns
 * null and the caller must forget what it read.
 */
export async function moveInto(source: string, dir: string, name: string): Promise<string | null> {
  const target = await freeName([dir], name);
  return (await moveTo(source, path.join(dir, target))) ? target : null;
}

/** Renames `source` to `target`; false when `source` is gone (see moveInto). */
export async function moveTo(source: string, target: string): Promise<boolean> {
  try {
    await rename(source, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}

/**
 * Writes a new file atomically under a name free in `dir` and every one of
 * `alsoFreeIn`: the bytes go to a flushed dotfile (which the queue ignores),
 * then a hard link publishes them under the final name — `link` fails rather
 * than overwrite, so two writers never replace each other's file. Where hard
 * links are not supported, a rename after the existence check does the same
 * but for that race.
 */
export async function createNewFileAtomic(
  dir: string,
  name: string,
  content: string,
  alsoFreeIn: readonly string[] = [],
): Promise<string> {
  const tmp = path.join(dir, `.${name}.haco-${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", 0o666);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    for (let n = 1; ; n++) {
      n = await freeIndex([dir, ...alsoFreeIn], name, n);
      const candidate = numbered(name, n);
      if (await linkExclusive(tmp, path.join(dir, candidate))) return candidate;
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
