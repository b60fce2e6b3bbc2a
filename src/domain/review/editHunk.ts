/**
 * `e`: a hunk whose lines the reviewer rewrote. It replaces the hunk only if
 * it still applies where the hunk was: its old side (its ' ' and '-' lines,
 * with their "\ No newline" markers) must be exactly the hunk's old side, as
 * git insists when an edited hunk is staged. Only the new side may change.
 */

import type { Hunk } from "../edits/types.js";
import { firstNew, isMarker, shapeHunk, startNumber } from "./hunkShape.js";

export type EditResult = { ok: true; hunk: Hunk } | { ok: false; reason: string };

/** One line of one side of a hunk. */
interface SideLine {
  text: string;
  /** Followed by a "\ No newline at end of file" marker. */
  noEol: boolean;
}

interface Sides {
  old: SideLine[];
  new: SideLine[];
  lines: string[];
}

/**
 * `endsFile`: the hunk's old side reaches the end of the file, so its new
 * side may end without a newline.
 */
export function editHunk(original: Hunk, edited: readonly string[], endsFile: boolean): EditResult {
  const parsed = readSides(edited);
  if ("reason" in parsed) return { ok: false, reason: parsed.reason };
  const was = readSides(original.lines);
  if ("reason" in was) return { ok: false, reason: "The hunk being edited is malformed." };

  const mismatch = oldSideMismatch(was.old, parsed.old);
  if (mismatch) return { ok: false, reason: `The edited hunk no longer applies: ${mismatch} Keep every ' ' and '-' line as it was; change only '+' lines, or turn a '-' line into ' ' to keep that line.` };

  const noEolAt = parsed.new.findIndex((l) => l.noEol);
  if (noEolAt !== -1 && (noEolAt !== parsed.new.length - 1 || !endsFile)) {
    return { ok: false, reason: "Only the last line of the file may lack a newline; a '\\ No newline at end of file' marker can follow only the hunk's last new line, at the end of the file." };
  }
  if (sameSide(parsed.old, parsed.new)) return { ok: false, reason: "The edited hunk changes nothing; press n to reject the hunk instead." };

  const oldLines = parsed.old.length;
  const newLines = parsed.new.length;
  const numbers = {
    oldStart: original.oldStart,
    oldLines,
    newStart: startNumber(firstNew(original), newLines),
    newLines,
  };
  return { ok: true, hunk: shapeHunk(original.id, original.file, numbers, parsed.lines) };
}

/**
 * Reads an edited hunk as git reads one: lines starting with '#' are the
 * editor's comments and are dropped, and an empty line is an empty context
 * line whose leading space an editor trimmed.
 */
function readSides(lines: readonly string[]): Sides | { reason: string } {
  const sides: Sides = { old: [], new: [], lines: [] };
  let previous: " " | "-" | "+" | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.startsWith("#")) continue;
    const line = raw === "" ? " " : raw;
    if (isMarker(line)) {
      if (previous === null) return { reason: `Line ${i + 1} is a '\\' marker that follows no line.` };
      if (previous !== "+") markLast(sides.old);
      if (previous !== "-") markLast(sides.new);
      previous = null;
    } else {
      const kind = line[0];
      if (kind !== " " && kind !== "-" && kind !== "+") {
        return { reason: `Line ${i + 1} ("${clip(line)}") starts with neither ' ', '-', '+' nor '\\'.` };
      }
      const side = { text: line.slice(1), noEol: false };
      if (kind !== "+") sides.old.push(side);
      if (kind !== "-") sides.new.push({ ...side });
      previous = kind;
    }
    sides.lines.push(line);
  }
  return sides;
}

function markLast(side: SideLine[]): void {
  const last = side[side.length - 1];
  if (last) last.noEol = true;
}

function oldSideMismatch(want: readonly SideLine[], got: readonly SideLine[]): string | null {
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    if (!w) return `it has more old lines than the hunk (${got.length}, not ${want.length}).`;
    if (!g) return `it has fewer old lines than the hunk (${got.length}, not ${want.length}); old line ${i + 1} "${clip(w.text)}" is missing.`;
    if (w.text !== g.text) return `old line ${i + 1} should be "${clip(w.text)}" but is "${clip(g.text)}".`;
    if (w.noEol !== g.noEol) return `old line ${i + 1} ${w.noEol ? "lacks" : "has"} a final newline in the file, so its '\\ No newline' marker must stay as it was.`;
  }
  return null;
}

function sameSide(a: readonly SideLine[], b: readonly SideLine[]): boolean {
  return a.length === b.length && a.every((l, i) => l.text === b[i]!.text && l.noEol === b[i]!.noEol);
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
