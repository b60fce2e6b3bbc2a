/**
 * The reviewer's one-line answers. A key that cannot act returns the state
 * unchanged but for a refusal that says why; the status bar shows it, and
 * `whyDisabled` gives the same words before the key is pressed.
 */

import { withNotice } from "./makeState.js";
import type { ReviewState } from "./types.js";

export const NO_HUNKS = "There are no hunks to review.";
export const NOTHING_TO_UNDO = "Nothing to undo.";
export const NO_NEXT_HUNK = "No next hunk.";
export const NO_PREVIOUS_HUNK = "No previous hunk.";
export const NO_OTHER_UNDECIDED = "No other hunk is undecided.";
export const NO_QUERY = "Type some text to search for.";
export const WHOLE_FILE =
  "A file that is created or deleted is one decision; accept or reject it whole, and edit it after it is written.";

export function refuse(state: ReviewState, text: string): ReviewState {
  return withNotice(state, { kind: "refused", text });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
