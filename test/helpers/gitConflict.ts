import { execa } from "execa";
import type { TempRepo } from "./tempRepo.js";

/**
 * Makes `file` differ on two branches: `other` (branched from the current
 * commit) and `main`. Merging, rebasing or cherry-picking one onto the other
 * then stops on a conflict, which is how users meet a half-done operation.
 * Leaves `main` checked out.
 */
export async function divergeBranches(repo: TempRepo, file: string): Promise<void> {
  await repo.git("checkout", "-q", "-b", "other");
  await repo.write(file, "theirs\n");
  await repo.commitAll("theirs");
  await repo.git("checkout", "-q", "main");
  await repo.write(file, "ours\n");
  await repo.commitAll("ours");
}

/** A git command expected to stop on a conflict (its non-zero exit is the point). */
export function stopOnConflict(repo: TempRepo, ...args: string[]) {
  return execa("git", args, { cwd: repo.root, reject: false });
}

/** `main` merging `other` and stopped on the conflict in `file`: a merge in progress. */
export async function startConflictingMerge(repo: TempRepo, file: string): Promise<void> {
  await divergeBranches(repo, file);
  await stopOnConflict(repo, "merge", "other");
}
