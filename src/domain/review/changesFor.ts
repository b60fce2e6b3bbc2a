/**
 * The review's changes as the edit engine's `FileChange`s, so that
 * `applyHunks(change, acceptedIds(state))` writes exactly the chosen hunks.
 *
 * A file whose hunks are as drafted is returned as it was. A file with
 * split hunks gets the parts as its hunks: they partition the drafted ones
 * against the same `before` and `after`, so nothing else changes. A file
 * with an edited hunk gets a new `after` (every hunk applied, edited ones as
 * edited) and hunks renumbered against it.
 */

import type { FileChange, Hunk } from "../edits/types.js";
import { dominantEol, splitLines } from "../edits/lines.js";
import { slotAt } from "./hunkTree.js";
import { firstOld, isMarker, shapeHunk, startNumber } from "./hunkShape.js";
import type { ReviewPart, ReviewState } from "./types.js";

export function changesFor(state: ReviewState): FileChange[] {
  return state.files.map((file) => {
    const parts: ReviewPart[] = [];
    let asDrafted = true;
    for (let i = 0; i < file.slotCount; i++) {
      const slot = slotAt(state.tree, file.firstSlot + i);
      if (slot.parts.length !== 1 || slot.parts[0]!.hunk !== file.change.hunks[i]) asDrafted = false;
      parts.push(...slot.parts);
    }
    if (asDrafted) return file.change;
    if (!parts.some((p) => p.edited)) return { ...file.change, hunks: parts.map((p) => p.hunk) };
    return withEdits(file.change, parts);
  });
}

function withEdits(change: FileChange, parts: readonly ReviewPart[]): FileChange {
  const before = withTerminators(change.before ?? "");
  const after = withTerminators(change.after ?? "");
  // New lines the reviewer typed get the terminator most of the file uses, so a CRLF file stays
  // CRLF; a file with no line break yet takes the draft's.
  const eol = dominantEol((change.before ?? "").includes("\n") ? (change.before ?? "") : (change.after ?? ""));
  const out: string[] = [];
  const hunks: Hunk[] = [];
  let cursor = 0;
  for (const { hunk, edited } of parts) {
    const from = firstOld(hunk) - 1;
    for (let i = cursor; i < from; i++) out.push(before[i]!);
    // An edited hunk's new side is built from its lines; any other's is the draft's own bytes.
    const to = hunk.newLines === 0 ? hunk.newStart : hunk.newStart - 1;
    const newSide = edited ? editedNewSide(hunk, before, eol) : after.slice(to, to + hunk.newLines);
    const numbers = { oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: startNumber(out.length + 1, newSide.length), newLines: newSide.length };
    hunks.push(shapeHunk(hunk.id, hunk.file, numbers, hunk.lines));
    out.push(...newSide);
    cursor = from + hunk.oldLines;
  }
  for (let i = cursor; i < before.length; i++) out.push(before[i]!);
  return { ...change, after: out.join(""), hunks };
}

/** Context lines keep the file's own bytes; added lines end with `eol` unless a marker says they end the file without one. */
function editedNewSide(hunk: Hunk, before: readonly string[], eol: string): string[] {
  const out: string[] = [];
  let old = firstOld(hunk) - 1;
  hunk.lines.forEach((line, i) => {
    if (line.startsWith(" ")) out.push(before[old++]!);
    else if (line.startsWith("-")) old++;
    else if (line.startsWith("+")) out.push(line.slice(1) + (isMarker(hunk.lines[i + 1] ?? "") ? "" : eol));
  });
  return out;
}

function withTerminators(content: string): string[] {
  return splitLines(content).map((l) => l.text + l.eol);
}
