/**
 * The reducer against a model written the plain way: an array of hunks
 * copied on every change, scanned on every move, and a stack of whole
 * copies for undo. After every key the two must agree on the hunks, their
 * order and decisions, the selection, the undo depth and whether the key
 * was refused. The model is slow and obvious; the reducer is neither.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileChange, Hunk } from "../../../src/domain/edits/index.js";
import {
  createReviewState,
  listHunks,
  reviewReducer,
  splitHunk,
  whyDisabled,
  type Decision,
  type ReviewAction,
  type ReviewState,
} from "../../../src/domain/review/index.js";
import { changesOf, files } from "./reviewArbitraries.js";

const SEED = 20_250_303;

interface ModelHunk {
  hunk: Hunk;
  file: number;
  decision: Decision;
}

interface Model {
  hunks: ModelHunk[];
  selected: number;
  history: { hunks: ModelHunk[]; selected: number }[];
  query: string;
  /** What the last key's notice was. */
  outcome: "none" | "info" | "refused";
}

function modelOf(changes: readonly FileChange[]): Model {
  const hunks = changes.flatMap((c, file) => c.hunks.map((hunk) => ({ hunk, file, decision: "undecided" as Decision })));
  return { hunks, selected: 0, history: [], query: "", outcome: "none" };
}

/** Indices scanned in order: after the selection to the end, then from the start up to `through`. */
function scan(m: Model, from: number, through: number, test: (h: ModelHunk) => boolean): number {
  for (let i = from; i < m.hunks.length; i++) if (test(m.hunks[i]!)) return i;
  for (let i = 0; i <= through && i < m.hunks.length; i++) if (test(m.hunks[i]!)) return i;
  return -1;
}

const undecided = (h: ModelHunk) => h.decision === "undecided";

function moveOn(m: Model): number {
  const next = scan(m, m.selected + 1, m.selected - 1, undecided);
  return next === -1 ? m.selected : next;
}

function step(m: Model, action: ReviewAction): Model {
  const refused: Model = { ...m, outcome: "refused" };
  const n = m.hunks.length;
  const saved = { hunks: m.hunks, selected: m.selected };
  if (action.type === "undo") {
    const last = m.history[m.history.length - 1];
    return last ? { ...m, ...last, history: m.history.slice(0, -1), outcome: "info" } : refused;
  }
  if (action.type === "search") {
    const query = action.query === "" ? m.query : action.query;
    if (query === "") return refused;
    if (n === 0) return { ...refused, query };
    const found = scan(m, m.selected + 1, m.selected, (h) => h.hunk.lines.some((l) => l.includes(query)));
    if (found === -1) return { ...refused, query };
    return { ...m, query, selected: found, outcome: found <= m.selected ? "info" : "none" };
  }
  if (n === 0) return refused;
  const current = m.hunks[m.selected]!;
  switch (action.type) {
    case "accept":
    case "reject": {
      const decision: Decision = action.type === "accept" ? "accepted" : "rejected";
      if (current.decision === decision) {
        const next = { ...m, selected: moveOn(m) };
        return { ...next, outcome: next.hunks.some(undecided) ? "none" : "info" };
      }
      const hunks = m.hunks.map((h, i) => (i === m.selected ? { ...h, decision } : h));
      const next = { ...m, hunks, history: [...m.history, saved] };
      return { ...next, selected: moveOn(next), outcome: hunks.some(undecided) ? "none" : "info" };
    }
    case "acceptRestOfFile":
    case "rejectRestOfFile": {
      const decision: Decision = action.type === "acceptRestOfFile" ? "accepted" : "rejected";
      if (!m.hunks.some((h) => h.file === current.file && undecided(h))) return refused;
      const hunks = m.hunks.map((h) => (h.file === current.file && undecided(h) ? { ...h, decision } : h));
      const next = { ...m, hunks, history: [...m.history, saved] };
      return { ...next, selected: moveOn(next), outcome: "info" };
    }
    case "nextUndecided": {
      const to = scan(m, m.selected + 1, m.selected - 1, undecided);
      return to === -1 ? refused : { ...m, selected: to, outcome: to < m.selected ? "info" : "none" };
    }
    case "prevUndecided": {
      let to = -1;
      for (let i = m.selected - 1; i >= 0 && to === -1; i--) if (undecided(m.hunks[i]!)) to = i;
      for (let i = n - 1; i > m.selected && to === -1; i--) if (undecided(m.hunks[i]!)) to = i;
      return to === -1 ? refused : { ...m, selected: to, outcome: to > m.selected ? "info" : "none" };
    }
    case "next":
      return m.selected + 1 < n ? { ...m, selected: m.selected + 1, outcome: "none" } : refused;
    case "prev":
      return m.selected > 0 ? { ...m, selected: m.selected - 1, outcome: "none" } : refused;
    case "goto":
      return action.index >= 0 && action.index < n ? { ...m, selected: action.index, outcome: "none" } : refused;
    case "split": {
      const result = splitHunk(current.hunk);
      if (!result.ok) return refused;
      const parts = result.parts.map((hunk) => ({ hunk, file: current.file, decision: current.decision }));
      const hunks = [...m.hunks.slice(0, m.selected), ...parts, ...m.hunks.slice(m.selected + 1)];
      return { ...m, hunks, history: [...m.history, saved], outcome: "info" };
    }
    case "setLines":
      throw new Error("edits are checked by the changesFor properties");
  }
}

function agree(state: ReviewState, m: Model): void {
  expect(listHunks(state).map((h) => [h.hunk.id, h.file, h.decision])).toEqual(m.hunks.map((h) => [h.hunk.id, h.file, h.decision]));
  expect(state.selected).toBe(m.selected);
  expect(state.undo?.depth ?? 0).toBe(m.history.length);
  expect(state.notice?.kind ?? "none").toBe(m.outcome);
  expect(state.query).toBe(m.query);
}

const actionArb: fc.Arbitrary<ReviewAction> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<ReviewAction>({ type: "accept" }, { type: "reject" }, { type: "split" }) },
  { weight: 2, arbitrary: fc.constantFrom<ReviewAction>({ type: "acceptRestOfFile" }, { type: "rejectRestOfFile" }, { type: "undo" }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<ReviewAction>({ type: "next" }, { type: "prev" }, { type: "nextUndecided" }, { type: "prevUndecided" }),
  },
  { weight: 2, arbitrary: fc.integer({ min: -1, max: 12 }).map((index): ReviewAction => ({ type: "goto", index })) },
  { weight: 1, arbitrary: fc.constantFrom("a", "+b", "-line 1", "}", "", "zzz").map((query): ReviewAction => ({ type: "search", query })) },
);

describe("reviewReducer against a plain model", () => {
  it("agrees after every key", () => {
    fc.assert(
      fc.property(files, fc.array(actionArb, { maxLength: 60, size: "medium" }), (specs, actions) => {
        const changes = changesOf(specs);
        let state = createReviewState(changes);
        let model = modelOf(changes);
        agree(state, model);
        for (const action of actions) {
          state = reviewReducer(state, action);
          model = step(model, action);
          agree(state, model);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("says a key is disabled exactly when pressing it would be refused", () => {
    const keys: ReviewAction[] = [
      { type: "accept" },
      { type: "reject" },
      { type: "acceptRestOfFile" },
      { type: "rejectRestOfFile" },
      { type: "nextUndecided" },
      { type: "prevUndecided" },
      { type: "next" },
      { type: "prev" },
      { type: "split" },
      { type: "undo" },
    ];
    fc.assert(
      fc.property(files, fc.array(actionArb, { maxLength: 40, size: "medium" }), (specs, actions) => {
        const state = actions.reduce(reviewReducer, createReviewState(changesOf(specs)));
        for (const key of keys) {
          const reason = whyDisabled(state, key.type);
          const pressed = reviewReducer(state, key).notice;
          expect(reason).toBe(pressed?.kind === "refused" ? pressed.text : null);
        }
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });
});
