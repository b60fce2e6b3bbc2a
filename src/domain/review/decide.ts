/**
 * y/n decide the selected hunk and move on to the next undecided one, as
 * `git add -p` does; a/d decide every undecided hunk of the selected hunk's
 * file. A decision can be changed by going back to a hunk and deciding again.
 */

import { decideAt, firstUndecidedFrom, hunkCount, locate, startOf, undecidedCount, withSlot } from "./hunkTree.js";
import { decideUndecided, type Slot } from "./slots.js";
import { makeState } from "./makeState.js";
import { afterDecision } from "./navigate.js";
import { NO_HUNKS, plural, refuse } from "./notices.js";
import type { Notice, ReviewState } from "./types.js";
import { pushUndo } from "./undo.js";

type Verdict = "accepted" | "rejected";

export function decide(state: ReviewState, decision: Verdict): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  const done = decideAt(state.tree, state.selected, decision);
  const tree = done.tree;
  // Deciding as already decided changes nothing to undo; it still moves on, as y/n do.
  const undo = tree === state.tree ? state.undo : pushUndo(state.undo, decision === "accepted" ? "accept" : "reject", state.selected, done.slotIndex, done.before);
  const selected = done.next !== -1 ? done.next : afterDecision(tree, state.selected);
  const notice = undecidedCount(tree) === 0 ? allDone(tree.root.size) : null;
  return makeState(state.files, tree, selected, undo, state.query, notice);
}

/** Why a/d would decide nothing: the selected hunk's file has no undecided hunk. */
export function noneUndecidedInFile(state: ReviewState): string | null {
  const file = state.files[locate(state.tree, state.selected).slot.file]!;
  const first = firstUndecidedFrom(state.tree, startOf(state.tree, file.firstSlot));
  return first !== -1 && first < startOf(state.tree, file.firstSlot + file.slotCount) ? null : noneLeftIn(file.change.path);
}

const noneLeftIn = (path: string): string => `No hunk of ${path} is undecided.`;

/** O(k log n) for the k hunks it decides: each one is reached through the counts. */
export function decideRestOfFile(state: ReviewState, decision: Verdict): ReviewState {
  if (hunkCount(state.tree) === 0) return refuse(state, NO_HUNKS);
  const at = locate(state.tree, state.selected);
  const file = state.files[at.slot.file]!;
  const end = startOf(state.tree, file.firstSlot + file.slotCount);
  const replaced: [number, Slot][] = [];
  let tree = state.tree;
  let decided = 0;
  for (let i = firstUndecidedFrom(tree, startOf(tree, file.firstSlot)); i !== -1 && i < end; ) {
    const hit = locate(tree, i);
    replaced.push([hit.slotIndex, hit.slot]);
    decided += hit.slot.undecided;
    tree = withSlot(tree, hit.slotIndex, decideUndecided(hit.slot, decision));
    i = firstUndecidedFrom(tree, i - hit.part + hit.slot.size);
  }
  const path = file.change.path;
  if (decided === 0) return refuse(state, noneLeftIn(path));
  const notice: Notice =
    undecidedCount(tree) === 0
      ? allDone(tree.root.size)
      : { kind: "info", text: `${decision === "accepted" ? "Accepted" : "Rejected"} ${plural(decided, "undecided hunk")} of ${path}.` };
  const [first, ...more] = replaced;
  const undo = pushUndo(state.undo, decision === "accepted" ? "acceptRestOfFile" : "rejectRestOfFile", state.selected, first![0], first![1], more);
  return makeState(state.files, tree, afterDecision(tree, state.selected), undo, state.query, notice);
}

function allDone(count: number): Notice {
  return { kind: "info", text: `All ${plural(count, "hunk")} decided.` };
}
