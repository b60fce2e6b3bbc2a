import { lstat, readdir, rm } from "node:fs/promises";
import path from "node:path";

/**
 * A run killed in the middle of an atomic write leaves its temporary file
 * (`.<name>.haco-<hex>.tmp`, see writeFileAtomic) beside the target: in
 * `.haco/journal/` for the journal itself, beside a ticket's file for the
 * file. `haco rollback` and the next run remove them. Only regular files of
 * exactly that form are removed, and only beside a name haco wrote.
 */

const TEMP = /^\.(.+)\.haco-[0-9a-f]{12}\.tmp$/;

/**
 * Removes haco's temporary files in `dir`; with `forNames`, only those of these base names; never
 * those of the names in `except`. Returns what was removed (absolute).
 */
export async function removeStrayTempFiles(dir: string, forNames?: ReadonlySet<string>, except?: ReadonlySet<string>): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP.exec(name);
    if (!match || (forNames && !forNames.has(match[1]!)) || except?.has(match[1]!)) continue;
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => null);
    if (!info?.isFile()) continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** Removes the temporary files a killed write may have left beside each of these repository paths. */
export async function removeTempFilesBeside(repoRoot: string, relativePaths: readonly string[]): Promise<string[]> {
  const byDir = new Map<string, Set<string>>();
  for (const relative of relativePaths) {
    const dir = path.dirname(path.join(repoRoot, relative));
    const names = byDir.get(dir) ?? new Set<string>();
    names.add(path.basename(relative));
    byDir.set(dir, names);
  }
  const removed: string[] = [];
  for (const [dir, names] of byDir) removed.push(...(await removeStrayTempFiles(dir, names)));
  return removed;
}
