/**
 * Properties of what a review writes. Files are random, their changes are
 * the edit engine's own hunks (makeHunks, jsdiff structuredPatch with 3
 * lines of context), and a random run of keys splits, edits and decides
 * them. Whatever the keys, `applyHunks` on `changesFor(state)` with
 * `acceptedIds(state)` must give the file with exactly the accepted line
 * changes, computed here independently from the hunks' lines alone.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyHunks, type FileChange } from "../../../src/domain/edits/index.js";
import {
  acceptedIds,
  changesFor,
  countHunks,
  createReviewState,
  listHunks,
  reviewReducer,
  selectedHunk,
  type ReviewAction,
  type ReviewedHunk,
  type ReviewState,
} from "../../../src/domain/review/index.js";
import { changesOf, files } from "./reviewArbitraries.js";

/** Fixed so that CI sees the same cases every run; change it to explore. */
const SEED = 20_250_302;
const RUNS = 300;

// ---------------------------------------------------------------- keys

type Step =
  | { key: "goto"; at: number }
  | { key: "edit"; drop: boolean[]; keep: boolean[] }
  | { key: Exclude<ReviewAction["type"], "goto" | "search" | "setLines"> };

const moves = ["next", "prev", "nextUndecided", "prevUndecided"] as const;
const decisions = ["accept", "reject", "acceptRestOfFile", "rejectRestOfFile"] as const;
const stepArb = (withEdits: boolean): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((at): Step => ({ key: "goto", at })) },
    { weight: 3, arbitrary: fc.constant<Step>({ key: "split" }) },
    { weight: 4, arbitrary: fc.constantFrom(...decisions).map((key): Step => ({ key })) },
    { weight: 2, arbitrary: fc.constantFrom(...moves).map((key): Step => ({ key })) },
    { weight: 1, arbitrary: fc.constant<Step>({ key: "undo" }) },
    {
      weight: withEdits ? 3 : 0,
      arbitrary: fc
        .record({ drop: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), keep: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }) })
        .map((e): Step => ({ key: "edit", ...e })),
    },
  );

/**
 * An edit a reviewer might make in the editor: drop some added lines (with
 * their markers) and turn some removed lines into context. The old side is
 * untouched, so it applies unless it changes nothing or strands a marker.
 */
function edited(lines: readonly string[], drop: readonly boolean[], keep: readonly boolean[]): string[] {
  const out: string[] = [];
  let dropping = false;
  lines.forEach((l, i) => {
    if (l.startsWith("\\")) {
      if (!dropping) out.push(l);
      return;
    }
    dropping = l.startsWith("+") && drop[i % drop.length]!;
    if (dropping) return;
    out.push(l.startsWith("-") && keep[i % keep.length]! ? ` ${l.slice(1)}` : l);
  });
  return out;
}

function run(state: ReviewState, steps: readonly Step[]): ReviewState {
  return steps.reduce<ReviewState>((s, step) => {
    if (step.key === "goto") return reviewReducer(s, { type: "goto", index: countHunks(s) === 0 ? 0 : step.at % countHunks(s) });
    if (step.key === "edit") {
      const h = selectedHunk(s);
      return h ? reviewReducer(s, { type: "setLines", lines: edited(h.hunk.lines, step.drop, step.keep) }) : s;
    }
    return reviewReducer(s, { type: step.key });
  }, state);
}

// ---------------------------------------------------------------- the oracle

/** "h3.1.2" came from drafted hunk "h3". */
const origin = (id: string): string => id.split(".")[0]!;

/**
 * The file with exactly the accepted line changes, from the drafted hunks'
 * places and the current parts' lines: every part's unchanged and removed
 * lines are the drafted hunk's old lines in order (split and edit keep the
 * old side), so walking them keeps, drops or adds each line by its part's
 * decision alone.
 */
function expected(change: FileChange, hunks: readonly ReviewedHunk[]): string | null {
  const accepted = hunks.filter((h) => h.decision === "accepted").length;
  if (change.kind === "delete") return accepted === hunks.length && accepted > 0 ? null : change.before;
  if (change.kind === "create" && accepted === 0) return null;
  const eol = (change.before ?? "").includes("\r\n") || (change.after ?? "").includes("\r\n") ? "\r\n" : "\n";
  const before = lines(change.before ?? "");
  const out: string[] = [];
  let cursor = 0;
  for (const drafted of change.hunks) {
    const parts = hunks.filter((h) => origin(h.hunk.id) === drafted.id);
    let old = drafted.oldLines === 0 ? drafted.oldStart : drafted.oldStart - 1;
    out.push(...before.slice(cursor, old));
    for (const { hunk, decision } of parts) {
      const take = decision === "accepted";
      hunk.lines.forEach((l, i) => {
        if (l.startsWith(" ")) out.push(before[old++]!);
        else if (l.startsWith("-")) {
          if (!take) out.push(before[old]!);
          old++;
        } else if (l.startsWith("+") && take) out.push(l.slice(1) + (hunk.lines[i + 1]?.startsWith("\\") ? "" : eol));
      });
    }
    cursor = old;
  }
  out.push(...before.slice(cursor));
  return out.join("");
}

function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function written(state: ReviewState): (string | null)[] {
  const ids = acceptedIds(state);
  return changesFor(state).map((c) => applyHunks(c, ids));
}

function byFile(state: ReviewState): ReviewedHunk[][] {
  const out: ReviewedHunk[][] = state.files.map(() => []);
  for (const h of listHunks(state)) out[h.file]!.push(h);
  return out;
}

/** Splits every hunk that can be split, again and again, wherever it is. */
function splitAll(state: ReviewState, pick: readonly number[]): ReviewState {
  let s = state;
  for (const p of pick) s = reviewReducer(reviewReducer(s, { type: "goto", index: countHunks(s) === 0 ? 0 : p % countHunks(s) }), { type: "split" });
  return s;
}

/** Gives every hunk the decision its drafted hunk gets in `decide`. */
function decideByOrigin(state: ReviewState, decide: (id: string) => boolean): ReviewState {
  let s = state;
  for (let i = 0; i < countHunks(s); i++) {
    s = reviewReducer(s, { type: "goto", index: i });
    s = reviewReducer(s, { type: decide(origin(selectedHunk(s)!.hunk.id)) ? "accept" : "reject" });
  }
  return s;
}

// ---------------------------------------------------------------- properties

describe("what a review writes", () => {
  it("is the file with exactly the accepted line changes, after any splits and decisions", () => {
    fc.assert(
      fc.property(files, fc.array(stepArb(false), { maxLength: 40, size: "medium" }), (specs, steps) => {
        const changes = changesOf(specs);
        const state = run(createReviewState(changes), steps);
        const hunks = byFile(state);
        expect(written(state)).toEqual(changes.map((c, f) => expected(c, hunks[f]!)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("is the file with exactly the accepted line changes, after edits too", () => {
    fc.assert(
      fc.property(files, fc.array(stepArb(true), { maxLength: 40, size: "medium" }), (specs, steps) => {
        const changes = changesOf(specs);
        const state = run(createReviewState(changes), steps);
        const hunks = byFile(state);
        const out = changesFor(state);
        expect(written(state)).toEqual(out.map((_c, f) => expected(changes[f]!, hunks[f]!)));
        // Each change is coherent: every hunk's counts are its lines', and all accepted gives its `after`.
        for (const c of out) {
          for (const h of c.hunks) {
            expect(h.oldLines).toBe(h.lines.filter((l) => l[0] === " " || l[0] === "-").length);
            expect(h.newLines).toBe(h.lines.filter((l) => l[0] === " " || l[0] === "+").length);
          }
          expect(applyHunks(c, new Set(c.hunks.map((h) => h.id)))).toBe(c.after);
        }
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it("is the same whether a hunk is decided whole or as all of its parts", () => {
    fc.assert(
      fc.property(files, fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }), (specs, picks, coin) => {
        const changes = changesOf(specs);
        const drafted = changes.flatMap((c) => c.hunks.map((h) => h.id));
        const decide = (id: string) => coin[drafted.indexOf(id) % coin.length]!;
        const whole = decideByOrigin(createReviewState(changes), decide);
        const parts = decideByOrigin(splitAll(createReviewState(changes), picks), decide);
        expect(written(parts)).toEqual(written(whole));
        expect(written(whole)).toEqual(changes.map((c) => applyHunks(c, new Set(drafted.filter(decide)))));
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it("is `before` when every part is rejected and `after` when every part is accepted", () => {
    fc.assert(
      fc.property(files, fc.array(fc.nat(), { maxLength: 12 }), (specs, picks) => {
        const changes = changesOf(specs);
        const split = splitAll(createReviewState(changes), picks);
        expect(written(decideByOrigin(split, () => false))).toEqual(changes.map((c) => c.before));
        expect(written(decideByOrigin(split, () => true))).toEqual(changes.map((c) => c.after));
        // Undecided hunks are not written either.
        expect(written(split)).toEqual(changes.map((c) => c.before));
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });

  it("splits hunks often enough to mean something", () => {
    // Guards the generators: if they stopped making hunks with several runs, the properties above would test little.
    let splittable = 0;
    fc.assert(
      fc.property(files, (specs) => {
        const state = createReviewState(changesOf(specs));
        const split = splitAll(state, Array.from({ length: countHunks(state) }, (_, i) => i));
        if (countHunks(split) > countHunks(state)) splittable++;
      }),
      { seed: SEED + 4, numRuns: 200 },
    );
    expect(splittable).toBeGreaterThan(40);
  });
});
