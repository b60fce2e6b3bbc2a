import { lstat, readFile } from "node:fs/promises";
import type { CommittedFile } from "./commitChanges.js";
import { resolveInsideRepo } from "./repoPaths.js";

/** True when the working tree holds exactly `expected` (null: the file is absent). */
export async function worktreeIs(absolute: string, expected: string | null): Promise<boolean> {
  let info;
  try {
    info = await lstat(absolute);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return expected === null;
    throw err;
  }
  if (expected === null || !info.isFile()) return false;
  return (await readFile(absolute)).equals(Buffer.from(expected, "utf8"));
}

/** The first of a ticket's files that is no longer as the ticket left it (someone edited it since), or null. */
export async function firstChangedSince(repoRoot: string, files: readonly CommittedFile[]): Promise<string | null> {
  for (const file of files) {
    const resolved = await resolveInsideRepo(repoRoot, file.path);
    if (!resolved.ok || !(await worktreeIs(resolved.absolute, file.after))) return file.path;
  }
  return null;
}
