/**
 * The leaves of the hunk tree: one slot per drafted hunk, holding the parts
 * it has been split into (usually one) with their decisions, and the counts
 * the tree adds up.
 */

import type { Hunk } from "../edits/types.js";
import type { Decision, ReviewPart } from "./types.js";

export interface Slot {
  readonly leaf: true;
  /** Index of the file (in `ReviewState.files`) the drafted hunk belongs to. */
  readonly file: number;
  readonly parts: readonly ReviewPart[];
  readonly size: number;
  readonly undecided: number;
  /** For a drafted hunk as drafted (not split, not edited): its slot under each decision, built once. */
  readonly variants: SlotVariants | null;
}

export interface SlotVariants {
  readonly undecided: Slot;
  readonly accepted: Slot;
  readonly rejected: Slot;
}

/**
 * A drafted hunk's slot as a review starts: undecided, in one part. Such a
 * slot can only ever be in one of three states, so all three are built here,
 * once, and y/n/a/d pick one instead of allocating: the undo entry is then
 * all that a decision leaves behind, and a long review's history costs the
 * garbage collector little (at 2,000 hunks, slots made per keypress that
 * lived on in the tree and in undo had tripled the cost of y).
 *
 * These are object literals of their own, apart from `makeSlot`'s: V8
 * decides per literal whether to allocate straight into the old
 * generation, and the thousands of slots built here, all long-lived, must
 * not make it do so for the slots a split or an edit makes.
 */
export function initialSlot(file: number, hunk: Hunk): Slot {
  const variants: { undecided: Slot | null; accepted: Slot | null; rejected: Slot | null } = { undecided: null, accepted: null, rejected: null };
  const done = variants as SlotVariants;
  variants.undecided = { leaf: true, file, parts: [{ hunk, decision: "undecided", edited: false }], size: 1, undecided: 1, variants: done };
  variants.accepted = { leaf: true, file, parts: [{ hunk, decision: "accepted", edited: false }], size: 1, undecided: 0, variants: done };
  variants.rejected = { leaf: true, file, parts: [{ hunk, decision: "rejected", edited: false }], size: 1, undecided: 0, variants: done };
  return done.undecided;
}

/** A slot that is not as drafted: a split hunk's parts, or an edited hunk. */
export function makeSlot(file: number, parts: readonly ReviewPart[]): Slot {
  let undecided = 0;
  for (const p of parts) if (p.decision === "undecided") undecided++;
  return { leaf: true, file, parts, size: parts.length, undecided, variants: null };
}

/** The slot with every undecided part given `decision`. */
export function decideUndecided(slot: Slot, decision: Exclude<Decision, "undecided">): Slot {
  if (slot.variants) return slot.undecided > 0 ? slot.variants[decision] : slot;
  return makeSlot(
    slot.file,
    slot.parts.map((p) => (p.decision === "undecided" ? { hunk: p.hunk, decision, edited: p.edited } : p)),
  );
}

/** The slot with one part given `decision`; the same slot when that is its decision already. */
export function decidePart(slot: Slot, part: number, decision: Decision): Slot {
  if (slot.variants) return slot.variants[decision];
  if (slot.parts[part]!.decision === decision) return slot;
  const parts = slot.parts.slice();
  const old = slot.parts[part]!;
  parts[part] = { hunk: old.hunk, decision, edited: old.edited };
  return makeSlot(slot.file, parts);
}
