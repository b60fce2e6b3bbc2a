/**
 * The hunks a reviewer sees: computed by jsdiff between the current content
 * and the proposed one (3 lines of context), so they are true against the
 * file whatever the worker's own hunks looked like.
 */

import { structuredPatch } from "diff";
import type { Hunk } from "./types.js";

export const CONTEXT_LINES = 3;

/**
 * `nextId` hands out ids ("h1", "h2", …) so that they run on across the files
 * of one proposal. `before`/`after` null mean the file does not exist.
 */
export function makeHunks(path: string, before: string | null, after: string | null, nextId: () => string): Hunk[] {
  const patch = structuredPatch(path, path, before ?? "", after ?? "", undefined, undefined, { context: CONTEXT_LINES });
  const hunks = patch.hunks.map((h) => {
    // jsdiff numbers an empty side by the line after it (1 for an empty file);
    // unified diffs number it by the line before it (0), and applyHunks
    // relies on that convention.
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    // A CR is part of a CRLF line's terminator, not of what the reviewer reads.
    const lines = h.lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
    return hunk(path, nextId(), oldStart, h.oldLines, newStart, h.newLines, lines);
  });
  // Creating or deleting an empty file changes no line, yet must be something
  // the reviewer can accept or reject.
  if (hunks.length === 0 && (before === null) !== (after === null)) {
    hunks.push(hunk(path, nextId(), 0, 0, 0, 0, []));
  }
  return hunks;
}

function hunk(
  file: string,
  id: string,
  oldStart: number,
  oldLines: number,
  newStart: number,
  newLines: number,
  lines: string[],
): Hunk {
  return {
    id,
    file,
    header: `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`,
    oldStart,
    oldLines,
    newStart,
    newLines,
    lines,
    added: lines.filter((l) => l.startsWith("+")).length,
    removed: lines.filter((l) => l.startsWith("-")).length,
  };
}
