/**
 * New file content from the current content and an edit: hunks are placed by
 * their text against the original (each one independently, README rule 9),
 * must not overlap, and are written with the file's own line endings and
 * final-newline state. Every failure is a refusal that says what to fix.
 */

import { diffArrays } from "diff";
import { findNewElision, trimmedLineSet } from "./elision.js";
import { dominantEol, endsWithNewline, splitLines, type Line } from "./lines.js";
import { closestLines, locate, type Located } from "./locate.js";
import { NO_CHANGE, quote, refusal } from "./refusals.js";
import { changes, planHunk, splice, withoutBlankEdges, type HunkPlan, type Op, type Placement } from "./splice.js";
import type { RawHunk, Refusal } from "./types.js";

/**
 * A "whole file" that drops more than half of a file of this many non-blank
 * lines is taken for a fragment (the changed function only): writing it would
 * delete the rest, and no marker says so.
 */
const FRAGMENT_MIN_LINES = 20;

export type Patched = { ok: true; after: string } | { ok: false; refusal: Refusal };

/** Applies a diff's hunks to the existing content of `path`. */
export function patchContent(path: string, before: string, hunks: readonly RawHunk[]): Patched {
  const file = splitLines(before);
  const plans = hunks.map((h, i) => planHunk(h.header, h.lines, i + 1)).filter(changes);
  if (plans.length === 0) return { ok: true, after: before };
  const texts = trimmedLineSet(file);

  const placements: Placement[] = [];
  const unplaced: { plan: HunkPlan; applied: boolean }[] = [];
  for (const plan of plans) {
    const name = hunkName(plan, path);
    if (plan.old.length === 0) {
      // Only an empty file has a single place for lines without context.
      if (file.length === 0 && plans.length === 1) {
        placements.push({ plan, start: 0, shift: { kind: "none" } });
        continue;
      }
      return fail(path, "not-found", `${name} only adds lines and has no context lines, so it cannot be placed; include the 2-3 unchanged lines above and below the new ones.`);
    }
    if (plan.ops.some((o) => o.op === "-")) {
      const added = plan.ops.filter((o) => o.op === "+").map((o) => o.text);
      const lazy = findNewElision(added, texts);
      if (lazy !== null) {
        return fail(path, "elision", `${name} replaces real code with the placeholder ${quote(lazy.trim())}; write out every line the new version keeps.`);
      }
    }
    const found = locatePlan(file, plan);
    if (found.located.found === "many") {
      const lines = found.located.starts.slice(0, 3).map((s) => s + 1).join(", ");
      return fail(path, "ambiguous", `${name} is ambiguous: its old lines occur ${found.located.starts.length} times (at lines ${lines}); add unchanged lines around the change until it matches one place.`);
    }
    if (found.located.found === "none") {
      unplaced.push({ plan, applied: isApplied(file, plan) });
      continue;
    }
    placements.push({ plan: found.plan, start: found.located.start, shift: found.located.shift });
  }

  if (unplaced.length > 0) {
    if (unplaced.length === plans.length && unplaced.every((u) => u.applied)) {
      return fail(path, "no-change", `${NO_CHANGE}: ${path} already contains every change this edit makes.`);
    }
    const { plan, applied } = unplaced[0]!;
    if (applied) {
      return fail(path, "not-found", `${hunkName(plan, path)} is already applied but other hunks are not; send only the changes ${path} still needs.`);
    }
    return fail(path, "not-found", notFoundReason(file, plan, path));
  }

  const sorted = [...placements].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.start + prev.plan.old.length > cur.start || prev.start === cur.start) {
      return fail(path, "conflict", `Hunks ${prev.plan.n} and ${cur.plan.n} for ${path} both change line ${cur.start + 1}; merge them into one hunk.`);
    }
  }
  return { ok: true, after: splice(file, placements, dominantEol(before), endsWithNewline(before)) };
}

/** The content of a file a `--- /dev/null` diff creates: its added lines, nothing else. */
export function newFileContent(path: string, hunks: readonly RawHunk[]): Patched {
  const lines: string[] = [];
  let noNewline = false;
  for (const [i, hunk] of hunks.entries()) {
    const plan = planHunk(hunk.header, hunk.lines, i + 1);
    if (plan.ops.some((o) => o.op !== "+")) {
      return fail(path, "malformed", `${hunkName(plan, path)} creates ${path} but has context or removed lines; a new file's diff may only add lines.`);
    }
    lines.push(...plan.new);
    noNewline = plan.newNoNewline;
  }
  if (lines.length === 0) return { ok: true, after: "" };
  return { ok: true, after: lines.join("\n") + (noNewline ? "" : "\n") };
}

/**
 * A whole file sent for an existing one, written as a single hunk over the
 * whole file: lines equal but for trailing whitespace keep the file's bytes,
 * new lines get the file's terminator, the final-newline state is kept.
 */
export function rebaseWholeFile(path: string, before: string, content: string): Patched {
  const file = splitLines(before);
  const next = content === "" ? [] : content.replace(/\n$/, "").split("\n");
  const lazy = findNewElision(next, trimmedLineSet(file));
  if (lazy !== null) {
    return fail(path, "elision", `The whole file sent for ${path} stands in for code with the placeholder ${quote(lazy.trim())}; send every line of the file, or a diff.`);
  }
  const had = file.filter((l) => l.text.trim() !== "").length;
  const has = next.filter((l) => l.trim() !== "").length;
  if (had >= FRAGMENT_MIN_LINES && has * 2 < had) {
    return fail(path, "elision", `The code block for ${path} has ${has} non-blank lines where the file has ${had}, so it looks like a fragment, not the whole file; send a unified diff instead.`);
  }
  const ops: Op[] = [];
  const diff = diffArrays(
    file.map((l) => l.text),
    next,
    { comparator: (a, b) => a.trimEnd() === b.trimEnd() },
  );
  let fileIndex = 0;
  let nextIndex = 0;
  for (const change of diff) {
    for (let k = 0; k < change.count; k++) {
      if (change.added) ops.push({ op: "+", text: next[nextIndex++]! });
      else if (change.removed) ops.push({ op: "-", text: file[fileIndex++]!.text });
      else {
        ops.push({ op: " ", text: file[fileIndex++]!.text });
        nextIndex++;
      }
    }
  }
  const plan: HunkPlan = { n: 1, header: "", ops, old: [], new: [], oldNoNewline: false, newNoNewline: false };
  return { ok: true, after: splice(file, [{ plan, start: 0, shift: { kind: "none" } }], dominantEol(before), endsWithNewline(before)) };
}

/** Tries the hunk as written, then without blank context lines at its ends. */
function locatePlan(file: readonly Line[], plan: HunkPlan): { plan: HunkPlan; located: Located } {
  const located = locate(file, plan.old);
  if (located.found !== "none") return { plan, located };
  const trimmed = withoutBlankEdges(plan);
  if (trimmed === null || trimmed.old.length === 0) return { plan, located };
  return { plan: trimmed, located: locate(file, trimmed.old) };
}

/** The hunk's old lines are gone and its new lines are there: someone already applied it. */
function isApplied(file: readonly Line[], plan: HunkPlan): boolean {
  return plan.new.length > 0 && locate(file, plan.new).found !== "none";
}

function notFoundReason(file: readonly Line[], plan: HunkPlan, path: string): string {
  const name = hunkName(plan, path);
  const near = closestLines(file, plan.old);
  if (near === null) return `${name} does not match ${path}, which is empty.`;
  const what = near.missing !== null ? `its line ${quote(near.missing)} is not there` : "its lines are not there in that order";
  const shown = file.slice(near.start, near.end).map((l) => quote(l.text, 80)).join(" / ");
  return `${name} does not match ${path}: ${what}; the closest lines are ${near.start + 1}-${near.end}: ${shown}.`;
}

function hunkName(plan: HunkPlan, path: string): string {
  if (plan.header.startsWith("SEARCH/REPLACE")) return `${plan.header} for ${path}`;
  const numbered = /^@@ -\d/.test(plan.header) ? ` (${plan.header})` : "";
  return `Hunk ${plan.n}${numbered} for ${path}`;
}

function fail(path: string, code: Refusal["code"] & string, reason: string): Patched {
  return { ok: false, refusal: refusal(path, code, reason) };
}
