import {
  extractReadmeDeltas,
  parseWorkerAnswer,
  placeReadmeDelta,
  proposeChanges,
  type ParsedEdit,
  type ParseOptions,
  type Proposal,
  type Refusal,
} from "../domain/edits/index.js";
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
  const readme = extractReadmeDeltas(answer);
  const parsed = parseWorkerAnswer(readme.rest, options);
  const refusals: Refusal[] = [...parsed.refusals, ...readme.refusals];
  const placeable: ParsedEdit[] = [];
  const loads: Awaited<ReturnType<WorkspaceSnapshot["load"]>>[] = [];
  for (const edit of parsed.edits) loads.push(await snapshot.load(edit.path));
  // All guards at once: the send policy answers calls made together with one git process, not one each.
  const guards = await Promise.all(loads.map((loaded) => (loaded.ok ? guard(loaded.path) : null)));
  parsed.edits.forEach((edit, i) => {
    const loaded = loads[i]!;
    const guarded = guards[i];
    if (!loaded.ok) refusals.push({ file: edit.path, reason: loaded.reason, code: "unsafe-path" });
    else if (guarded) refusals.push({ file: edit.path, reason: `${guarded} — haco does not let a worker write it`, code: "unsafe-path" });
    else placeable.push(edit);
  });
  const readmeEdit = await readmeDeltaEdit(readme.deltas, placeable, snapshot, guard, refusals);
  if (readmeEdit) placeable.push(readmeEdit);
  const proposal = proposeChanges(placeable, snapshot.read);
  refusals.push(...proposal.refusals);
  if (proposal.changes.length === 0 && refusals.length === 0) {
    refusals.push({
      file: null,
      reason: "the answer holds no edit haco can read (expected unified diffs, SEARCH/REPLACE or === NEW FILE: path === blocks)",
      code: "no-edit",
    });
  }
  // An edit that is already in the file changes nothing, and a README delta is optional; any other
  // refusal stops the write, because half of a change is usually worse than none of it.
  return { changes: proposal.changes, refusals, blocking: refusals.filter((r) => r.code !== "no-change" && r.code !== "readme-delta") };
}

const README = "README.md";

/** The README deltas as one whole-file edit of README.md, or null (with why in `refusals`). */
async function readmeDeltaEdit(
  deltas: readonly ReturnType<typeof extractReadmeDeltas>["deltas"][number][],
  edits: readonly ParsedEdit[],
  snapshot: WorkspaceSnapshot,
  guard: WriteGuard,
  refusals: Refusal[],
): Promise<ParsedEdit | null> {
  if (deltas.length === 0) return null;
  const drop = (reason: string) => {
    refusals.push({ file: README, reason, code: "readme-delta" });
    return null;
  };
  if (edits.some((e) => e.path === README)) return drop("the answer also edits README.md directly — the README delta was left out");
  const loaded = await snapshot.load(README);
  if (!loaded.ok) return drop(`${loaded.reason} — the README delta was left out`);
  if (loaded.content === null) return drop("the repository has no README.md — the README delta was left out");
  const guarded = await guard(loaded.path);
  if (guarded) return drop(`${guarded} — the README delta was left out`);
  let content = loaded.content;
  for (const delta of deltas) {
    const placed = placeReadmeDelta(content, delta);
    if (placed.ok) content = placed.content;
    else refusals.push({ file: README, reason: placed.reason, code: "readme-delta" });
  }
  return content === loaded.content ? null : { kind: "wholefile", path: README, content };
}
