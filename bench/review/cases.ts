/**
 * What the bench times: each key at each review size, and the state the
 * key is pressed on.
 */

import { createReviewState, reviewReducer, type ReviewAction, type ReviewState } from "../../src/domain/review/index.js";
import { reviewChanges } from "./fixture.js";

export const SIZES = [
  { hunks: 20, files: 4 },
  { hunks: 2000, files: 8 },
] as const;

export interface Key {
  key: string;
  /** Also builds the Review pane's rows after each press, as the cockpit draws them (highlighting included). */
  pane?: boolean;
  action: ReviewAction;
  /** The state the key is pressed on, from a fresh review with every hunk undecided. */
  prepare: (fresh: ReviewState) => ReviewState;
}

export const KEYS: readonly Key[] = [
  {
    key: "j",
    action: { type: "nextUndecided" },
    // Every third hunk already accepted, so that j has decided hunks to skip.
    prepare: (fresh) => {
      let s = fresh;
      for (let i = 0; i < fresh.tree.root.size; i += 3) s = reviewReducer(reviewReducer(s, { type: "goto", index: i }), { type: "accept" });
      return reviewReducer(s, { type: "goto", index: 1 });
    },
  },
  // From a fresh review; once every hunk is accepted the timing loop starts it again.
  { key: "y", action: { type: "accept" }, prepare: (fresh) => fresh },
];

/** The same keys with the Review pane's rows built after each press: what a keypress costs the cockpit. */
export const PANE_KEYS: readonly Key[] = KEYS.map((k) => ({ ...k, key: `${k.key}+pane`, pane: true }));

export interface Case {
  /** "j@2000": how the parent names the case to a child process. */
  id: string;
  key: Key;
  hunks: number;
  files: number;
}

export const CASES: readonly Case[] = [...KEYS, ...PANE_KEYS].flatMap((key) =>
  SIZES.map((size) => ({ id: `${key.key}@${size.hunks}`, key, hunks: size.hunks, files: size.files })),
);

/** The review a case presses its key on. */
export function startOf(c: Case): ReviewState {
  return c.key.prepare(createReviewState(reviewChanges(c.hunks, c.files)));
}
