/**
 * Every hunk of a review in a persistent B-tree, so that a keypress costs
 * O(log n) and shares the rest of the state instead of copying it.
 *
 * The leaves are "slots", one per drafted hunk, each holding the parts that
 * hunk has been split into (usually one). The number of slots never changes,
 * so the tree keeps its shape for its whole life: a slot is found by
 * arithmetic on its index, and a split only grows one leaf. Every node
 * counts the parts under it (to find the i-th hunk) and the undecided ones
 * among them (to skip decided subtrees when looking for the next undecided
 * hunk). A change copies one path of at most `height` nodes of `FANOUT`
 * children each.
 *
 * Until hunks are split, the i-th hunk is the i-th slot, and a node whose
 * slots hold one part each finds the child holding a hunk by division
 * instead of adding up its children's sizes: most keys then cost a few
 * steps per level, whatever the fanout.
 */

import { decidePart, type Slot } from "./slots.js";
import type { Decision, ReviewPart } from "./types.js";

/** Wide enough that 2,000 hunks sit three levels deep, narrow enough that a copied node stays small. */
const FANOUT = 16;

export interface Branch {
  readonly leaf: false;
  readonly children: readonly TreeNode[];
  readonly size: number;
  readonly undecided: number;
  /** Slots under this node; equal to `size` while none of them is split. */
  readonly slots: number;
}

export type TreeNode = Slot | Branch;

export interface HunkTree {
  readonly root: Branch;
  /** Levels of branches above the slots (at least 1). */
  readonly height: number;
  readonly slotCount: number;
}

/** Where a hunk is: its slot and its place among the slot's parts. */
export interface Location {
  readonly slotIndex: number;
  readonly slot: Slot;
  readonly part: number;
}

function makeBranch(children: readonly TreeNode[]): Branch {
  let size = 0;
  let undecided = 0;
  let slots = 0;
  for (const c of children) {
    size += c.size;
    undecided += c.undecided;
    slots += c.leaf ? 1 : c.slots;
  }
  return { leaf: false, children, size, undecided, slots };
}

/** Builds the tree bottom up, left-packed, so that child `c` of a node at height h holds slots c·FANOUT^(h-1)… */
export function buildTree(slots: readonly Slot[]): HunkTree {
  let level: readonly TreeNode[] = slots;
  let height = 0;
  do {
    const next: Branch[] = [];
    for (let i = 0; i < level.length || (i === 0 && next.length === 0); i += FANOUT) next.push(makeBranch(level.slice(i, i + FANOUT)));
    level = next;
    height++;
  } while (level.length > 1);
  return { root: level[0] as Branch, height, slotCount: slots.length };
}

/**
 * SPANS[h - 1]: slots held by one child of a node at height h, FANOUT^(h-1),
 * for trees up to 8 levels high (16^8 slots). Multiplied rather than raised with `**`,
 * which gives doubles that spread to every index computed from them.
 */
const SPANS: number[] = [1];
for (let h = 1; h < 8; h++) SPANS.push((SPANS[h - 1]! * FANOUT) | 0);

/**
 * Whole-number division. `| 0` keeps the result a small integer to V8,
 * where `Math.floor` let indices become doubles, and every state holding
 * one a different hidden class; slot counts stay far below 2^31.
 */
function div(a: number, b: number): number {
  return (a / b) | 0;
}

function childSpan(height: number): number {
  return SPANS[height - 1]!;
}

export function hunkCount(tree: HunkTree): number {
  return tree.root.size;
}

export function undecidedCount(tree: HunkTree): number {
  return tree.root.undecided;
}

export function slotAt(tree: HunkTree, slotIndex: number): Slot {
  let node: TreeNode = tree.root;
  let s = slotIndex;
  for (let h = tree.height; h > 0; h--) {
    const span = childSpan(h);
    const c = div(s, span);
    node = (node as Branch).children[c]!;
    s -= c * span;
  }
  return node as Slot;
}

/** A new tree with one slot replaced; the old tree is untouched. */
export function withSlot(tree: HunkTree, slotIndex: number, slot: Slot): HunkTree {
  return { root: replaceIn(tree.root, tree.height, slotIndex, slot), height: tree.height, slotCount: tree.slotCount };
}

function replaceIn(node: Branch, height: number, s: number, slot: Slot): Branch {
  const span = childSpan(height);
  const c = div(s, span);
  const old = node.children[c]!;
  const fresh: TreeNode = height === 1 ? slot : replaceIn(old as Branch, height - 1, s - c * span, slot);
  const children = node.children.slice();
  children[c] = fresh;
  return {
    leaf: false,
    children,
    size: node.size - old.size + fresh.size,
    undecided: node.undecided - old.undecided + fresh.undecided,
    slots: node.slots,
  };
}

/** What `decideAt` did. */
export interface DecidedAt {
  /** The new tree; the same tree when the hunk already had that decision. */
  readonly tree: HunkTree;
  readonly slotIndex: number;
  /** The slot as it was, for undo. */
  readonly before: Slot;
  /**
   * The next undecided hunk when the bottom node shows it without a search:
   * the first hunk of the next slot, when nothing after the decided hunk in
   * its own slot is undecided and the next slot is wholly undecided, which
   * is what y/n meet most of the time. -1 when it takes a search.
   */
  readonly next: number;
}

/**
 * Decides hunk `index` in one descent: finds its slot, copies the path with
 * the slot replaced, and looks at the slot beside it for the next undecided
 * hunk on the way, so that y/n need no second and third descent.
 */
export function decideAt(tree: HunkTree, index: number, decision: Decision): DecidedAt {
  const found = { slotIndex: 0, before: null as Slot | null, next: -1 };
  const root = decideIn(tree.root, tree.height, index, index, decision, found);
  return {
    tree: root === tree.root ? tree : { root, height: tree.height, slotCount: tree.slotCount },
    slotIndex: found.slotIndex,
    before: found.before!,
    next: found.next,
  };
}

function decideIn(
  node: Branch,
  height: number,
  offset: number,
  index: number,
  decision: Decision,
  found: { slotIndex: number; before: Slot | null; next: number },
): Branch {
  const span = childSpan(height);
  const children = node.children;
  let c = 0;
  if (node.size === node.slots) {
    c = div(offset, span);
    offset -= c * span;
  } else {
    while (offset >= children[c]!.size) offset -= children[c++]!.size;
  }
  found.slotIndex += c * span;
  const old = children[c]!;
  let fresh: TreeNode;
  if (height === 1) {
    const slot = old as Slot;
    fresh = decidePart(slot, offset, decision);
    found.before = slot;
    const beside = children[c + 1];
    if (beside !== undefined && beside.undecided === beside.size && !undecidedAfter(fresh, offset)) found.next = index - offset + fresh.size;
  } else {
    fresh = decideIn(old as Branch, height - 1, offset, index, decision, found);
  }
  if (fresh === old) return node;
  const copy = children.slice();
  copy[c] = fresh;
  return {
    leaf: false,
    children: copy,
    size: node.size - old.size + fresh.size,
    undecided: node.undecided - old.undecided + fresh.undecided,
    slots: node.slots,
  };
}

function undecidedAfter(slot: Slot, part: number): boolean {
  for (let i = part + 1; i < slot.parts.length; i++) if (slot.parts[i]!.decision === "undecided") return true;
  return false;
}

/** The index (among all hunks) of a slot's first part; `slotCount` gives the number of hunks. */
export function startOf(tree: HunkTree, slotIndex: number): number {
  if (slotIndex >= tree.slotCount) return tree.root.size;
  let node: TreeNode = tree.root;
  let s = slotIndex;
  let start = 0;
  for (let h = tree.height; h > 0; h--) {
    const branch = node as Branch;
    // With no split below, slot s of this node is its hunk s.
    if (branch.size === branch.slots) return start + s;
    const span = childSpan(h);
    const c = div(s, span);
    for (let i = 0; i < c; i++) start += branch.children[i]!.size;
    node = branch.children[c]!;
    s -= c * span;
  }
  return start;
}

/** Where the hunk at `index` (among all hunks, in range) is. */
export function locate(tree: HunkTree, index: number): Location {
  let node: TreeNode = tree.root;
  let offset = index;
  let slotIndex = 0;
  for (let h = tree.height; h > 0; h--) {
    const branch = node as Branch;
    const span = childSpan(h);
    let c = 0;
    if (branch.size === branch.slots) {
      c = div(offset, span);
      offset -= c * span;
    } else {
      while (offset >= branch.children[c]!.size) offset -= branch.children[c++]!.size;
    }
    slotIndex += c * span;
    node = branch.children[c]!;
  }
  return { slotIndex, slot: node as Slot, part: offset };
}

export function partAt(tree: HunkTree, index: number): ReviewPart {
  const { slot, part } = locate(tree, index);
  return slot.parts[part]!;
}

/** The first undecided hunk at or after `from`, or -1. */
export function firstUndecidedFrom(tree: HunkTree, from: number): number {
  return firstIn(tree.root, tree.height, Math.max(0, from));
}

function firstIn(node: TreeNode, height: number, from: number): number {
  if (node.undecided === 0 || from >= node.size) return -1;
  if (node.leaf) {
    // Nothing decided here: the answer needs no look at the parts (one memory access fewer a key).
    if (node.undecided === node.size) return from;
    for (let i = from; i < node.parts.length; i++) if (node.parts[i]!.decision === "undecided") return i;
    return -1;
  }
  const children = node.children;
  let c = 0;
  let offset = 0;
  if (from > 0 && node.size === node.slots) {
    c = div(from, childSpan(height));
    offset = c * childSpan(height);
  }
  for (; c < children.length; c++) {
    const child = children[c]!;
    // A child wholly before `from`, or with nothing undecided, is skipped by its counts alone.
    if (offset + child.size > from && child.undecided > 0) {
      const found = firstIn(child, height - 1, Math.max(0, from - offset));
      if (found !== -1) return offset + found;
    }
    offset += child.size;
  }
  return -1;
}

/** The last undecided hunk before `end` (exclusive), or -1. */
export function lastUndecidedBefore(tree: HunkTree, end: number): number {
  return lastIn(tree.root, tree.height, Math.min(end, tree.root.size));
}

function lastIn(node: TreeNode, height: number, end: number): number {
  if (node.undecided === 0 || end <= 0) return -1;
  if (node.leaf) {
    if (node.undecided === node.size) return Math.min(end, node.size) - 1;
    for (let i = Math.min(end, node.parts.length) - 1; i >= 0; i--) if (node.parts[i]!.decision === "undecided") return i;
    return -1;
  }
  const children = node.children;
  let c = children.length - 1;
  let start = node.size - children[c]!.size;
  if (node.size === node.slots) {
    c = Math.min(c, div(end - 1, childSpan(height)));
    start = c * childSpan(height);
  }
  for (; c >= 0; c--) {
    const child = children[c]!;
    if (start < end && child.undecided > 0) {
      const found = lastIn(child, height - 1, Math.min(child.size, end - start));
      if (found !== -1) return start + found;
    }
    if (c > 0) start -= children[c - 1]!.size;
  }
  return -1;
}

/**
 * Calls `visit` for each hunk from `from` on, in order, until it returns
 * false; O(log n) to get there, then O(1) a hunk.
 */
export function forEachFrom(
  tree: HunkTree,
  from: number,
  visit: (part: ReviewPart, index: number, slot: Slot) => boolean,
): void {
  walk(tree.root, Math.max(0, from), 0, visit);
}

/** Returns false once `visit` asked to stop. */
function walk(node: TreeNode, from: number, base: number, visit: (part: ReviewPart, index: number, slot: Slot) => boolean): boolean {
  if (node.leaf) {
    for (let i = from; i < node.parts.length; i++) if (!visit(node.parts[i]!, base + i, node)) return false;
    return true;
  }
  let offset = 0;
  for (const child of node.children) {
    if (offset + child.size > from && !walk(child, Math.max(0, from - offset), base + offset, visit)) return false;
    offset += child.size;
  }
  return true;
}
