import { realpath } from "node:fs/promises";
import path from "node:path";

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
