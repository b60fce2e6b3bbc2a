/**
 * `s`: a hunk split at the unchanged lines between its runs of changes, as
 * `git add -p` splits one. The parts partition the hunk: the unchanged lines
 * between two runs go half to the part before and half to the part after,
 * instead of to both as git shows them. So every part is a true `Hunk`
 * against the same `before` and `after` as the hunk it came from, no two
 * parts claim the same line, `applyHunks` takes them as they are, and
 * accepting every part gives exactly what accepting the hunk gave.
 */

import type { Hunk } from "../edits/types.js";
import { firstNew, firstOld, isMarker, shapeHunk, startNumber } from "./hunkShape.js";

export type SplitResult = { ok: true; parts: Hunk[] } | { ok: false; reason: string };

/** A line with the "\ No newline" markers that belong to it. */
interface Unit {
  kind: " " | "-" | "+";
  lines: string[];
}

export const NOTHING_TO_SPLIT = "This hunk changes no line, so there is nothing to split.";
export const ONE_RUN =
  "This hunk is one run of changes with no unchanged line between them, so it cannot be split further; press e to edit it instead.";

export function splitHunk(hunk: Hunk): SplitResult {
  const units = unitsOf(hunk.lines);
  const runs = changeRuns(units);
  if (runs.length === 0) return { ok: false, reason: NOTHING_TO_SPLIT };
  if (runs.length === 1) return { ok: false, reason: ONE_RUN };

  // Cut in the middle of each gap of unchanged lines; an odd line goes to the part above.
  const cuts = [0];
  for (let r = 0; r + 1 < runs.length; r++) {
    const gapStart = runs[r]![1];
    const gap = runs[r + 1]![0] - gapStart;
    cuts.push(gapStart + Math.ceil(gap / 2));
  }
  cuts.push(units.length);

  const parts: Hunk[] = [];
  let oldNext = firstOld(hunk);
  let newNext = firstNew(hunk);
  for (let p = 0; p + 1 < cuts.length; p++) {
    const slice = units.slice(cuts[p], cuts[p + 1]);
    const oldLines = slice.filter((u) => u.kind !== "+").length;
    const newLines = slice.filter((u) => u.kind !== "-").length;
    const numbers = {
      oldStart: startNumber(oldNext, oldLines),
      oldLines,
      newStart: startNumber(newNext, newLines),
      newLines,
    };
    parts.push(shapeHunk(`${hunk.id}.${p + 1}`, hunk.file, numbers, slice.flatMap((u) => u.lines)));
    oldNext += oldLines;
    newNext += newLines;
  }
  return { ok: true, parts };
}

/** Why `hunk` cannot be split, or null when it can; cheaper than splitting it. */
export function whyNoSplit(hunk: Hunk): string | null {
  const runs = changeRuns(unitsOf(hunk.lines)).length;
  return runs === 0 ? NOTHING_TO_SPLIT : runs === 1 ? ONE_RUN : null;
}

function unitsOf(lines: readonly string[]): Unit[] {
  const units: Unit[] = [];
  for (const line of lines) {
    const last = units[units.length - 1];
    if (isMarker(line) && last) last.lines.push(line);
    else units.push({ kind: line[0] === "-" ? "-" : line[0] === "+" ? "+" : " ", lines: [line] });
  }
  return units;
}

/** [start, end) unit ranges of consecutive changed lines. */
function changeRuns(units: readonly Unit[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < units.length; i++) {
    if (units[i]!.kind === " ") continue;
    const start = i;
    while (i + 1 < units.length && units[i + 1]!.kind !== " ") i++;
    runs.push([start, i + 1]);
  }
  return runs;
}
