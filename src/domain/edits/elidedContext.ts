/**
 * Elision markers on the context side (README rule 3): a context line such as
 * `// ... existing code ...`, or a `...` line at the same place in SEARCH and
 * REPLACE, stands for file lines that stay as they are. The hunk is cut at
 * each marker into pieces; every piece must match the file, in order, with
 * any number of lines between them, and the whole chain must fit exactly one
 * way. A marker indented into a body hides lines of that body only: the
 * lines it stands for are at least as deep as the marker (blank lines aside),
 * so `// ... existing code ...` inside one function never reaches into the
 * next. The lines a marker stood for become ordinary context, copied from the
 * file, so nothing hidden behind a marker is ever touched.
 */

import { isElisionLine } from "./elision.js";
import { isBlank, type Line } from "./lines.js";
import { indentWidth } from "./indentStyle.js";
import { candidates, NO_SHIFT, shiftLine, type Candidate, type MatchContext } from "./locate.js";
import type { PlaceResult } from "./placeHunk.js";
import { addedLeadsOf, finishPlan, type HunkPlan, type Op } from "./splice.js";

interface Piece {
  ops: Op[];
  old: string[];
  /** The marker line just above the piece (null for the first piece). */
  marker: string | null;
}

/** True when some context line of the hunk is an elision marker. */
export function hasContextElision(plan: HunkPlan): boolean {
  return plan.ops.some((o) => o.op === " " && isElisionLine(o.text));
}

export function placeAcrossElisions(file: readonly Line[], plan: HunkPlan, ctx: MatchContext): PlaceResult {
  const pieces = cut(plan.ops);
  // Lines added next to a marker with no line of their own to stand on have no place.
  if (pieces.length === 0 || pieces.some((p) => p.old.every(isBlank))) return { found: "none" };

  // Each piece is matched on its own; the whole chain must pass the context's condition.
  const found = pieces.map((p) =>
    candidates(file, p.old, { fileStyle: ctx.fileStyle, replyStyle: ctx.replyStyle, addedLeads: addedLeadsOf(p.ops) }),
  );
  if (found.some((c) => c.length === 0)) return { found: "none" };

  const chains = chainsOf(file, pieces, found, ctx, 2);
  if (chains.length > 1) {
    // Report the piece whose place differs, with the marker above it: that is what the worker must pin down.
    const k = pieces.findIndex((_, i) => chains[0]![i]!.start !== chains[1]![i]!.start);
    const marker = pieces[k]!.marker ?? pieces[k + 1]?.marker ?? "...";
    return { found: "many", starts: chains.map((c) => c[k]!.start), marker: marker.trim() };
  }
  if (chains.length === 0) return { found: "none" };

  const chain = chains[0]!;
  const unsure = chain.find((c) => c.unsure);
  if (unsure !== undefined) return { found: "many", starts: [unsure.start], indent: true };
  const ops: Op[] = [];
  for (const [k, piece] of pieces.entries()) {
    const here = chain[k]!;
    // The piece's added lines take the indent shift of the place the piece matched.
    ops.push(...finishPlan(emptyPlan(), piece.ops, here.shift).ops);
    const next = chain[k + 1];
    if (next === undefined) break;
    for (let i = here.start + piece.old.length; i < next.start; i++) ops.push({ op: " ", text: file[i]!.text });
  }
  return { found: "one", placed: { plan: finishPlan(plan, ops, NO_SHIFT), start: chain[0]!.start, shift: NO_SHIFT } };
}

/** The hunk's operations cut at marker lines, blank context at each cut dropped (the marker hides it too). */
function cut(ops: readonly Op[]): Piece[] {
  const pieces: Piece[] = [];
  let current: Op[] = [];
  let marker: string | null = null;
  const close = (next: string | null): void => {
    let first = 0;
    let last = current.length;
    while (first < last && current[first]!.op === " " && isBlank(current[first]!.text)) first++;
    while (last > first && current[last - 1]!.op === " " && isBlank(current[last - 1]!.text)) last--;
    const ops = current.slice(first, last);
    if (ops.length > 0) {
      pieces.push({ ops, old: ops.filter((o) => o.op !== "+").map((o) => o.text), marker: pieces.length === 0 ? null : marker });
      marker = null;
    }
    current = [];
    // Of several markers in a row, the shallowest says how far the hidden lines reach.
    if (next !== null && (marker === null || indentWidth(next) < indentWidth(marker))) marker = next;
  };
  for (const op of ops) {
    if (op.op === " " && isElisionLine(op.text)) close(op.text);
    else current.push(op);
  }
  close(null);
  return pieces;
}

/** The lines between two placed pieces are ones their marker can stand for. */
function hidable(file: readonly Line[], from: number, to: number, marker: string, shift: Candidate["shift"]): boolean {
  const depth = indentWidth(shiftLine(marker, shift));
  for (let i = from; i < to; i++) {
    const text = file[i]!.text;
    if (!isBlank(text) && indentWidth(text) < depth) return false;
  }
  return true;
}

/**
 * Up to `limit` ways to place every piece in order without overlap, such that
 * the whole span passes the context's condition. Counting stops at the limit,
 * so a marker before a line such as `}` that occurs a hundred times costs
 * little: it is refused as soon as a second chain turns up.
 */
function chainsOf(
  file: readonly Line[],
  pieces: readonly Piece[],
  found: readonly Candidate[][],
  ctx: MatchContext,
  limit: number,
): Candidate[][] {
  const out: Candidate[][] = [];
  const last = pieces.length - 1;
  const walk = (k: number, from: number, chain: Candidate[]): void => {
    const previous = chain.at(-1);
    const marker = pieces[k]!.marker;
    for (const c of found[k]!) {
      if (out.length >= limit) return;
      if (c.start < from) continue;
      // Candidates come in order, so once the gap holds a line the marker cannot hide, every later one does too.
      if (previous !== undefined && marker !== null && !hidable(file, from, c.start, marker, previous.shift)) break;
      const next = [...chain, c];
      if (k === last) {
        const end = c.start + pieces[k]!.old.length;
        if (!ctx.accept || ctx.accept(next[0]!.start, end)) out.push(next);
      } else {
        walk(k + 1, c.start + pieces[k]!.old.length, next);
      }
    }
  };
  walk(0, 0, []);
  return out;
}

function emptyPlan(): HunkPlan {
  return { n: 0, header: "", ops: [], old: [], new: [], oldNoNewline: false, newNoNewline: false };
}
