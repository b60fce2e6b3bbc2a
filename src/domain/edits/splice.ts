/**
 * Writing placed hunks into a file's lines. Context lines are copied from the
 * file, not from the reply, so that every byte the hunk does not change
 * (trailing spaces, CRs, the exact indentation) stays as it was; added lines
 * get the file's own line terminator.
 */

import { shiftLine, type IndentShift } from "./locate.js";
import { leadingWhitespace } from "./indentStyle.js";
import { isBlank, joinLines, type Eol, type Line } from "./lines.js";

export type OpKind = " " | "-" | "+";

export interface Op {
  op: OpKind;
  text: string;
}

/** A hunk read into operations, with what its '\ No newline' markers say. */
export interface HunkPlan {
  /** 1-based position in the edit, for messages. */
  n: number;
  header: string;
  ops: Op[];
  /** Context and removed lines, in order: what must be found in the file. */
  old: string[];
  /** Context and added lines, in order: what the place looks like afterwards. */
  new: string[];
  oldNoNewline: boolean;
  newNoNewline: boolean;
}

export interface Placement {
  plan: HunkPlan;
  start: number;
  shift: IndentShift;
}

/**
 * Applies non-overlapping placements. `finalNewline` is the file's
 * final-newline state unless a hunk reaching the end of the file says
 * otherwise with a '\ No newline at end of file' marker.
 */
export function splice(file: readonly Line[], placements: readonly Placement[], eol: Eol, finalNewline: boolean): string {
  const out: Line[] = [];
  let cursor = 0;
  let endNewline = finalNewline;
  for (const { plan, start, shift } of [...placements].sort((a, b) => a.start - b.start)) {
    for (; cursor < start; cursor++) out.push(file[cursor]!);
    for (const { op, text } of plan.ops) {
      if (op === " ") out.push(file[cursor++]!);
      else if (op === "-") cursor++;
      else out.push({ text: shiftLine(text, shift), eol });
    }
    if (cursor === file.length) endNewline = markerSays(plan) ?? endNewline;
  }
  for (; cursor < file.length; cursor++) out.push(file[cursor]!);

  // A line that used to be last may now have lines after it, and the last
  // line ends as the file did (or as the marker says).
  const fixed = out.map((line, i) => {
    if (i < out.length - 1) return line.eol === "" ? { text: line.text, eol } : line;
    if (!endNewline) return { text: line.text, eol: "" };
    return line.eol === "" ? { text: line.text, eol } : line;
  });
  return joinLines(fixed);
}

/** What a hunk at the end of the file says about the final newline, if anything. */
function markerSays(plan: HunkPlan): boolean | null {
  if (plan.newNoNewline) return false;
  if (plan.oldNoNewline) return true;
  return null;
}

/** Reads a raw hunk's lines into operations; `n` numbers it for messages. */
export function planHunk(header: string, lines: readonly string[], n: number): HunkPlan {
  const plan: HunkPlan = { n, header, ops: [], old: [], new: [], oldNoNewline: false, newNoNewline: false };
  for (const line of lines) {
    const prefix = line[0];
    if (prefix === "\\") {
      // The marker speaks of the line just before it.
      const last = plan.ops.at(-1)?.op;
      if (last === "-" || last === " ") plan.oldNoNewline = true;
      if (last === "+" || last === " ") plan.newNoNewline = true;
      continue;
    }
    const op: OpKind = prefix === "-" || prefix === "+" ? prefix : " ";
    // A line with no prefix at all can only be a blank context line.
    const text = prefix === "-" || prefix === "+" || prefix === " " ? line.slice(1) : line;
    plan.ops.push({ op, text });
    if (op !== "+") plan.old.push(text);
    if (op !== "-") plan.new.push(text);
  }
  return plan;
}

/**
 * The plan with new operations (a hunk rewritten against the file's lines)
 * and the indent shift already applied to its added lines, so that it can be
 * spliced without one.
 */
export function finishPlan(plan: HunkPlan, ops: readonly Op[], shift: IndentShift, style: (text: string) => string = (t) => t): HunkPlan {
  const done = ops.map((o) => (o.op === "+" ? { op: o.op, text: style(shiftLine(o.text, shift)) } : o));
  return {
    ...plan,
    ops: done,
    old: done.filter((o) => o.op !== "+").map((o) => o.text),
    new: done.filter((o) => o.op !== "-").map((o) => o.text),
  };
}

/** The indentation of every non-blank line a hunk (or a piece of one) adds. */
export function addedLeadsOf(ops: readonly Op[]): Set<string> {
  return new Set(ops.filter((o) => o.op === "+" && !isBlank(o.text)).map((o) => leadingWhitespace(o.text)));
}

export function changes(plan: HunkPlan): boolean {
  return plan.ops.some((o) => o.op !== " ");
}

/**
 * The same hunk without blank context lines at its ends, which models add
 * past the end of the file or around a block; dropping context never changes
 * what the hunk does.
 */
export function withoutBlankEdges(plan: HunkPlan): HunkPlan | null {
  let first = 0;
  let last = plan.ops.length;
  while (first < last && plan.ops[first]!.op === " " && plan.ops[first]!.text.trim() === "") first++;
  while (last > first && plan.ops[last - 1]!.op === " " && plan.ops[last - 1]!.text.trim() === "") last--;
  if (first === 0 && last === plan.ops.length) return null;
  const ops = plan.ops.slice(first, last);
  return {
    ...plan,
    ops,
    old: ops.filter((o) => o.op !== "+").map((o) => o.text),
    new: ops.filter((o) => o.op !== "-").map((o) => o.text),
  };
}
