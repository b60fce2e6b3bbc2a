/**
 * The words of a refusal about one hunk. Each names the hunk (its number and,
 * when it says something, its header), says what was missing or ambiguous,
 * with line numbers of the file, and what to send instead: the reason goes
 * back to the worker as it is, so it must be enough to get the retry right.
 * The file is the refusal's `file`; callers print it in front of the reason.
 */

import { isElisionLine } from "./elision.js";
import type { IndentStyle } from "./indentStyle.js";
import type { Line } from "./lines.js";
import { closestLines } from "./locate.js";
import { placeHunk, type HunkTarget } from "./placeHunk.js";
import { quote, refusal } from "./refusals.js";
import type { HunkPlan } from "./splice.js";
import type { Refusal, RefusalCode } from "./types.js";

const UNINFORMATIVE = new Set(["@@", "@@ @@", "@@ ... @@", "@@ ..."]);

/** "hunk 2 (@@ -10,4 +10,6 @@)", "hunk 1", "SEARCH/REPLACE block 3". */
export function hunkLabel(plan: HunkPlan): string {
  const header = plan.header.trim();
  if (header.startsWith("SEARCH/REPLACE")) return header;
  return UNINFORMATIVE.has(header) || header === "" ? `hunk ${plan.n}` : `hunk ${plan.n} (${header})`;
}

export function hunkRefusal(path: string, plan: HunkPlan, code: RefusalCode, what: string): Refusal {
  return { ...refusal(path, code, `${hunkLabel(plan)}: ${what}`), hunk: plan.n };
}

/** "12 and 40", "3, 9 and 14", "3, 9, 14 and 4 more" (1-based). */
export function lineList(starts: readonly number[]): string {
  const shown = starts.slice(0, 3).map((s) => String(s + 1));
  if (starts.length > 3) return `${shown.join(", ")} and ${starts.length - 3} more`;
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/** Where a hunk fits too many ways (see `PlaceResult`). */
export interface Where {
  starts: readonly number[];
  marker?: string;
  indent?: boolean;
}

/**
 * `afterOthers`: the hunk is not in the file as it is, and the places are
 * lines of the file as the hunks before it leave it. `marker`: the places
 * differ in what an elision marker would hide. `indent`: one place, but the
 * added lines' depth there is uncertain.
 */
export function ambiguous(path: string, plan: HunkPlan, where: Where, afterOthers = false): Refusal {
  const { starts, marker, indent } = where;
  const at = `lines ${lineList(starts)}${afterOthers ? " of the file as the hunks before it leave it" : ""}`;
  if (indent) {
    const line = `line ${starts[0]! + 1}${afterOthers ? " of the file as the hunks before it leave it" : ""}`;
    return hunkRefusal(
      path,
      plan,
      "ambiguous",
      `its old lines fit ${line} only with their indentation read differently (tabs against spaces, or another width), and that reading does not settle how deep its new lines go in the file; copy the file's own indentation, or quote an unchanged line at the new lines' depth`,
    );
  }
  if (marker !== undefined) {
    return hunkRefusal(
      path,
      plan,
      "ambiguous",
      `the lines after its marker ${quote(marker)} fit ${starts.length} places (${at}), so what the marker stands for is unclear — quote the unchanged lines next to the change instead of the marker`,
    );
  }
  const n = plan.old.length;
  const before = afterOthers ? "it is not in the file as it is, and " : "";
  return hunkRefusal(
    path,
    plan,
    "ambiguous",
    `${before}its ${n} old line${n === 1 ? " matches" : "s match"} ${starts.length} places (${at}) — add unchanged lines above or below the change until they occur once`,
  );
}

/**
 * Why a hunk was not found, quoting the file's closest lines with their
 * numbers. When the lines are there but an anchor or `*** End of File` rules
 * the place out, it says that instead.
 */
export function notFound(path: string, file: readonly Line[], plan: HunkPlan, target: HunkTarget, style: IndentStyle): Refusal {
  if (target.anchors?.length || target.atEnd) {
    const free = placeHunk(file, plan, {}, style);
    if (free.found === "one") {
      const at = free.placed.start + 1;
      const rule = target.anchors?.length
        ? `not below its @@ anchor ${quote(target.anchors.at(-1)!)}; fix the anchor or leave it out`
        : "not at the end of the file, where '*** End of File' puts them; drop that line or quote the file's last lines";
      return hunkRefusal(path, plan, "not-found", `its old lines are at line ${at}, ${rule}`);
    }
  }
  // A marker is not a line the worker expects to find, so it is never the one reported missing.
  const old = plan.old.filter((t) => !isElisionLine(t));
  const near = closestLines(file, old);
  if (near === null) {
    return hunkRefusal(path, plan, "not-found", "it does not match, because the file is empty; send the file's content as a new file instead");
  }
  const what = near.missing !== null ? `its line ${quote(near.missing)} is not there` : "its lines are not there in that order";
  const shown = file.slice(near.start, near.end).map((l) => quote(l.text, 80)).join(" / ");
  return hunkRefusal(
    path,
    plan,
    "not-found",
    `${what}; the closest lines are ${near.start + 1}-${near.end}: ${shown} — copy the old lines exactly as the file has them`,
  );
}

export function noAnchor(path: string, plan: HunkPlan, anchor: string): Refusal {
  return hunkRefusal(
    path,
    plan,
    "not-found",
    `its @@ anchor ${quote(anchor)} is not a line of the file; after @@ put a line the file has above the change (such as the enclosing function's signature), or nothing`,
  );
}
