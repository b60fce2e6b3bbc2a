import { parseWorkerAnswer, proposeChanges, type ParseOptions, type Proposal, type Refusal } from "../domain/edits/index.js";
import type { WorkspaceSnapshot } from "./workspaceSnapshot.js";

/**
 * The one path from a worker's raw answer to hunks against the repository,
 * shared by `haco run` and `haco apply`: parse, check every named path on
 * disk (symlinks out of the repository are refused here, since the pure
 * engine cannot see them), then place the edits against the snapshot.
 */
export interface EditProposal extends Proposal {
  /** Refusals that must stop the write (everything but "already applied"). */
  blocking: Refusal[];
}

/** Why a path may not be written even though it is inside the repository (git-ignored, .env…), or null. */
export type WriteGuard = (path: string) => Promise<string | null>;

export async function proposeEdits(
  answer: string,
  options: ParseOptions,
  snapshot: WorkspaceSnapshot,
  guard: WriteGuard = async () => null,
): Promise<EditProposal> {
  const parsed = parseWorkerAnswer(answer, options);
  const refusals: Refusal[] = [...parsed.refusals];
  const placeable = [];
  for (const edit of parsed.edits) {
    const loaded = await snapshot.load(edit.path);
    const guarded = loaded.ok ? await guard(loaded.path) : null;
    if (!loaded.ok) refusals.push({ file: edit.path, reason: loaded.reason, code: "unsafe-path" });
    else if (guarded) refusals.push({ file: edit.path, reason: `${guarded} — haco does not let a worker write it`, code: "unsafe-path" });
    else placeable.push(edit);
  }
  const proposal = proposeChanges(placeable, snapshot.read);
  refusals.push(...proposal.refusals);
  if (proposal.changes.length === 0 && refusals.length === 0) {
    refusals.push({
      file: null,
      reason: "the answer holds no edit haco can read (expected unified diffs, SEARCH/REPLACE or === NEW FILE: path === blocks)",
      code: "no-edit",
    });
  }
  // An edit that is already in the file changes nothing; any other refusal stops the write, because
  // half of a change is usually worse than none of it.
  return { changes: proposal.changes, refusals, blocking: refusals.filter((r) => r.code !== "no-change") };
}
