/**
 * The persistent tree against a plain array of the same parts: every query
 * answers as a scan of the array would, at sizes that need one, two and
 * three levels of branches, through random replacements of slots.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Hunk } from "../../../src/domain/edits/index.js";
import {
  buildTree,
  firstUndecidedFrom,
  forEachFrom,
  hunkCount,
  lastUndecidedBefore,
  locate,
  slotAt,
  startOf,
  undecidedCount,
  withSlot,
  type HunkTree,
} from "../../../src/domain/review/hunkTree.js";
import { makeSlot, type Slot } from "../../../src/domain/review/slots.js";
import type { Decision, ReviewPart } from "../../../src/domain/review/index.js";

const SEED = 20_250_301;

const part = (id: string, decision: Decision): ReviewPart => ({ hunk: { id } as Hunk, decision, edited: false });
const decisionArb = fc.constantFrom<Decision>("undecided", "accepted", "rejected");
/** A slot as a list of decisions, usually one part, sometimes a split hunk's few. */
const single = fc.array(decisionArb, { minLength: 1, maxLength: 1 });
const slotArb = fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: fc.array(decisionArb, { minLength: 1, maxLength: 5 }) });

function slotOf(index: number, decisions: readonly Decision[]): Slot {
  return makeSlot(0, decisions.map((d, p) => part(`s${index}.${p}`, d)));
}

function flat(slots: readonly (readonly Decision[])[]): { slot: number; part: number; decision: Decision }[] {
  return slots.flatMap((ds, slot) => ds.map((decision, p) => ({ slot, part: p, decision })));
}

/** Compares whole lists at once: one expect per query keeps the property quick. */
function check(tree: HunkTree, slots: readonly (readonly Decision[])[]): void {
  const parts = flat(slots);
  expect(hunkCount(tree)).toBe(parts.length);
  expect(undecidedCount(tree)).toBe(parts.filter((p) => p.decision === "undecided").length);

  const starts: number[] = [];
  let start = 0;
  for (const ds of slots) {
    starts.push(start);
    start += ds.length;
  }
  starts.push(start);
  expect(slots.map((_, s) => startOf(tree, s)).concat(startOf(tree, slots.length))).toEqual(starts);
  expect(slots.map((_, s) => slotAt(tree, s).parts.map((p) => p.decision))).toEqual(slots);
  expect(
    parts.map((_, i) => {
      const at = locate(tree, i);
      return { slot: at.slotIndex, part: at.part, decision: at.slot.parts[at.part]!.decision };
    }),
  ).toEqual(parts);

  // What a scan would answer from every starting point, built in two linear passes.
  const firstFrom: number[] = new Array<number>(parts.length + 2).fill(-1);
  for (let i = parts.length - 1; i >= 0; i--) firstFrom[i] = parts[i]!.decision === "undecided" ? i : firstFrom[i + 1]!;
  const lastBefore: number[] = [];
  let last = -1;
  for (let i = 0; i <= parts.length + 1; i++) {
    lastBefore.push(last);
    if (parts[i]?.decision === "undecided") last = i;
  }
  const points = firstFrom.map((_, i) => i);
  expect(points.map((i) => firstUndecidedFrom(tree, i))).toEqual(firstFrom);
  expect(points.map((i) => lastUndecidedBefore(tree, i))).toEqual(lastBefore);

  const seen: number[] = [];
  forEachFrom(tree, 0, (_p, i) => (seen.push(i), true));
  expect(seen).toEqual(parts.map((_, i) => i));
}

describe("hunkTree", () => {
  it("answers as a scan of the parts would, through random replacements", () => {
    fc.assert(
      fc.property(
        // Often no slot is split at first, as in a fresh review, where nodes find hunks by division.
        fc.tuple(fc.integer({ min: 0, max: 300 }), fc.boolean()).chain(([n, unsplit]) =>
          fc.tuple(fc.array(unsplit ? single : slotArb, { minLength: n, maxLength: n }), fc.array(fc.tuple(fc.nat(), slotArb), { maxLength: 6 })),
        ),
        ([initial, replacements]) => {
          const slots = initial.map((ds) => [...ds]);
          let tree = buildTree(slots.map((ds, i) => slotOf(i, ds)));
          const first = tree;
          check(tree, slots);
          for (const [at, ds] of replacements) {
            if (slots.length === 0) break;
            const s = at % slots.length;
            slots[s] = [...ds];
            tree = withSlot(tree, s, slotOf(s, ds));
            check(tree, slots);
          }
          // The first tree is untouched by every replacement.
          check(first, initial);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("stops a walk when asked", () => {
    const tree = buildTree(Array.from({ length: 40 }, (_, i) => slotOf(i, ["undecided"])));
    const seen: number[] = [];
    forEachFrom(tree, 17, (_p, i) => (seen.push(i), seen.length < 3));
    expect(seen).toEqual([17, 18, 19]);
  });

  it("holds an empty review", () => {
    const tree = buildTree([]);
    expect(hunkCount(tree)).toBe(0);
    expect(firstUndecidedFrom(tree, 0)).toBe(-1);
    expect(lastUndecidedBefore(tree, 0)).toBe(-1);
    expect(startOf(tree, 0)).toBe(0);
  });

  it("copies only one path per replacement", () => {
    const tree = buildTree(Array.from({ length: 2000 }, (_, i) => slotOf(i, ["undecided"])));
    expect(tree.height).toBe(3);
    const next = withSlot(tree, 1234, slotOf(1234, ["accepted"]));
    const shared = tree.root.children.filter((c, i) => c === next.root.children[i]).length;
    expect(shared).toBe(tree.root.children.length - 1);
  });
});
