import type { Stats } from "node:fs";
import { lstat, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { normalizeRepoPath } from "../../domain/edits/index.js";

/**
 * Resolves a repository-relative path (already normalised by the edit engine)
 * to an absolute one, and refuses it when any existing part of it is a
 * symlink that leads outside the repository: a lexical check alone would let
 * `link/../x` or `vendor -> /etc` write anywhere.
 */
export async function resolveInsideRepo(
  repoRoot: string,
  relative: string,
): Promise<{ ok: true; absolute: string } | { ok: false; reason: string }> {
  const realRoot = await realpath(repoRoot);
  const absolute = path.resolve(repoRoot, relative);
  if (!isWithin(path.resolve(repoRoot), absolute)) {
    return { ok: false, reason: `${relative} is outside the repository` };
  }
  // Walk up to the deepest part that exists and see where it really points.
  let probe = absolute;
  for (;;) {
    try {
      const real = await realpath(probe);
      if (!isWithin(realRoot, real)) {
        return { ok: false, reason: `${relative} goes through a symlink that leads outside the repository` };
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  return { ok: true, absolute };
}

function isWithin(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** What is at a repository path haco may read and write: a regular file, or nothing yet. */
export type InspectedPath = { ok: true; absolute: string; exists: boolean } | { ok: false; reason: string };

/**
 * The one check of what a repository-relative path (already normalised) runs
 * through, made with lstat from the root down, before anything is opened:
 *
 * - a symbolic link anywhere on it is refused: writing the leaf would replace
 *   the link with a regular file, and a linked folder can lead into `.git/`,
 *   `.haco/` or out of the repository. The refusal says where the link leads
 *   and, when that is inside the repository, which path to edit instead;
 * - a folder on the way that is not a folder (`src/a.js/x.txt`) is refused;
 * - the leaf must be a regular file or absent: a FIFO would block the read
 *   forever, a device would be read without end.
 */
export async function inspectRepoPath(repoRoot: string, relative: string): Promise<InspectedPath> {
  const parts = relative.split("/");
  const absolute = path.join(repoRoot, ...parts);
  for (let i = 0; i < parts.length; i++) {
    const sub = parts.slice(0, i + 1).join("/");
    const info = await lstatOrNull(path.join(repoRoot, ...parts.slice(0, i + 1)));
    if (info === null) return { ok: true, absolute, exists: false };
    const isLeaf = i === parts.length - 1;
    if (info.isSymbolicLink()) return { ok: false, reason: await symlinkRefusal(repoRoot, relative, sub, parts.slice(i + 1)) };
    if (!isLeaf && !info.isDirectory()) {
      return { ok: false, reason: `${sub} is ${kindOf(info)}, not a folder, so there can be no ${relative} — name a path whose folders are folders` };
    }
    if (isLeaf && info.isDirectory()) return { ok: false, reason: `${relative} is a directory — name a file in it instead` };
    if (isLeaf && !info.isFile()) return { ok: false, reason: notRegularFile(relative, info) };
  }
  return { ok: true, absolute, exists: true };
}

/** Why `relative` is not a file haco edits, for something that is neither a file nor a folder. */
export function notRegularFile(relative: string, info: Stats): string {
  return `${relative} is ${kindOf(info)}, not a regular file; haco only edits regular files`;
}

/** "a FIFO", "a character device"…: what lstat found, in words. */
export function kindOf(info: Stats): string {
  if (info.isFile()) return "a file";
  if (info.isDirectory()) return "a folder";
  if (info.isSymbolicLink()) return "a symbolic link";
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a file";
}

/** The refusal for `relative`, which runs through the link `sub`; `rest` is what comes after the link. */
async function symlinkRefusal(repoRoot: string, relative: string, sub: string, rest: string[]): Promise<string> {
  const link = path.join(repoRoot, ...sub.split("/"));
  const points = await readlink(link);
  const realRoot = await realpath(repoRoot);
  // A dangling link leads where its text says, from the folder it is in.
  const real = await realpath(link).catch(() => path.resolve(path.dirname(link), points));
  const where = sub === relative ? `${relative} is a symbolic link to ${points}` : `${relative} goes through ${sub}, a symbolic link to ${points}`;
  if (!isWithin(realRoot, real)) return `${relative} goes through a symlink that leads outside the repository (${sub} → ${points})`;
  const target = [path.relative(realRoot, real).split(path.sep).join("/"), ...rest].filter(Boolean).join("/");
  // Where the link really leads is judged by the same rules as a path the worker wrote (.git/, .haco/…).
  const rule = normalizeRepoPath(target);
  if (!rule.ok) return `${where}: ${rule.reason}`;
  return `${where}; haco does not edit through symbolic links (the link would become a regular file) — edit ${rule.path} instead`;
}

async function lstatOrNull(file: string): Promise<Stats | null> {
  try {
    return await lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}
