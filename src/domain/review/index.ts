/**
 * The hunk reviewer: `git add -p` over a proposal, as a pure reducer.
 *
 *   createReviewState(changes)      → every hunk undecided, the first selected
 *   reviewReducer(state, action)    → the state after one key (REVIEW_KEYS)
 *   selectedHunk / hunkAt / …       → what to draw
 *   changesFor + acceptedIds        → what applyHunks writes
 */

export type {
  Decision,
  Notice,
  ReviewAction,
  ReviewActionType,
  ReviewedFile,
  ReviewedHunk,
  ReviewPart,
  ReviewState,
} from "./types.js";
export { createReviewState, reviewReducer } from "./reviewState.js";
export {
  acceptedIds,
  allDecided,
  countHunks,
  countUndecided,
  describePosition,
  firstUndecided,
  hunkAt,
  hunksInRange,
  listHunks,
  selectedHunk,
} from "./queries.js";
export { changesFor } from "./changesFor.js";
export { REVIEW_KEYS, whyDisabled, type ReviewKey } from "./reviewKeys.js";
export { splitHunk, type SplitResult } from "./splitHunk.js";
export { editHunk, type EditResult } from "./editHunk.js";
