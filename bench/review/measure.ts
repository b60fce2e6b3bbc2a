/**
 * Timing one key: pressed many times in a row on a prepared state, in
 * batches; a batch's cost is its wall time over its presses. Untimed
 * batches first let the JIT compile the reducer (with two, the first timed
 * batch was sometimes still a third slower than the rest).
 */

const WARM_UP_BATCHES = 4;

import { allDecided, reviewReducer, type ReviewAction, type ReviewState } from "../../src/domain/review/index.js";
import { liveReviewRows } from "../../src/tui/liveReviewRows.js";

/** The Review pane's inner size in a 100×30 terminal's wide-enough layout: what `draw` builds rows for. */
const PANE = { width: 80, height: 20 };

/** Builds the rows the Review pane would draw for `state`; returns their count. */
export function drawPane(state: ReviewState): number {
  const view = liveReviewRows({ ticket: "T-001", title: "Bench", criteria: ["one criterion"], state, refusals: [] }, PANE.width, PANE.height, 0);
  return view.head.length + view.body.length;
}

/** Written after each batch so that the engine cannot drop the presses as unused. */
export let sink = 0;

/** ns per press of each timed batch. */
export function timeKey(start: ReviewState, action: ReviewAction, presses: number, batches: number, draw?: (state: ReviewState) => number): number[] {
  for (let i = 0; i < WARM_UP_BATCHES; i++) batch(start, action, presses, draw);
  return Array.from({ length: batches }, () => batch(start, action, presses, draw));
}

/**
 * A key that decides hunks runs out of hunks: once every hunk is decided
 * the state goes back to the start (one O(1) check per press, timed with it).
 */
function batch(start: ReviewState, action: ReviewAction, presses: number, draw?: (state: ReviewState) => number): number {
  let state = start;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < presses; i++) {
    state = reviewReducer(state, action);
    if (allDecided(state)) state = start;
    if (draw) sink += draw(state);
  }
  const ns = Number(process.hrtime.bigint() - t0);
  sink += state.selected;
  return ns / presses;
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
