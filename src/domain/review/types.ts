/**
 * The shapes of the hunk reviewer: a `git add -p` over a whole proposal,
 * driven one key at a time by `reviewReducer`. The state is persistent:
 * every action returns a new state sharing almost all of the old one and
 * never changes the old one, so the cockpit can keep it in React state.
 */

import type { FileChange, Hunk } from "../edits/types.js";
import type { HunkTree } from "./hunkTree.js";
import type { Slot } from "./slots.js";

export type Decision = "accepted" | "rejected" | "undecided";

/** One hunk as the reviewer holds it: a drafted hunk, or a part of one after `split`. */
export interface ReviewPart {
  /**
   * A true hunk of its file. A part of a split hunk has the id of the hunk it
   * came from plus ".1", ".2", … and its numbers are those of the draft.
   */
  readonly hunk: Hunk;
  readonly decision: Decision;
  /**
   * Its lines were replaced by `setLines`: its new side no longer comes from
   * the draft's `after`, and `changesFor` rebuilds the file's `after` and
   * renumbers the hunks after it.
   */
  readonly edited: boolean;
}

/** One file of the review: its change as drafted and where its hunks sit. */
export interface ReviewedFile {
  readonly change: FileChange;
  /** Index of the file's first drafted hunk among all drafted hunks. */
  readonly firstSlot: number;
  /** How many hunks the draft has for it (parts of a split hunk count as one here). */
  readonly slotCount: number;
}

/** What the last key did not do, or a short note on what it did; cleared by the next key. */
export interface Notice {
  readonly kind: "info" | "refused";
  readonly text: string;
}

export type UndoableAction = "accept" | "reject" | "acceptRestOfFile" | "rejectRestOfFile" | "split" | "setLines";

/**
 * The undo history: a persistent stack, one node per change to the hunks
 * (a decision, a split, an edit), holding only the slots that change
 * replaced. Pushing is one small object, so a long review's history stays
 * cheap to keep.
 */
export interface UndoStack {
  readonly action: UndoableAction;
  /** The selection before the action (undo names the hunk there once the slots are restored). */
  readonly selected: number;
  /** The first slot the action replaced, and what it held before: all that y, n, s and e replace. */
  readonly slotIndex: number;
  readonly slot: Slot;
  /** The other slots a and d replaced, with what they held. */
  readonly more: readonly (readonly [slot: number, before: Slot])[] | null;
  readonly below: UndoStack | null;
  readonly depth: number;
}

export interface ReviewState {
  readonly files: readonly ReviewedFile[];
  /** Every hunk in file then position order, with decisions and counts (read it through `queries.ts`). */
  readonly tree: HunkTree;
  /** Index of the selected hunk among all hunks (0 in an empty review). */
  readonly selected: number;
  readonly undo: UndoStack | null;
  /** The last text searched for with `/`; an empty search repeats it. */
  readonly query: string;
  readonly notice: Notice | null;
}

/** The reviewer's actions, named after the `git add -p` keys that trigger them. */
export type ReviewAction =
  /** y */
  | { type: "accept" }
  /** n */
  | { type: "reject" }
  /** a: accept every undecided hunk of the selected hunk's file. */
  | { type: "acceptRestOfFile" }
  /** d: reject every undecided hunk of the selected hunk's file. */
  | { type: "rejectRestOfFile" }
  /** j */
  | { type: "nextUndecided" }
  /** k */
  | { type: "prevUndecided" }
  /** J */
  | { type: "next" }
  /** K */
  | { type: "prev" }
  /** g: `index` counts from 0 over all hunks. */
  | { type: "goto"; index: number }
  /** / */
  | { type: "search"; query: string }
  /** s */
  | { type: "split" }
  /** u */
  | { type: "undo" }
  /** e: the edited hunk's lines, prefixed ' ', '-', '+' or '\' as in `Hunk.lines`. */
  | { type: "setLines"; lines: readonly string[] };

export type ReviewActionType = ReviewAction["type"];

/** A hunk with where it sits, for the reviewer's display ("hunk 3 of 7, file 1 of 2"). */
export interface ReviewedHunk extends ReviewPart {
  /** Among all hunks, from 0. */
  readonly index: number;
  readonly count: number;
  /** Index into `state.files`, from 0. */
  readonly file: number;
  readonly fileCount: number;
  /** Among its file's hunks, from 0. */
  readonly inFile: number;
  readonly inFileCount: number;
}
