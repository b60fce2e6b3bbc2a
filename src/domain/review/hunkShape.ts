/**
 * Building a `Hunk` from its lines and numbers, for the hunks the reviewer
 * makes itself (parts of a split hunk, an edited hunk, a renumbered one).
 * The edit engine's own builder is private to `makeHunks`, which computes
 * hunks from a diff; these come from a hunk already computed.
 */

import type { Hunk } from "../edits/types.js";

export interface HunkNumbers {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

export function shapeHunk(id: string, file: string, numbers: HunkNumbers, lines: readonly string[]): Hunk {
  const { oldStart, oldLines, newStart, newLines } = numbers;
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.startsWith("+")) added++;
    else if (l.startsWith("-")) removed++;
  }
  return {
    id,
    file,
    header: `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`,
    oldStart,
    oldLines,
    newStart,
    newLines,
    lines: [...lines],
    added,
    removed,
  };
}

/** A line of a hunk that is a "\ No newline at end of file" marker for the line before it. */
export function isMarker(line: string): boolean {
  return line.startsWith("\\");
}

/**
 * Unified diffs number an empty side by the line before it; these convert
 * between that and the number of the side's first line (whatever its length).
 */
export function firstOld(h: HunkNumbers): number {
  return h.oldLines === 0 ? h.oldStart + 1 : h.oldStart;
}

export function firstNew(h: HunkNumbers): number {
  return h.newLines === 0 ? h.newStart + 1 : h.newStart;
}

export function startNumber(first: number, count: number): number {
  return count === 0 ? first - 1 : first;
}
