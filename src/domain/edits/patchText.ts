/**
 * New file content from the current content and an edit: hunks are placed by
 * their text against the original (each one independently, README rule 9),
 * must not overlap, and are written with the file's own line endings,
 * final-newline state and indentation style. A hunk that fits nowhere in the
 * original but exactly once in the result of the others, as written (only
 * whitespace relaxed), was written against that result (a second hunk
 * continuing the first) and is placed there.
 * Every failure is a refusal that says what to fix.
 */

import { diffArrays } from "diff";
import { findNewElision, isElisionLine, trimmedLineSet } from "./elision.js";
import { ambiguous, hunkRefusal, notFound, noAnchor } from "./hunkRefusals.js";
import { indentStyle } from "./indentStyle.js";
import { dominantEol, endsWithNewline, splitLines, type Line } from "./lines.js";
import { candidates } from "./locate.js";
import { placeHunk, type HunkTarget } from "./placeHunk.js";
import { NO_CHANGE, quote, refusal } from "./refusals.js";
import { changes, planHunk, splice, type HunkPlan, type Op, type Placement } from "./splice.js";
import type { RawHunk, Refusal } from "./types.js";

/**
 * A "whole file" that drops more than half of a file of this many non-blank
 * lines is taken for a fragment (the changed function only): writing it would
 * delete the rest, and no marker says so.
 */
const FRAGMENT_MIN_LINES = 20;

export type Patched = { ok: true; after: string } | { ok: false; refusal: Refusal };

interface Planned {
  plan: HunkPlan;
  target: HunkTarget;
}

interface Unplaced extends Planned {
  anchor: string | null;
}

/** Applies a diff's hunks to the existing content of `path`. */
export function patchContent(path: string, before: string, hunks: readonly RawHunk[]): Patched {
  const file = splitLines(before);
  const planned: Planned[] = hunks
    .map((h, i) => ({ plan: planHunk(h.header, h.lines, i + 1), target: { anchors: h.anchors, atEnd: h.atEnd } }))
    .filter((p) => changes(p.plan));
  if (planned.length === 0) return { ok: true, after: before };
  const texts = trimmedLineSet(file);
  const style = indentStyle(file.map((l) => l.text));

  const placements: Placement[] = [];
  const unplaced: Unplaced[] = [];
  for (const { plan, target } of planned) {
    if (plan.old.length === 0) {
      // Only an empty file has a single place for lines without context.
      if (file.length === 0 && planned.length === 1) {
        placements.push({ plan, start: 0, shift: { kind: "none" } });
        continue;
      }
      return { ok: false, refusal: hunkRefusal(path, plan, "not-found", "it only adds lines and has no context lines, so it cannot be placed; include the 2-3 unchanged lines above and below the new ones") };
    }
    const lazy = placeholderProblem(plan, texts);
    if (lazy !== null) return { ok: false, refusal: hunkRefusal(path, plan, "elision", lazy) };
    const result = placeHunk(file, plan, target, style);
    if (result.found === "many") return { ok: false, refusal: ambiguous(path, plan, result) };
    if (result.found === "one") placements.push(result.placed);
    else unplaced.push({ plan, target, anchor: result.found === "no-anchor" ? result.anchor : null });
  }

  const sorted = [...placements].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.start + prev.plan.old.length > cur.start || prev.start === cur.start) {
      return {
        ok: false,
        refusal: { ...refusal(path, "conflict", `Hunks ${prev.plan.n} and ${cur.plan.n} both change line ${cur.start + 1}; merge them into one hunk.`), hunk: cur.plan.n },
      };
    }
  }
  const eol = dominantEol(before);
  let after = splice(file, placements, eol, endsWithNewline(before));
  if (unplaced.length === 0) return { ok: true, after };

  if (placements.length === 0 && unplaced.every((u) => isApplied(file, u.plan))) {
    return fail(path, "no-change", `${NO_CHANGE}: ${path} already contains every change this edit makes.`);
  }
  // Written against the result of the hunks placed so far: placed there, one by one, if that is unambiguous.
  for (const u of unplaced) {
    if (placements.length === 0) return { ok: false, refusal: unplacedReason(path, file, u, style) };
    const current = splitLines(after);
    const result = placeHunk(current, u.plan, u.target, indentStyle(current.map((l) => l.text)), { asWrittenOnly: true });
    if (result.found === "many") return { ok: false, refusal: ambiguous(path, u.plan, result, true) };
    if (result.found !== "one") return { ok: false, refusal: unplacedReason(path, file, u, style) };
    after = splice(current, [result.placed], eol, endsWithNewline(after));
  }
  return { ok: true, after };
}

/** Why a hunk has no place in the original, in the order a worker should fix things. */
function unplacedReason(path: string, file: readonly Line[], u: Unplaced, style: ReturnType<typeof indentStyle>): Refusal {
  if (u.anchor !== null) return noAnchor(path, u.plan, u.anchor);
  if (isApplied(file, u.plan)) {
    return hunkRefusal(path, u.plan, "not-found", "it is already applied but other hunks are not; send only the changes the file still needs");
  }
  return notFound(path, file, u.plan, u.target, style);
}

/**
 * Placeholders that would cost code: on the new side where the hunk removes
 * lines (README rule 3), or removed themselves, which drops the lines they
 * stand for. A marker the file itself contains (a Python stub's `...`) is code.
 */
function placeholderProblem(plan: HunkPlan, texts: ReadonlySet<string>): string | null {
  if (plan.ops.some((o) => o.op === "-")) {
    const added = plan.ops.filter((o) => o.op === "+").map((o) => o.text);
    const lazy = findNewElision(added, texts);
    if (lazy !== null) return `it replaces real code with the placeholder ${quote(lazy.trim())}; write out every line the new version keeps`;
  }
  const removed = plan.ops.find((o) => o.op === "-" && isElisionLine(o.text) && !texts.has(o.text.trim()));
  if (removed !== undefined) {
    return `it removes the placeholder ${quote(removed.text.trim())}, which stands for lines it does not show, so applying it would delete them; keep the marker on both sides or write those lines out`;
  }
  return null;
}

/** The content of a file a `--- /dev/null` diff creates: its added lines, nothing else. */
export function newFileContent(path: string, hunks: readonly RawHunk[]): Patched {
  const lines: string[] = [];
  let noNewline = false;
  for (const [i, hunk] of hunks.entries()) {
    const plan = planHunk(hunk.header, hunk.lines, i + 1);
    if (plan.ops.some((o) => o.op !== "+")) {
      return { ok: false, refusal: hunkRefusal(path, plan, "malformed", `it creates ${path} but has context or removed lines; a new file's diff may only add lines`) };
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

/** The hunk's old lines are gone and its new lines are there: someone already applied it. */
function isApplied(file: readonly Line[], plan: HunkPlan): boolean {
  // Judged strictly: "no change" lets the session go on, so indentation read loosely must never claim it.
  if (plan.new.length === 0) return false;
  if (candidates(file, plan.new, { fileStyle: indentStyle([]), replyStyle: indentStyle([]) }, true).length === 0) return false;
  // The new side being there is not enough when every line the hunk removes is still in the file: the
  // hunk may just have skipped a context line, and calling it done would silently drop the edit.
  const present = new Set(file.map((line) => line.text.trim()));
  const removed = plan.ops.filter((op) => op.op === "-" && op.text.trim() !== "").map((op) => op.text.trim());
  return removed.length === 0 || removed.some((text) => !present.has(text));
}

function fail(path: string, code: Refusal["code"] & string, reason: string): Patched {
  return { ok: false, refusal: refusal(path, code, reason) };
}
