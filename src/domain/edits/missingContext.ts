/**
 * Context lines missing from inside a hunk (README rule 2): the model quoted
 * the lines around a change but skipped some in between, so the hunk's old
 * side is nowhere in the file as one block. It is still placed when its
 * removed lines alone match exactly (trailing whitespace aside) and only
 * once, and every context line it does quote is found in order above or
 * below them. Only the change itself is applied; the context was there to
 * place it, and the file's own lines around it are left as they are.
 *
 * Narrow on purpose, because a line left out between two removed lines makes
 * the removed run look contiguous when it is not:
 *   - one run of changed lines, at least one of them removed, and one of the
 *     removed lines occurs nowhere else in the file (so the run cannot be a
 *     coincidence of common lines such as `}` elsewhere);
 *   - at most `MAX_SKIPPED` lines left out on each side, and no other copy of
 *     the removed lines between the quoted context and the change;
 *   - added lines at an edge of the run do not border left-out lines, since
 *     whether they go before or after those lines would be a guess.
 * Lines added between two context lines could not be placed if a line were
 * missing between those two, so such hunks are left to the other rules.
 */

import { isBlank, type Line } from "./lines.js";
import { candidates, type MatchContext } from "./locate.js";
import type { PlaceResult } from "./placeHunk.js";
import { finishPlan, type HunkPlan, type Op } from "./splice.js";

/** Lines a hunk may leave out on each side of its change and still be "missing context", not another place. */
const MAX_SKIPPED = 10;

export function placeByRemovedLines(file: readonly Line[], plan: HunkPlan, ctx: MatchContext): PlaceResult {
  const first = plan.ops.findIndex((o) => o.op !== " ");
  let last = plan.ops.length;
  while (last > 0 && plan.ops[last - 1]!.op === " ") last--;
  if (first < 0) return { found: "none" };
  const change = plan.ops.slice(first, last);
  if (change.some((o) => o.op === " ")) return { found: "none" };
  const removed = change.filter((o) => o.op === "-").map((o) => o.text);
  const above = plan.ops.slice(0, first).map((o) => o.text).filter((t) => !isBlank(t));
  const below = plan.ops.slice(last).map((o) => o.text).filter((t) => !isBlank(t));
  if (removed.length === 0 || above.length + below.length === 0) return { found: "none" };

  if (!removed.some((t) => occursOnce(file, t))) return { found: "none" };
  const found = candidates(file, removed, ctx, true);
  if (found.length !== 1) return { found: "none" };
  const { start, shift } = found[0]!;
  const end = start + removed.length;
  const top = contextAbove(file, start, above);
  const bottom = contextBelow(file, end, below);
  if (top === null || bottom === null) return { found: "none" };
  if (change[0]!.op === "+" && top.nearest !== start - 1) return { found: "none" };
  if (change.at(-1)!.op === "+" && bottom.nearest !== end) return { found: "none" };
  // Every copy, wherever the context's condition allowed it: one nearer the quoted context is the one it means.
  const copies = candidates(file, removed, { fileStyle: ctx.fileStyle, replyStyle: ctx.replyStyle }, true);
  if (copies.some((c) => c.start !== start && c.start >= top.far && c.start + removed.length <= bottom.far)) return { found: "none" };
  const ops: Op[] = change.map((o) => (o.op === "-" ? { op: "-", text: file[start + removedIndex(change, o)]!.text } : o));
  return { found: "one", placed: { plan: finishPlan(plan, ops, { kind: "none" }), start, shift } };
}

/** Position of a removed op among the removed ops of the change. */
function removedIndex(change: readonly Op[], op: Op): number {
  return change.filter((o) => o.op === "-").indexOf(op);
}

/** Where quoted context was found: the line next to the change (`nearest`) and the far end of it. */
interface Found {
  nearest: number;
  far: number;
}

/**
 * The quoted context lines above the change, found in the file above it in
 * the same order, nearest first, with at most `MAX_SKIPPED` lines left out.
 * With no context above, `nearest` is the line just above the change.
 */
function contextAbove(file: readonly Line[], start: number, lines: readonly string[]): Found | null {
  let i = start - 1;
  let nearest = start - 1;
  let skipped = 0;
  for (let k = lines.length - 1; k >= 0; k--) {
    const want = lines[k]!.trim();
    while (i >= 0 && file[i]!.text.trim() !== want) {
      i--;
      if (++skipped > MAX_SKIPPED) return null;
    }
    if (i < 0) return null;
    if (k === lines.length - 1) nearest = i;
    i--;
  }
  return { nearest, far: i + 1 };
}

/** The same below the change; `far` is the index just after the lowest quoted line. */
function contextBelow(file: readonly Line[], end: number, lines: readonly string[]): Found | null {
  let i = end;
  let nearest = end;
  let skipped = 0;
  for (const [k, line] of lines.entries()) {
    const want = line.trim();
    while (i < file.length && file[i]!.text.trim() !== want) {
      i++;
      if (++skipped > MAX_SKIPPED) return null;
    }
    if (i >= file.length) return null;
    if (k === 0) nearest = i;
    i++;
  }
  return { nearest, far: i };
}

function occursOnce(file: readonly Line[], text: string): boolean {
  const want = text.trim();
  if (want === "") return false;
  let count = 0;
  for (const line of file) if (line.text.trim() === want && ++count > 1) return false;
  return count === 1;
}
