/**
 * Moving the selection: j/k to the next or previous undecided hunk, J/K to
 * the next or previous hunk, g to a hunk by number. All O(log n): undecided
 * hunks are found through the tree's counts, never by scanning.
 *
 * J/K stop at the ends, as in git. j/k, like the move after y/n, wrap
 * around: the review spans every file of the draft, and the hunks a user
 * skipped are usually behind them once they reach the end.
 */

import { firstUndecidedFrom, hunkCount, lastUndecidedBefore, type HunkTree } from "./hunkTree.js";
import { withSelection } from "./makeState.js";
import { NO_HUNKS, NO_NEXT_HUNK, NO_OTHER_UNDECIDED, NO_PREVIOUS_HUNK, refuse } from "./notices.js";
import type { ReviewState } from "./types.js";

/** The next undecided hunk after `index`, wrapping to the first; -1 when no other hunk is undecided. */
export function nextUndecidedIndex(tree: HunkTree, index: number): number {
  const after = firstUndecidedFrom(tree, index + 1);
  if (after !== -1) return after;
  const wrapped = firstUndecidedFrom(tree, 0);
  return wrapped === index ? -1 : wrapped;
}

/** The previous undecided hunk before `index`, wrapping to the last; -1 when no other hunk is undecided. */
export function prevUndecidedIndex(tree: HunkTree, index: number): number {
  const before = lastUndecidedBefore(tree, index);
  if (before !== -1) return before;
  const wrapped = lastUndecidedBefore(tree, hunkCount(tree));
  return wrapped === index ? -1 : wrapped;
}

/** Where the selection goes after a decision: the next undecided hunk, or nowhere when none is left. */
export function afterDecision(tree: HunkTree, index: number): number {
  const next = nextUndecidedIndex(tree, index);
  return next === -1 ? index : next;
}

export function nextUndecided(state: ReviewState): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  const to = nextUndecidedIndex(state.tree, state.selected);
  if (to === -1) return refuse(state, NO_OTHER_UNDECIDED);
  return select(state, to, to < state.selected ? "Wrapped around to the first undecided hunk." : null);
}

export function prevUndecided(state: ReviewState): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  const to = prevUndecidedIndex(state.tree, state.selected);
  if (to === -1) return refuse(state, NO_OTHER_UNDECIDED);
  return select(state, to, to > state.selected ? "Wrapped around to the last undecided hunk." : null);
}

export function next(state: ReviewState): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  if (state.selected + 1 >= hunkCount(state.tree)) return refuse(state, NO_NEXT_HUNK);
  return select(state, state.selected + 1, null);
}

export function prev(state: ReviewState): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  if (state.selected === 0) return refuse(state, NO_PREVIOUS_HUNK);
  return select(state, state.selected - 1, null);
}

export function goto(state: ReviewState, index: number): ReviewState {
  const count = hunkCount(state.tree);
  if (count === 0) return refuse(state, NO_HUNKS);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    return refuse(state, `No hunk ${Number.isInteger(index) ? index + 1 : index}: the hunks are numbered 1 to ${count}.`);
  }
  return select(state, index, null);
}

function select(state: ReviewState, index: number, note: string | null): ReviewState {
  return withSelection(state, index, note === null ? null : { kind: "info", text: note });
}
