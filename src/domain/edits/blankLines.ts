/**
 * Blank context lines that are missing or extra (README rule 2). Models drop
 * the empty line between two functions from a hunk, or add one that is not
 * in the file. Matching the non-blank lines only, against the file's
 * non-blank lines, finds such a hunk; it must still find exactly one place.
 * The hunk is then rewritten line by line against the file: blank lines the
 * file has become context, blank lines it lacks are dropped, so the file's
 * own blank lines stay exactly as they are.
 */

import { isBlank, type Line } from "./lines.js";
import { candidates, NO_SHIFT, type MatchContext } from "./locate.js";
import type { PlaceResult } from "./placeHunk.js";
import { finishPlan, type HunkPlan, type Op } from "./splice.js";

export function placeIgnoringBlanks(file: readonly Line[], plan: HunkPlan, ctx: MatchContext): PlaceResult {
  // A removed blank line must be a blank line of the file; counting blanks loosely could remove the wrong one.
  if (plan.ops.some((o) => o.op === "-" && isBlank(o.text))) return { found: "none" };
  const old = plan.old.filter((t) => !isBlank(t));
  if (old.length === 0 || (old.length === plan.old.length && !hasBlankLines(file))) return { found: "none" };

  const index: number[] = [];
  const dense: Line[] = [];
  file.forEach((line, i) => {
    if (!isBlank(line.text)) {
      index.push(i);
      dense.push(line);
    }
  });
  const { accept } = ctx;
  const mapped: MatchContext = {
    ...ctx,
    accept: accept && ((s, e) => accept(index[s]!, index[e - 1]! + 1)),
  };
  const found = candidates(dense, old, mapped);
  if (found.length > 1) return { found: "many", starts: found.map((c) => index[c.start]!) };
  if (found.length === 0) return { found: "none" };

  const { start, shift, unsure } = found[0]!;
  if (unsure) return { found: "many", starts: [index[start]!], indent: true };
  const from = index[start]!;
  const to = index[start + old.length - 1]! + 1;
  const ops: Op[] = [];
  let cursor = from;
  for (const op of plan.ops) {
    if (op.op === "+") {
      ops.push(op);
    } else if (isBlank(op.text)) {
      // A blank context line the file also has here is kept; one it lacks is dropped.
      if (cursor < to && isBlank(file[cursor]!.text)) ops.push({ op: " ", text: file[cursor++]!.text });
    } else {
      // Blank lines of the file the hunk left out are context.
      while (cursor < to && isBlank(file[cursor]!.text)) ops.push({ op: " ", text: file[cursor++]!.text });
      ops.push({ op: op.op, text: file[cursor++]!.text });
    }
  }
  return { found: "one", placed: { plan: finishPlan(plan, ops, shift), start: from, shift: NO_SHIFT } };
}

function hasBlankLines(file: readonly Line[]): boolean {
  return file.some((l) => isBlank(l.text));
}
