/**
 * Reading a review: what the cockpit draws and what the session writes.
 * Everything a keypress needs is O(log n); `acceptedIds` and `listHunks`
 * walk every hunk and are for the end of a review or a full redraw.
 */

import { firstUndecidedFrom, forEachFrom, hunkCount, locate, startOf, undecidedCount, type Location } from "./hunkTree.js";
import type { ReviewedHunk, ReviewState } from "./types.js";

export function countHunks(state: ReviewState): number {
  return hunkCount(state.tree);
}

export function countUndecided(state: ReviewState): number {
  return undecidedCount(state.tree);
}

/** True when no hunk is left undecided (also for a review with no hunks). */
export function allDecided(state: ReviewState): boolean {
  return undecidedCount(state.tree) === 0;
}

/** Ids of the accepted hunks (parts of split hunks by their own ids), for `applyHunks` on `changesFor(state)`. */
export function acceptedIds(state: ReviewState): Set<string> {
  const ids = new Set<string>();
  forEachFrom(state.tree, 0, (part) => {
    if (part.decision === "accepted") ids.add(part.hunk.id);
    return true;
  });
  return ids;
}

/** The hunk at `index` among all hunks, with where it sits; null when out of range. */
export function hunkAt(state: ReviewState, index: number): ReviewedHunk | null {
  if (!Number.isInteger(index) || index < 0 || index >= countHunks(state)) return null;
  return describeAt(state, index, locate(state.tree, index));
}

export function selectedHunk(state: ReviewState): ReviewedHunk | null {
  return hunkAt(state, state.selected);
}

/** `count` hunks from `from` on (fewer at the end), for a pane that draws only its visible rows. */
export function hunksInRange(state: ReviewState, from: number, count: number): ReviewedHunk[] {
  const out: ReviewedHunk[] = [];
  if (count <= 0) return out;
  forEachFrom(state.tree, from, (_part, index) => {
    out.push(hunkAt(state, index)!);
    return out.length < count;
  });
  return out;
}

export function listHunks(state: ReviewState): ReviewedHunk[] {
  return hunksInRange(state, 0, countHunks(state));
}

/** How notices name a hunk: as the pane counts it, within its file ("hunk 2 in src/a.ts"). */
export function nameHunk(state: ReviewState, index: number): string {
  const hunk = hunkAt(state, index);
  return hunk ? `hunk ${hunk.inFile + 1} in ${state.files[hunk.file]!.change.path}` : `hunk ${index + 1}`;
}

/** "hunk 3 of 7, file 1 of 2", counting from 1 as people do. */
export function describePosition(hunk: ReviewedHunk): string {
  return `hunk ${hunk.inFile + 1} of ${hunk.inFileCount}, file ${hunk.file + 1} of ${hunk.fileCount}`;
}

/** The first undecided hunk, or -1: where a review starts and where the cockpit can send the user back. */
export function firstUndecided(state: ReviewState): number {
  return firstUndecidedFrom(state.tree, 0);
}

function describeAt(state: ReviewState, index: number, at: Location): ReviewedHunk {
  const part = at.slot.parts[at.part]!;
  const file = state.files[at.slot.file]!;
  const fileStart = startOf(state.tree, file.firstSlot);
  const fileEnd = startOf(state.tree, file.firstSlot + file.slotCount);
  return {
    hunk: part.hunk,
    decision: part.decision,
    edited: part.edited,
    index,
    count: countHunks(state),
    file: at.slot.file,
    fileCount: state.files.length,
    inFile: index - fileStart,
    inFileCount: fileEnd - fileStart,
  };
}
