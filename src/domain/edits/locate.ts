/**
 * Finding where a hunk's old side (its context and removed lines) sits in the
 * current file. Line numbers are never used: the text decides, and it must
 * decide for exactly one place. Matching relaxes whitespace in steps (exact,
 * then trailing whitespace and CR, then indentation) and the first step that
 * finds anything must find exactly one place; a looser step is never used to
 * settle a tie of a stricter one.
 *
 * Indentation is relaxed in two readings at once: a uniform offset (the block
 * was re-indented as a whole) and levels (tabs against spaces, two spaces per
 * level against four). Where the two readings disagree, about the place or
 * about how deep the added lines go, the candidate is marked unsure and the
 * caller refuses: a guess at indentation can be wrong Python.
 */

import { fromLevels, leadingWhitespace, toLevels, type IndentStyle } from "./indentStyle.js";
import { isBlank, type Line } from "./lines.js";

/** How the reply's indentation relates to the file's at the matched place. */
export type IndentShift =
  | { kind: "none" }
  /** The file is indented deeper by `prefix`: new lines get it too. */
  | { kind: "add"; prefix: string }
  /** The reply is indented deeper by `prefix`: new lines lose it. */
  | { kind: "remove"; prefix: string }
  /**
   * Indentation differs in kind (tabs, spaces per level): new lines are
   * re-indented by levels. `seen` maps each indentation of the reply's old
   * lines to the file's at the matched place.
   */
  | { kind: "levels"; delta: number; file: IndentStyle; reply: IndentStyle; seen: ReadonlyMap<string, string> };

export interface Candidate {
  start: number;
  shift: IndentShift;
  /**
   * The old lines fit here, but how deep the added lines go is not certain:
   * the readings of indentation disagree, or the old lines are all at one
   * depth and the added lines at another.
   */
  unsure?: boolean;
}

/**
 * What a search needs besides the lines: the two indentation styles (for the
 * levels reading) and, optionally, a content-based condition on the place,
 * such as "below the @@ anchor" or "at the end of the file" (`end` is exclusive).
 */
export interface MatchContext {
  fileStyle: IndentStyle;
  replyStyle: IndentStyle;
  accept?: (start: number, end: number) => boolean;
  /** The indentations of the lines the hunk adds: what an indentation reading must be sure of. */
  addedLeads?: ReadonlySet<string>;
}

type WindowTest = (file: readonly Line[], at: number, old: readonly string[], ctx: MatchContext) => Omit<Candidate, "start"> | null;
type Offset = Extract<IndentShift, { kind: "add" | "remove" }>;
type LevelShift = Extract<IndentShift, { kind: "levels" }>;

export const NO_SHIFT: IndentShift = { kind: "none" };

const exact: WindowTest = (file, at, old) => {
  for (let k = 0; k < old.length; k++) if (file[at + k]!.text !== old[k]) return null;
  return { shift: NO_SHIFT };
};

const trailingWhitespace: WindowTest = (file, at, old) => {
  for (let k = 0; k < old.length; k++) if (file[at + k]!.text.trimEnd() !== old[k]!.trimEnd()) return null;
  return { shift: NO_SHIFT };
};

/**
 * Every non-blank line differs by the same leading whitespace and nothing
 * else, so relative indentation is kept (the model re-indented a block it
 * copied out of a method, or indented it one level too deep).
 */
function offsetShift(file: readonly Line[], at: number, old: readonly string[]): Offset | null {
  let shift: Offset | null = null;
  for (let k = 0; k < old.length; k++) {
    const f = file[at + k]!.text.trimEnd();
    const o = old[k]!.trimEnd();
    if (f === "" || o === "") {
      if (f !== o) return null;
      continue;
    }
    const fLead = leadingWhitespace(f);
    const oLead = leadingWhitespace(o);
    if (f.slice(fLead.length) !== o.slice(oLead.length)) return null;
    let here: Offset;
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
}

/**
 * Indentation read as levels on both sides: every non-blank line is the same
 * text at the same level offset, with the same alignment spaces left over.
 * The widths are estimates; old lines at two depths or more check them (a
 * wrong width breaks the uniform offset), old lines at one depth do not.
 */
function levelsShift(file: readonly Line[], at: number, old: readonly string[], ctx: MatchContext): { shift: LevelShift; pinned: boolean } | null {
  let delta: number | null = null;
  const seen = new Map<string, string>();
  for (let k = 0; k < old.length; k++) {
    const f = file[at + k]!.text.trimEnd();
    const o = old[k]!.trimEnd();
    if (f === "" || o === "") {
      if (f !== o) return null;
      continue;
    }
    const fLead = leadingWhitespace(f);
    const oLead = leadingWhitespace(o);
    if (f.slice(fLead.length) !== o.slice(oLead.length)) return null;
    const fl = toLevels(fLead, ctx.fileStyle);
    const ol = toLevels(oLead, ctx.replyStyle);
    if (fl.rest !== ol.rest) return null;
    const here = fl.levels - ol.levels;
    if (delta === null) delta = here;
    else if (delta !== here) return null;
    seen.set(oLead, fLead);
  }
  if (delta === null) return null;
  return { shift: { kind: "levels", delta, file: ctx.fileStyle, reply: ctx.replyStyle, seen }, pinned: seen.size >= 2 };
}

/** Both readings of relaxed indentation, and whether they agree on the lines the hunk adds. */
const indentation: WindowTest = (file, at, old, ctx) => {
  const offset = offsetShift(file, at, old);
  const levels = levelsShift(file, at, old, ctx);
  if (levels === null) return offset === null ? null : { shift: offset };
  // Depths the old lines show map as observed; only the others are extrapolated.
  const unseen = [...(ctx.addedLeads ?? [])].filter((lead) => !levels.shift.seen.has(lead));
  if (offset === null) return { shift: levels.shift, unsure: !levels.pinned && unseen.length > 0 };
  const agree = unseen.every((lead) => shiftLine(`${lead}x`, offset) === shiftLine(`${lead}x`, levels.shift));
  return { shift: offset, unsure: !agree };
};

const STEPS: readonly WindowTest[] = [exact, trailingWhitespace, indentation];
/** The steps that never change what a line says, only how it ends. */
const STRICT_STEPS: readonly WindowTest[] = [exact, trailingWhitespace];

/**
 * Every place where `old` matches, by the first step that finds any. Empty
 * when none does. `strict` keeps to exact text (trailing whitespace aside).
 */
export function candidates(file: readonly Line[], old: readonly string[], ctx: MatchContext, strict = false): Candidate[] {
  if (old.length === 0 || old.length > file.length) return [];
  for (const test of strict ? STRICT_STEPS : STEPS) {
    const found: Candidate[] = [];
    for (let at = 0; at + old.length <= file.length; at++) {
      if (ctx.accept && !ctx.accept(at, at + old.length)) continue;
      const hit = test(file, at, old, ctx);
      if (hit !== null) found.push(hit.unsure ? { start: at, shift: hit.shift, unsure: true } : { start: at, shift: hit.shift });
    }
    if (found.length > 0) return found;
  }
  return [];
}

/** Applies the shift found by `locate` to a line the reply adds. */
export function shiftLine(text: string, shift: IndentShift): string {
  if (shift.kind === "none" || isBlank(text)) return text;
  if (shift.kind === "add") return shift.prefix + text;
  if (shift.kind === "levels") {
    const lead = leadingWhitespace(text);
    const known = shift.seen.get(lead);
    if (known !== undefined) return known + text.slice(lead.length);
    const levels = toLevels(lead, shift.reply);
    return fromLevels({ levels: levels.levels + shift.delta, rest: levels.rest }, shift.file) + text.slice(lead.length);
  }
  let cut = 0;
  while (cut < shift.prefix.length && text[cut] === shift.prefix[cut]) cut++;
  return text.slice(cut);
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
