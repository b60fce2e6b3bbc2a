import { lstat } from "node:fs/promises";
import path from "node:path";
import { EXIT, HacoError } from "../../domain/errors.js";
import { git } from "./git.js";

/**
 * A merge, rebase, cherry-pick or revert that waits for the user: git keeps
 * its state in files of its directory until it is finished or aborted. A
 * commit haco made then would land in the middle of it.
 */

export interface GitOperation {
  /** The file git keeps while the operation is under way. */
  marker: string;
  what: string;
  fix: string;
  /** A bisect leaves the work tree usable; the others leave it half-way through someone else's change. */
  blocksCommits: boolean;
}

export const GIT_OPERATIONS: readonly GitOperation[] = [
  { marker: "rebase-merge", what: "a rebase", fix: "finish it with 'git rebase --continue', or undo it with 'git rebase --abort'", blocksCommits: true },
  {
    marker: "rebase-apply",
    what: "a rebase (or git am)",
    fix: "finish it with 'git rebase --continue', or undo it with 'git rebase --abort' ('git am --abort' for git am)",
    blocksCommits: true,
  },
  { marker: "MERGE_HEAD", what: "a merge", fix: "commit the resolved merge ('git merge --continue'), or undo it with 'git merge --abort'", blocksCommits: true },
  { marker: "CHERRY_PICK_HEAD", what: "a cherry-pick", fix: "finish it with 'git cherry-pick --continue', or undo it with 'git cherry-pick --abort'", blocksCommits: true },
  { marker: "REVERT_HEAD", what: "a revert", fix: "finish it with 'git revert --continue', or undo it with 'git revert --abort'", blocksCommits: true },
  { marker: "BISECT_LOG", what: "a bisect", fix: "end it with 'git bisect reset'", blocksCommits: false },
];

/** The first operation in progress in the repository (bisect included), or null. */
export async function operationInProgress(repoRoot: string): Promise<GitOperation | null> {
  // --git-path knows where each file lives, also in a linked worktree.
  const args = GIT_OPERATIONS.flatMap(({ marker }) => ["--git-path", marker]);
  const paths = (await git(["rev-parse", ...args], { cwd: repoRoot })).stdout.split("\n");
  for (const [i, operation] of GIT_OPERATIONS.entries()) {
    const marker = paths[i];
    if (marker && (await exists(path.resolve(repoRoot, marker)))) return operation;
  }
  return null;
}

/** The operation in progress that haco must not commit in the middle of, or null. */
export async function operationBlockingCommits(repoRoot: string): Promise<GitOperation | null> {
  const operation = await operationInProgress(repoRoot);
  return operation?.blocksCommits ? operation : null;
}

/** The refusal for a commit (or a run that would commit) while `operation` is under way. */
export function operationRefusal(operation: GitOperation, exitCode: HacoError["exitCode"] = EXIT.badInput): HacoError {
  return new HacoError(
    "git_operation_in_progress",
    `${operation.what} is in progress in this repository, and haco would commit in the middle of it — ${operation.fix}, then run haco again`,
    exitCode,
  );
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}
