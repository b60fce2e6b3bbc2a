import { applyHunks, type FileChange } from "../domain/edits/index.js";
import type { Journal } from "../adapters/workspace/journal.js";
import type { WorkspaceSnapshot } from "./workspaceSnapshot.js";

export interface AppliedFile {
  path: string;
  before: string | null;
  after: string | null;
}

/**
 * Writes the accepted hunks of each change. Every file is checked against the
 * draft's snapshot before the first write, so a conflict leaves the disk
 * untouched; each pre-image goes to the journal before its file is written.
 */
export async function applyAccepted(
  repoRoot: string,
  changes: FileChange[],
  accepted: ReadonlySet<string>,
  snapshot: WorkspaceSnapshot,
  journal: Journal,
): Promise<{ ok: true; files: AppliedFile[] } | { ok: false; reason: string }> {
  const planned: AppliedFile[] = [];
  for (const change of changes) {
    if (!change.hunks.some((hunk) => accepted.has(hunk.id))) continue;
    const after = applyHunks(change, accepted);
    if (after === change.before) continue;
    planned.push({ path: change.path, before: change.before, after });
  }
  for (const file of planned) {
    const changed = await snapshot.changedOnDisk(file.path);
    if (changed) return { ok: false, reason: changed };
  }
  await journal.writeAll(planned.map((file) => ({ path: file.path, after: file.after })));
  return { ok: true, files: planned };
}
