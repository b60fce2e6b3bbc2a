/**
 * The line markers that start or end an edit block in a worker's answer.
 * Kept together because every block reader must stop at every other block's
 * start: a NEW FILE body ends where a diff begins, a diff ends at a marker.
 */

import { fenceOpener } from "./fences.js";
import { startsPatch } from "./patchEnvelope.js";

// "=== NEW FILE: src/x.ts ===" and the variants small models write: no colon,
// no closing "===", bold, backticks around the path, or no path at all.
const NEW_FILE = /^\s*(?:\*\*|__)?\s*={3,}\s*NEW[ _-]?FILE\b\s*:?\s*(.*?)\s*=*\s*(?:\*\*|__)?\s*$/i;
const END_FILE = /^\s*={3,}\s*END\b[^=]*=*\s*$/i;
const SEARCH = /^\s*<{5,9}\s*SEARCH\b/;
const DIVIDER = /^\s*={5,9}\s*$/;
const REPLACE = /^\s*>{5,9}\s*REPLACE\b/;

/**
 * `@@ -a,b +c,d @@ section`, `@@ ... @@`, a bare `@@`, or numbers without the
 * closing `@@`. Numbers are hints only, parsed for the one place they help:
 * telling a trailing blank context line from the blank line after a diff.
 */
const HUNK_HEADER = /^@@\s*(?:-(\d+)(?:,(\d+))?\s+\+(\d+)(?:,(\d+))?\s*|\.\.\.\s*|)(?:@@.*)?$/;

export interface HunkHeader {
  oldCount: number | null;
  newCount: number | null;
}

export function hunkHeader(line: string | undefined): HunkHeader | null {
  if (line === undefined) return null;
  const m = HUNK_HEADER.exec(line);
  if (!m) return null;
  if (m[1] === undefined) return { oldCount: null, newCount: null };
  // "-5 +5" means one line each, as in every unified diff.
  return { oldCount: m[2] === undefined ? 1 : Number(m[2]), newCount: m[4] === undefined ? 1 : Number(m[4]) };
}

/** The path after a NEW FILE marker ("" when it names none), or null when the line is no marker. */
export function newFileMarker(line: string): string | null {
  const m = NEW_FILE.exec(line);
  if (!m) return null;
  return m[1]!.replace(/^`+|`+$/g, "").trim();
}

export const isEndFileMarker = (line: string): boolean => END_FILE.test(line);
export const isSearchMarker = (line: string): boolean => SEARCH.test(line);
export const isDividerMarker = (line: string): boolean => DIVIDER.test(line);
export const isReplaceMarker = (line: string): boolean => REPLACE.test(line);

/** `--- x` / `+++ y` as a pair: the ordinary start of one file's diff. */
export function isFileHeaderPair(lines: readonly string[], i: number): boolean {
  return /^--- \S/.test(lines[i] ?? "") && /^\+\+\+ \S/.test(lines[i + 1] ?? "");
}

/** A lone `--- x` or `+++ y` directly above a hunk header: a diff missing half its header. */
export function isLoneFileHeader(lines: readonly string[], i: number): boolean {
  return /^(?:---|\+\+\+) \S/.test(lines[i] ?? "") && hunkHeader(lines[i + 1]) !== null;
}

/** True when a diff starts at line i (with or without file headers). */
export function startsDiff(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? "";
  return (
    line.startsWith("diff --git ") ||
    isFileHeaderPair(lines, i) ||
    isLoneFileHeader(lines, i) ||
    hunkHeader(line) !== null
  );
}

/** True when line i starts some block other than a diff: every reader stops there. */
export function startsOtherBlock(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? "";
  return newFileMarker(line) !== null || isSearchMarker(line) || fenceOpener(line) !== null || startsPatch(line);
}
