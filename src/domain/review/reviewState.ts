/**
 * The hunk reviewer's core: `createReviewState` from a proposal's changes,
 * and `reviewReducer`, a pure function from a state and one key's action to
 * the next state, modelled on `git add -p`. No terminal, no I/O: the cockpit
 * maps keys to actions, draws the state, and at the end writes
 * `applyHunks(change, acceptedIds(state))` for each of `changesFor(state)`.
 *
 * Every key but `/` costs O(log n) in the number of hunks (a/d: O(log n)
 * per hunk they decide) and shares all but one tree path with the state
 * before; undo keeps only the slots a change replaced.
 */

import type { FileChange } from "../edits/types.js";
import { decide, decideRestOfFile } from "./decide.js";
import { buildTree } from "./hunkTree.js";
import { initialSlot, type Slot } from "./slots.js";
import { makeState } from "./makeState.js";
import { goto, next, nextUndecided, prev, prevUndecided } from "./navigate.js";
import { setLines, split } from "./reshape.js";
import { search } from "./search.js";
import type { ReviewAction, ReviewedFile, ReviewState } from "./types.js";
import { undo } from "./undo.js";

/** Every hunk undecided, the first one selected. */
export function createReviewState(changes: readonly FileChange[]): ReviewState {
  const files: ReviewedFile[] = [];
  const slots: Slot[] = [];
  changes.forEach((change, f) => {
    files.push({ change, firstSlot: slots.length, slotCount: change.hunks.length });
    for (const hunk of change.hunks) slots.push(initialSlot(f, hunk));
  });
  return makeState(files, buildTree(slots), 0, null, "", null);
}

export function reviewReducer(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case "accept":
      return decide(state, "accepted");
    case "reject":
      return decide(state, "rejected");
    case "acceptRestOfFile":
      return decideRestOfFile(state, "accepted");
    case "rejectRestOfFile":
      return decideRestOfFile(state, "rejected");
    case "nextUndecided":
      return nextUndecided(state);
    case "prevUndecided":
      return prevUndecided(state);
    case "next":
      return next(state);
    case "prev":
      return prev(state);
    case "goto":
      return goto(state, action.index);
    case "search":
      return search(state, action.query);
    case "split":
      return split(state);
    case "undo":
      return undo(state);
    case "setLines":
      return setLines(state, action.lines);
  }
}
