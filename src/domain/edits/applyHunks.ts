/**
 * The content to write after review: the current content with only the
 * accepted hunks applied, byte for byte. Lines are cut with their own
 * terminators, and each hunk's region is taken from `after` when accepted and
 * from `before` when not; between hunks both are the same by construction.
 * So accepting every hunk gives exactly `change.after` and none exactly
 * `change.before`.
 */

import { splitLines } from "./lines.js";
import type { FileChange } from "./types.js";

/**
 * Returns the file's new content, or null when the file should not exist
 * (a delete that was accepted, or a create that was not).
 */
export function applyHunks(change: FileChange, accepted: ReadonlySet<string>): string | null {
  const taken = change.hunks.filter((h) => accepted.has(h.id));
  // A delete is one decision: its hunk shows the whole file going away.
  if (change.kind === "delete") {
    return taken.length > 0 && taken.length === change.hunks.length ? null : change.before;
  }
  if (change.kind === "create" && taken.length === 0) return change.before;

  const before = withTerminators(change.before ?? "");
  const after = withTerminators(change.after ?? "");
  let out = "";
  let cursor = 0;
  for (const hunk of [...change.hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    // Unified diffs number an empty side by the line before it.
    const from = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    const to = hunk.newLines === 0 ? hunk.newStart : hunk.newStart - 1;
    out += before.slice(cursor, from).join("");
    out += taken.includes(hunk)
      ? after.slice(to, to + hunk.newLines).join("")
      : before.slice(from, from + hunk.oldLines).join("");
    cursor = from + hunk.oldLines;
  }
  return out + before.slice(cursor).join("");
}

function withTerminators(content: string): string[] {
  return splitLines(content).map((l) => l.text + l.eol);
}
