/**
 * `u`: every change to the hunks (a decision, a split, an edit) pushes one
 * entry holding only the slots it replaced and the selection before it, so
 * pushing costs O(1) and undoing costs O(log n) per slot it restores.
 */

import { partAt, withSlot } from "./hunkTree.js";
import type { Slot } from "./slots.js";
import { makeState } from "./makeState.js";
import { nameHunk } from "./queries.js";
import { NOTHING_TO_UNDO, refuse } from "./notices.js";
import type { ReviewState, UndoableAction, UndoStack } from "./types.js";

export function pushUndo(
  below: UndoStack | null,
  action: UndoableAction,
  selected: number,
  slotIndex: number,
  slot: Slot,
  more: UndoStack["more"] = null,
): UndoStack {
  return { action, selected, slotIndex, slot, more, below, depth: (below?.depth ?? 0) + 1 };
}

const DONE: Record<UndoableAction, string> = {
  accept: "accepting",
  reject: "rejecting",
  acceptRestOfFile: "accepting the rest of the file at",
  rejectRestOfFile: "rejecting the rest of the file at",
  split: "splitting",
  setLines: "editing",
};

export function undo(state: ReviewState): ReviewState {
  const top = state.undo;
  if (!top) return refuse(state, NOTHING_TO_UNDO);
  let tree = withSlot(state.tree, top.slotIndex, top.slot);
  for (const [slot, before] of top.more ?? []) tree = withSlot(tree, slot, before);
  // The tree is again as it was before the action, so the hunk at the old selection is the one it ran on.
  // Named as the pane counts it ("hunk 2 in src/a.ts"), not by its internal id.
  const name = nameHunk({ ...state, tree }, top.selected);
  return makeState(state.files, tree, top.selected, top.below, state.query, { kind: "info", text: `Undid ${DONE[top.action]} ${name}.` });
}
