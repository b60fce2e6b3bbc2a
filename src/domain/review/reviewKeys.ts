/**
 * The reviewer's keys as data, the keys of `git add -p`, so that the
 * cockpit's command registry, status bar and `?` help are generated from
 * one list. `whyDisabled` says why a key would do nothing now, in the words
 * the reducer would answer with. q (quit) and ? (help) belong to the cockpit.
 */

import { noneUndecidedInFile } from "./decide.js";
import { hunkCount, locate } from "./hunkTree.js";
import { nextUndecidedIndex, prevUndecidedIndex } from "./navigate.js";
import { NO_HUNKS, NO_NEXT_HUNK, NO_OTHER_UNDECIDED, NO_PREVIOUS_HUNK, NOTHING_TO_UNDO, WHOLE_FILE } from "./notices.js";
import { whyNoSplit } from "./splitHunk.js";
import type { ReviewActionType, ReviewState } from "./types.js";

export interface ReviewKey {
  key: string;
  action: ReviewActionType;
  /** One or two words for the status bar. */
  label: string;
  description: string;
}

export const REVIEW_KEYS: readonly ReviewKey[] = [
  { key: "y", action: "accept", label: "accept", description: "accept this hunk and go to the next undecided one" },
  { key: "n", action: "reject", label: "reject", description: "reject this hunk and go to the next undecided one" },
  { key: "a", action: "acceptRestOfFile", label: "accept file", description: "accept every undecided hunk of this file" },
  { key: "d", action: "rejectRestOfFile", label: "reject file", description: "reject every undecided hunk of this file" },
  { key: "j", action: "nextUndecided", label: "next undecided", description: "leave this hunk undecided, go to the next undecided hunk" },
  { key: "k", action: "prevUndecided", label: "prev undecided", description: "leave this hunk undecided, go to the previous undecided hunk" },
  { key: "J", action: "next", label: "next", description: "leave this hunk undecided, go to the next hunk" },
  { key: "K", action: "prev", label: "prev", description: "leave this hunk undecided, go to the previous hunk" },
  { key: "g", action: "goto", label: "go to", description: "go to a hunk by its number" },
  { key: "/", action: "search", label: "search", description: "go to the next hunk with a line containing the text" },
  { key: "s", action: "split", label: "split", description: "split this hunk at the unchanged lines between its changes" },
  { key: "e", action: "setLines", label: "edit", description: "edit this hunk's new lines, then accept it" },
  { key: "u", action: "undo", label: "undo", description: "undo the last decision, split or edit" },
];

/** Why the action would change nothing now, or null when it would act. */
export function whyDisabled(state: ReviewState, action: ReviewActionType): string | null {
  if (action === "undo") return state.undo ? null : NOTHING_TO_UNDO;
  const count = hunkCount(state.tree);
  if (count === 0) return action === "search" ? null : NO_HUNKS;
  switch (action) {
    case "nextUndecided":
      return nextUndecidedIndex(state.tree, state.selected) === -1 ? NO_OTHER_UNDECIDED : null;
    case "prevUndecided":
      return prevUndecidedIndex(state.tree, state.selected) === -1 ? NO_OTHER_UNDECIDED : null;
    case "acceptRestOfFile":
    case "rejectRestOfFile":
      return noneUndecidedInFile(state);
    case "next":
      return state.selected + 1 >= count ? NO_NEXT_HUNK : null;
    case "prev":
      return state.selected === 0 ? NO_PREVIOUS_HUNK : null;
    case "split": {
      const at = locate(state.tree, state.selected);
      return whyNoSplit(at.slot.parts[at.part]!.hunk);
    }
    case "setLines": {
      const at = locate(state.tree, state.selected);
      return state.files[at.slot.file]!.change.kind === "edit" ? null : WHOLE_FILE;
    }
    default:
      return null;
  }
}
