/**
 * Finding where a hunk's old side (its context and removed lines) sits in the
 * current file. Line numbers are never used: the text decides, and it must
 * decide for exactly one place. Matching relaxes whitespace in steps (exact,
 * then trailing whitespace and CR, then a uniform indent offset) and the
 * first step that finds anything must find exactly one place; a looser step
 * is never used to settle a tie of a stricter one.
 */

import { isBlank, type Line } from "./lines.js";

/** How the reply's indentation relates to the file's at the matched place. */
export type IndentShift =
  | { kind: "none" }
  /** The file is indented deeper by `prefix`: new lines get it too. */
  | { kind: "add"; prefix: string }
  /** The reply is indented deeper by `prefix`: new lines lose it. */
  | { kind: "remove"; prefix: string };

export type Located =
  | { found: "one"; start: number; shift: IndentShift }
  | { found: "many"; starts: number[] }
  | { found: "none" };

type WindowTest = (file: readonly Line[], at: number, old: readonly string[]) => IndentShift | null;

const NONE: IndentShift = { kind: "none" };

const exact: WindowTest = (file, at, old) => {
  for (let k = 0; k < old.length; k++) if (file[at + k]!.text !== old[k]) return null;
  return NONE;
};

const trailingWhitespace: WindowTest = (file, at, old) => {
  for (let k = 0; k < old.length; k++) if (file[at + k]!.text.trimEnd() !== old[k]!.trimEnd()) return null;
  return NONE;
};

/**
 * Every non-blank line differs by the same leading whitespace and nothing
 * else, so relative indentation is kept (the model re-indented a block it
 * copied out of a method, or indented it one level too deep).
 */
const indentOffset: WindowTest = (file, at, old) => {
  let shift: IndentShift | null = null;
  for (let k = 0; k < old.length; k++) {
    const f = file[at + k]!.text.trimEnd();
    const o = old[k]!.trimEnd();
    if (f === "" || o === "") {
      if (f !== o) return null;
      continue;
    }
    const fLead = leading(f);
    const oLead = leading(o);
    if (f.slice(fLead.length) !== o.slice(oLead.length)) return null;
    let here: IndentShift;
    if (fLead.length > oLead.length && fLead.endsWith(oLead)) {
      here = { kind: "add", prefix: fLead.slice(0, fLead.length - oLead.length) };
    } else if (oLead.length > fLead.length && oLead.endsWith(fLead)) {
      here = { kind: "remove", prefix: oLead.slice(0, oLead.length - fLead.length) };
    } else {
      return null;
    }
    if (shift === null) shift = here;
    else if (shift.kind !== here.kind || shift.prefix !== here.prefix) return null;
  }
  return shift;
};

const STEPS: readonly WindowTest[] = [exact, trailingWhitespace, indentOffset];

/** Locates `old` (at least one line) in `file`. */
export function locate(file: readonly Line[], old: readonly string[]): Located {
  if (old.length === 0 || old.length > file.length) return { found: "none" };
  for (const test of STEPS) {
    const starts: number[] = [];
    let shift: IndentShift = NONE;
    for (let at = 0; at + old.length <= file.length; at++) {
      const s = test(file, at, old);
      if (s !== null) {
        starts.push(at);
        shift = s;
      }
    }
    if (starts.length === 1) return { found: "one", start: starts[0]!, shift };
    if (starts.length > 1) return { found: "many", starts };
  }
  return { found: "none" };
}

/** Applies the shift found by `locate` to a line the reply adds. */
export function shiftLine(text: string, shift: IndentShift): string {
  if (shift.kind === "none" || isBlank(text)) return text;
  if (shift.kind === "add") return shift.prefix + text;
  let cut = 0;
  while (cut < shift.prefix.length && text[cut] === shift.prefix[cut]) cut++;
  return text.slice(cut);
}

function leading(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/**
 * The lines of the file that come closest to `old`, for a refusal the worker
 * can act on: the window whose lines are most alike, and the first line of
 * the hunk that is not at that place.
 */
export function closestLines(
  file: readonly Line[],
  old: readonly string[],
): { start: number; end: number; missing: string | null } | null {
  if (file.length === 0 || old.length === 0) return null;
  const span = Math.min(old.length, file.length);
  // Similarity per pair costs a little; huge files fall back to equality only.
  const fine = file.length * span <= 200_000;
  let best = { start: 0, score: -1 };
  for (let at = 0; at + span <= file.length; at++) {
    let score = 0;
    for (let k = 0; k < span; k++) score += likeness(file[at + k]!.text, old[k]!, fine);
    if (score > best.score) best = { start: at, score };
  }
  let missing: string | null = null;
  for (let k = 0; k < span; k++) {
    if (file[best.start + k]!.text.trim() !== old[k]!.trim()) {
      missing = old[k]!;
      break;
    }
  }
  const shown = Math.min(span, 6);
  return { start: best.start, end: best.start + shown, missing };
}

function likeness(a: string, b: string, fine: boolean): number {
  const x = a.trim();
  const y = b.trim();
  if (x === y) return x === "" ? 0.5 : 1;
  if (!fine || x === "" || y === "") return 0;
  return 0.9 * dice(x, y);
}

/** Dice coefficient over character bigrams: cheap, and good at near misses. */
function dice(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      shared++;
      grams.set(g, n - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}
