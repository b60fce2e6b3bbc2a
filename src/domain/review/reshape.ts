/**
 * s and e: actions that change a hunk itself rather than its decision. Both
 * replace the selected part inside its slot, so only that slot's path in
 * the tree is copied, and undo restores the slot as it was.
 */

import { splitLines } from "../edits/lines.js";
import { editHunk } from "./editHunk.js";
import { firstOld } from "./hunkShape.js";
import { hunkCount, locate, withSlot } from "./hunkTree.js";
import { makeSlot } from "./slots.js";
import { makeState } from "./makeState.js";
import { afterDecision } from "./navigate.js";
import { NO_HUNKS, refuse, WHOLE_FILE } from "./notices.js";
import { splitHunk } from "./splitHunk.js";
import type { ReviewPart, ReviewState } from "./types.js";
import { pushUndo } from "./undo.js";
import { nameHunk } from "./queries.js";

/**
 * The parts keep the hunk's decision (splitting does not change what would
 * be written) and the selection stays on the first of them.
 */
export function split(state: ReviewState): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  const at = locate(state.tree, state.selected);
  const part = at.slot.parts[at.part]!;
  const result = splitHunk(part.hunk);
  if (!result.ok) return refuse(state, result.reason);
  const pieces: ReviewPart[] = result.parts.map((hunk) => ({ hunk, decision: part.decision, edited: part.edited }));
  const parts = [...at.slot.parts.slice(0, at.part), ...pieces, ...at.slot.parts.slice(at.part + 1)];
  const tree = withSlot(state.tree, at.slotIndex, makeSlot(at.slot.file, parts));
  const undo = pushUndo(state.undo, "split", state.selected, at.slotIndex, at.slot);
  return makeState(state.files, tree, state.selected, undo, state.query, { kind: "info", text: `Split into ${pieces.length} hunks.` });
}

/**
 * The edited hunk replaces the selected one and is accepted, then the
 * selection moves on: in git, editing a hunk is how one stages it.
 */
export function setLines(state: ReviewState, lines: readonly string[]): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  const at = locate(state.tree, state.selected);
  const file = state.files[at.slot.file]!;
  if (file.change.kind !== "edit") return refuse(state, WHOLE_FILE);
  const part = at.slot.parts[at.part]!;
  const lineCount = splitLines(file.change.before ?? "").length;
  const endsFile = firstOld(part.hunk) - 1 + part.hunk.oldLines === lineCount;
  const result = editHunk(part.hunk, lines, endsFile);
  if (!result.ok) return refuse(state, result.reason);
  const parts = at.slot.parts.slice();
  parts[at.part] = { hunk: result.hunk, decision: "accepted", edited: true };
  const tree = withSlot(state.tree, at.slotIndex, makeSlot(at.slot.file, parts));
  const undo = pushUndo(state.undo, "setLines", state.selected, at.slotIndex, at.slot);
  return makeState(state.files, tree, afterDecision(tree, state.selected), undo, state.query, { kind: "info", text: `Edited and accepted ${nameHunk({ ...state, tree }, state.selected)}.` });
}
