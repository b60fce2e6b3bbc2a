/**
 * Where one hunk goes in a file: the rules of README rule 2 and 3 tried from
 * the strictest to the loosest, and the first rule that finds anything must
 * find exactly one place (a looser rule never settles a tie of a stricter
 * one, and line numbers never settle anything):
 *
 *   1. the old lines as written (exact, then whitespace and indentation relaxed);
 *   2. the same without blank context lines at the hunk's ends;
 *   3. blank context lines missing or extra inside the hunk;
 *   4. context elision markers standing for the lines they hide;
 *   5. context lines missing from inside the hunk, placed by its removed lines.
 *
 * An `@@ anchor` (apply_patch format) first restricts the search to the
 * anchor's section, then to anything below it; `*** End of File` to the end.
 */

import { anchorFilter, resolveAnchors } from "./anchors.js";
import { placeIgnoringBlanks } from "./blankLines.js";
import { hasContextElision, placeAcrossElisions } from "./elidedContext.js";
import { indentStyle, type IndentStyle } from "./indentStyle.js";
import { isBlank, type Line } from "./lines.js";
import { candidates, NO_SHIFT, type IndentShift, type MatchContext } from "./locate.js";
import { placeByRemovedLines } from "./missingContext.js";
import { addedLeadsOf, finishPlan, withoutBlankEdges, type HunkPlan } from "./splice.js";

export interface Placed {
  /** The hunk as it will be spliced: its removed and context lines are the file's lines from `start`. */
  plan: HunkPlan;
  start: number;
  shift: IndentShift;
}

export type PlaceResult =
  | { found: "one"; placed: Placed }
  /**
   * More than one place, or (`indent`) one place whose added lines' depth is
   * uncertain. `marker`: the places differ in what an elision marker stands for.
   */
  | { found: "many"; starts: number[]; marker?: string; indent?: boolean }
  | { found: "none" };

export type HunkPlacement =
  | PlaceResult
  /** An `@@ anchor` of the hunk is not in the file (below the anchors before it). */
  | { found: "no-anchor"; anchor: string };

/** Where an apply_patch hunk must go, beyond matching its lines. */
export interface HunkTarget {
  anchors?: readonly string[];
  atEnd?: boolean;
}

/**
 * `asWrittenOnly`: rules 1 and 2 only (whitespace and indentation relaxed,
 * nothing else). For a hunk placed against the result of other hunks: that
 * is a relaxation already, and stacking more on it finds coincidences.
 */
export interface PlaceOptions {
  asWrittenOnly?: boolean;
}

type Rule = (file: readonly Line[], plan: HunkPlan, ctx: MatchContext) => PlaceResult;

const asWritten: Rule = (file, plan, ctx) => direct(file, plan, ctx);

const blankEdgesDropped: Rule = (file, plan, ctx) => {
  const trimmed = withoutBlankEdges(plan);
  return trimmed === null || trimmed.old.length === 0 ? { found: "none" } : direct(file, trimmed, ctx);
};

const elided: Rule = (file, plan, ctx) => (hasContextElision(plan) ? placeAcrossElisions(file, plan, ctx) : { found: "none" });

const RULES: readonly Rule[] = [asWritten, blankEdgesDropped, placeIgnoringBlanks, elided, placeByRemovedLines];
const AS_WRITTEN: readonly Rule[] = [asWritten, blankEdgesDropped];

/**
 * Places `plan` (which has old lines) in `file`. The placed plan's added
 * lines are final: the indent shift is applied (a match by levels writes
 * them in the file's style), so it is spliced without one.
 */
export function placeHunk(
  file: readonly Line[],
  plan: HunkPlan,
  target: HunkTarget,
  fileStyle: IndentStyle,
  options: PlaceOptions = {},
): HunkPlacement {
  const replyStyle = indentStyle(plan.ops.map((o) => o.text));
  const addedLeads = addedLeadsOf(plan.ops);
  const filters: ((start: number, end: number) => boolean)[] = [];
  if (target.anchors !== undefined && target.anchors.length > 0) {
    const anchors = resolveAnchors(file, target.anchors);
    if (!anchors.ok) return { found: "no-anchor", anchor: anchors.anchor };
    filters.push(anchorFilter(anchors.scopes, true), anchorFilter(anchors.scopes, false));
  } else {
    filters.push(() => true);
  }
  const atEnd = target.atEnd === true ? (_start: number, end: number) => endsFile(file, end) : () => true;

  for (const filter of filters) {
    const ctx: MatchContext = { fileStyle, replyStyle, addedLeads, accept: (s, e) => filter(s, e) && atEnd(s, e) };
    for (const rule of options.asWrittenOnly ? AS_WRITTEN : RULES) {
      const result = rule(file, plan, ctx);
      if (result.found === "many") return result;
      if (result.found === "one") return { found: "one", placed: finish(result.placed) };
    }
  }
  return { found: "none" };
}

function direct(file: readonly Line[], plan: HunkPlan, ctx: MatchContext): PlaceResult {
  const found = candidates(file, plan.old, ctx);
  if (found.length > 1) return { found: "many", starts: found.map((c) => c.start) };
  if (found.length === 0) return { found: "none" };
  const { start, shift, unsure } = found[0]!;
  if (unsure) return { found: "many", starts: [start], indent: true };
  return { found: "one", placed: { plan, start, shift } };
}

/**
 * Applies the indent shift to the added lines once and for all. Only a match
 * that read indentation as levels re-indents them (in the file's style);
 * when the old lines matched as written, the new ones are the worker's
 * choice, a change of indentation included.
 */
function finish(placed: Placed): Placed {
  return { plan: finishPlan(placed.plan, placed.plan.ops, placed.shift), start: placed.start, shift: NO_SHIFT };
}

/** Only blank lines follow `end`: `*** End of File` does not count trailing blank lines. */
function endsFile(file: readonly Line[], end: number): boolean {
  for (let i = end; i < file.length; i++) if (!isBlank(file[i]!.text)) return false;
  return true;
}
