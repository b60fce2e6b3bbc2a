/**
 * Every state is built here, its fields always in one order. V8 then gives
 * all states one hidden class and building one is a plain object literal.
 * Object spreads (`{ ...state, selected }`) met states of several hidden
 * classes, went megamorphic, and cost about a microsecond a keypress.
 */

import type { HunkTree } from "./hunkTree.js";
import type { Notice, ReviewedFile, ReviewState, UndoStack } from "./types.js";

export function makeState(
  files: readonly ReviewedFile[],
  tree: HunkTree,
  selected: number,
  undo: UndoStack | null,
  query: string,
  notice: Notice | null,
): ReviewState {
  return { files, tree, selected, undo, query, notice };
}

/** The same state with the selection moved and a new notice. */
export function withSelection(state: ReviewState, selected: number, notice: Notice | null): ReviewState {
  return makeState(state.files, state.tree, selected, state.undo, state.query, notice);
}

/** The same state with a new notice only. */
export function withNotice(state: ReviewState, notice: Notice | null): ReviewState {
  return makeState(state.files, state.tree, state.selected, state.undo, state.query, notice);
}
