/**
 * The `*** Begin Patch` format (OpenAI's apply_patch), which models trained
 * on Codex write unasked:
 *
 *     *** Begin Patch
 *     *** Add File: src/new.ts          every line prefixed '+'
 *     *** Delete File: src/old.ts
 *     *** Update File: src/a.ts
 *     *** Move to: src/b.ts             optional: a rename
 *     @@ function total(items) {        a line above the hunk that places it
 *      context
 *     -removed
 *     +added
 *     *** End of File                   the hunk ends the file
 *     *** End Patch
 *
 * This module only reads the structure; paths are checked and hunks placed
 * by the same code as every other format. Without `*** End Patch` the patch
 * cannot be told from one cut off, so it is refused whole.
 */

import type { RawHunk } from "./types.js";

const BEGIN = /^\s*\*\*\*\s*Begin Patch\b/i;
const END = /^\s*\*\*\*\s*End Patch\b/i;
const FILE_OP = /^\s*\*\*\*\s*(Add|Delete|Update) File\s*:\s*(.*?)\s*(?:\*\*\*)?\s*$/i;
const MOVE_TO = /^\s*\*\*\*\s*Move to\s*:\s*(.*?)\s*(?:\*\*\*)?\s*$/i;
const END_OF_FILE = /^\s*\*\*\*\s*End of File\b/i;
// `@@ -3,4 +3,5 @@` numbers (a unified diff habit) are no anchor; text after them is.
const NUMBERS = /^-\d+(?:,\d+)?\s+\+\d+(?:,\d+)?\s*(?:@@)?\s*/;

export interface PatchFile {
  op: "add" | "delete" | "update";
  /** The path as written; checked later by the caller. */
  path: string;
  moveTo: string | null;
  /** Added file content, without the '+' prefixes. */
  content: string[];
  hunks: RawHunk[];
  /** Why this file's part cannot be used as written, or null. */
  problem: string | null;
}

export interface PatchEnvelope {
  /** Index of the first line after the patch. */
  end: number;
  files: PatchFile[];
  /** False when the answer ended before `*** End Patch`. */
  complete: boolean;
  /** A line between the files that belongs to none of them. */
  problem: string | null;
}

interface HunkBuilder {
  anchors: string[];
  lines: string[];
  /** Lines that arrived as "" (not " "): a gap, when they end the hunk. */
  bare: boolean[];
  atEnd: boolean;
}

/** `*** Begin Patch`, or a file marker of the format written without it. */
export function startsPatch(line: string): boolean {
  return BEGIN.test(line) || FILE_OP.test(line);
}

/** Reads the patch that starts at line `start` (see `startsPatch`). */
export function readPatchEnvelope(lines: readonly string[], start: number): PatchEnvelope {
  const files: PatchFile[] = [];
  let problem: string | null = null;
  let file: PatchFile | null = null;
  let hunk: HunkBuilder | null = null;

  const closeHunk = (): void => {
    if (file !== null && hunk !== null) {
      let end = hunk.lines.length;
      while (end > 0 && hunk.bare[end - 1]) end--;
      if (end > 0 || hunk.atEnd) {
        const anchor = hunk.anchors.at(-1);
        const raw: RawHunk = { header: anchor === undefined ? "@@" : `@@ ${anchor}`, lines: hunk.lines.slice(0, end) };
        if (hunk.anchors.length > 0) raw.anchors = hunk.anchors;
        if (hunk.atEnd) raw.atEnd = true;
        file.hunks.push(raw);
      }
    }
    hunk = null;
  };
  const closeFile = (): void => {
    closeHunk();
    if (file !== null) files.push(file);
    file = null;
  };

  let i = BEGIN.test(lines[start] ?? "") ? start + 1 : start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (END.test(line)) {
      closeFile();
      return { end: i + 1, files, complete: true, problem };
    }
    const op = FILE_OP.exec(line);
    if (op) {
      closeFile();
      file = { op: op[1]!.toLowerCase() as PatchFile["op"], path: op[2]!, moveTo: null, content: [], hunks: [], problem: null };
      continue;
    }
    const blank = line.trim() === "";
    if (file === null) {
      if (!blank) problem ??= `the line ${JSON.stringify(line)} inside the patch is not under any '*** Update File:', '*** Add File:' or '*** Delete File:' line`;
      continue;
    }
    const current: PatchFile = file;
    if (current.op === "add") {
      if (line.startsWith("+")) current.content.push(line.slice(1));
      else if (blank) current.content.push("");
      else current.problem ??= `the line ${JSON.stringify(line)} of the added file ${current.path} has no '+' prefix; prefix every line of an added file with '+'`;
      continue;
    }
    if (current.op === "delete") {
      if (!blank) current.problem ??= `'*** Delete File: ${current.path}' is followed by ${JSON.stringify(line)}; a deleted file takes no lines`;
      continue;
    }
    const move = MOVE_TO.exec(line);
    if (move && hunk === null && current.hunks.length === 0 && current.moveTo === null) {
      current.moveTo = move[1]!;
      continue;
    }
    if (line.startsWith("@@")) {
      const anchor = anchorOf(line);
      // `@@ class A` straight after `@@` lines with no body yet narrows the same hunk.
      const open = hunk as HunkBuilder | null;
      if (open === null || open.lines.length > 0 || open.atEnd) {
        closeHunk();
        hunk = { anchors: [], lines: [], bare: [], atEnd: false };
      }
      if (anchor !== null) hunk!.anchors.push(anchor);
      continue;
    }
    if (END_OF_FILE.test(line)) {
      hunk ??= { anchors: [], lines: [], bare: [], atEnd: false };
      hunk.atEnd = true;
      closeHunk();
      continue;
    }
    if (blank || line[0] === " " || line[0] === "-" || line[0] === "+") {
      // The first hunk of a file may come without an `@@` line.
      hunk ??= { anchors: [], lines: [], bare: [], atEnd: false };
      hunk.lines.push(blank ? " " : line);
      hunk.bare.push(line === "");
      continue;
    }
    current.problem ??= `the line ${JSON.stringify(line)} in the update of ${current.path} has no ' ', '-' or '+' prefix; prefix every hunk line`;
  }
  closeFile();
  return { end: lines.length, files, complete: false, problem };
}

/** The anchor after `@@`, or null for a bare `@@`, `@@ ... @@` or unified-diff numbers. */
function anchorOf(line: string): string | null {
  let rest = line.slice(2).trim().replace(NUMBERS, "");
  rest = rest.replace(/\s*@@$/, "").trim();
  return rest === "" || /^(?:\.{3}|…)$/.test(rest) ? null : rest;
}
