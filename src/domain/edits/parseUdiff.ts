/**
 * Unified diffs as small models write them: with or without `diff --git`,
 * `a/` `b/` prefixes, timestamps, one of the two file headers, `@@` headers
 * with invented numbers or none, blank context lines without their space.
 * The reader never uses header counts to decide what belongs to a hunk
 * (they are wrong too often); a hunk runs while lines look like hunk lines.
 */

import { fenceOpener } from "./fences.js";
import {
  hunkHeader,
  isFileHeaderPair,
  isLoneFileHeader,
  startsDiff,
  startsOtherBlock,
  type HunkHeader,
} from "./markers.js";
import type { RawHunk } from "./types.js";

export const DEV_NULL = "/dev/null";

/** One file's part of a diff, before its path is checked. */
export interface DiffSection {
  /** Cleaned `---` path ("/dev/null" kept), or null when the line is missing. */
  oldPath: string | null;
  newPath: string | null;
  /** The path from a `diff --git a/x b/x` line, used when `---`/`+++` are missing. */
  gitPath: string | null;
  newFileMode: boolean;
  deletedFileMode: boolean;
  /** `rename from`/`rename to` lines of a git diff: the file moves. */
  renameFrom: string | null;
  renameTo: string | null;
  hunks: RawHunk[];
  /** Why the section cannot be used as written, or null. */
  problem: string | null;
}

interface HunkBuilder {
  header: string;
  counts: HunkHeader;
  lines: string[];
}

const EXTENDED_HEADER =
  /^(?:index [0-9a-f]|old mode |new mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to )/;

/**
 * Reads the diff that starts at line `start` of a region (the whole answer or
 * one fence's content). `fenced` says the region is a fence's content, where
 * a stray line followed by more hunk lines is a malformed diff rather than
 * the end of it.
 */
export function readDiff(
  lines: readonly string[],
  start: number,
  fenced: boolean,
): { end: number; sections: DiffSection[]; lastHunkShort: boolean } {
  const sections: DiffSection[] = [];
  let sec: DiffSection | null = null;
  let hunk: HunkBuilder | null = null;
  let lastHunkShort = false;

  const closeHunk = (): void => {
    if (sec && hunk) {
      const body = trimTrailingBlanks(hunk);
      if (body.length > 0) sec.hunks.push({ header: hunk.header, lines: body });
      lastHunkShort = isShort(hunk.counts, hunk.lines);
    }
    hunk = null;
  };
  const openSection = (): DiffSection => {
    closeHunk();
    if (sec) sections.push(sec);
    sec = emptySection();
    return sec;
  };
  const hasHeaders = (s: DiffSection | null): boolean =>
    s !== null && (s.hunks.length > 0 || s.oldPath !== null || s.newPath !== null);

  let j = start;
  while (j < lines.length) {
    const line = lines[j]!;
    if (line.startsWith("diff --git ")) {
      openSection().gitPath = gitLinePath(line.slice("diff --git ".length));
      j++;
      continue;
    }
    if (isFileHeaderPair(lines, j)) {
      // A `diff --git` line and its `---`/`+++` pair belong to one section.
      const target: DiffSection = hunk !== null || hasHeaders(sec) || sec === null ? openSection() : sec;
      target.oldPath = cleanHeaderPath(line.slice(4));
      target.newPath = cleanHeaderPath(lines[j + 1]!.slice(4));
      j += 2;
      continue;
    }
    // Inside a hunk, "--- x" is a removed "-- x" line (an SQL comment, say), unless it repeats the
    // section's own header right above the next `@@` (each hunk given its file header again).
    if (isLoneFileHeader(lines, j) && (hunk === null || repeatsHeader(sec, line))) {
      const target: DiffSection = hasHeaders(sec) || sec === null ? openSection() : sec;
      if (line.startsWith("---")) target.oldPath = cleanHeaderPath(line.slice(4));
      else target.newPath = cleanHeaderPath(line.slice(4));
      j++;
      continue;
    }
    if (sec !== null && hunk === null && readExtendedHeader(sec, line)) {
      j++;
      continue;
    }
    const counts = hunkHeader(line);
    if (counts) {
      closeHunk();
      if (sec === null) sec = emptySection();
      hunk = { header: line.trim(), counts, lines: [] };
      j++;
      continue;
    }
    if (isBodyLine(line)) {
      if (hunk === null) {
        // Blank lines between headers and the first hunk, or between files.
        if (line.trim() === "" && continuesAfterBlanks(lines, j)) {
          j++;
          continue;
        }
        // `---`/`+++` followed straight by hunk lines: the `@@` line is missing.
        if (sec !== null && sec.hunks.length === 0 && (sec.oldPath !== null || sec.newPath !== null)) {
          hunk = { header: "@@ @@", counts: { oldCount: null, newCount: null }, lines: [] };
        } else {
          break;
        }
      }
      hunk.lines.push(line);
      j++;
      continue;
    }
    // A line that is no hunk line ends the diff, unless hunk lines follow it:
    // then it is a context line that lost its prefix, and guessing which part
    // of the hunk it belongs to could write the wrong thing.
    if (sec !== null && hunk !== null && !startsOtherBlock(lines, j) && strayInsideHunk(lines, j, fenced)) {
      sec.problem ??= `the diff line ${JSON.stringify(line)} has no ' ', '-' or '+' prefix; prefix every hunk line`;
      j++;
      continue;
    }
    break;
  }
  const open = hunk !== null;
  lastHunkShort = false;
  if (sec !== null) {
    closeHunk();
    sections.push(sec);
  }
  return { end: j, sections, lastHunkShort: open && lastHunkShort };
}

/** Fewer old or new lines than the `@@ -a,b +c,d @@` counts promise (never true without counts). */
function isShort(counts: HunkHeader, lines: readonly string[]): boolean {
  if (counts.oldCount === null || counts.newCount === null) return false;
  const old = lines.filter((l) => l[0] !== "+" && l[0] !== "\\").length;
  const added = lines.filter((l) => l[0] !== "-" && l[0] !== "\\").length;
  return old < counts.oldCount || added < counts.newCount;
}

function repeatsHeader(sec: DiffSection | null, line: string): boolean {
  if (sec === null) return false;
  const path = cleanHeaderPath(line.slice(4));
  return path !== DEV_NULL && (path === sec.oldPath || path === sec.newPath);
}

function emptySection(): DiffSection {
  return {
    oldPath: null,
    newPath: null,
    gitPath: null,
    newFileMode: false,
    deletedFileMode: false,
    renameFrom: null,
    renameTo: null,
    hunks: [],
    problem: null,
  };
}

function readExtendedHeader(sec: DiffSection, line: string): boolean {
  if (line.startsWith("new file mode")) sec.newFileMode = true;
  else if (line.startsWith("deleted file mode")) sec.deletedFileMode = true;
  // Git writes these paths without the a/ b/ prefix, quoted when they need it.
  else if (line.startsWith("rename from ")) sec.renameFrom = cleanGitPath(line.slice("rename from ".length));
  else if (line.startsWith("rename to ")) sec.renameTo = cleanGitPath(line.slice("rename to ".length));
  else if (line.startsWith("copy from ") || line.startsWith("copy to ")) {
    sec.problem ??= "copies are not supported; create the new file with '=== NEW FILE: path ===' and its whole content";
  }
  else if (line.startsWith("Binary files ") || line.startsWith("GIT binary patch")) {
    sec.problem ??= "binary patches are not supported; edit text files with a unified diff";
  } else if (!EXTENDED_HEADER.test(line)) return false;
  return true;
}

function isBodyLine(line: string): boolean {
  return line === "" || line[0] === " " || line[0] === "-" || line[0] === "+" || line[0] === "\\" || line.trim() === "";
}

function continuesAfterBlanks(lines: readonly string[], j: number): boolean {
  let k = j;
  while (k < lines.length && lines[k]!.trim() === "") k++;
  return k < lines.length && startsDiff(lines, k);
}

/**
 * Does a stray line at j sit inside a hunk? In a fence, yes when any hunk
 * line follows before the fence ends; in prose, only when it directly follows
 * a hunk line and more follow in the same paragraph (so a chat paragraph with
 * "- bullets" after a blank line still ends the diff).
 */
function strayInsideHunk(lines: readonly string[], j: number, fenced: boolean): boolean {
  if (!fenced && (lines[j - 1] ?? "").trim() === "") return false;
  for (let k = j + 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.trim() === "") {
      if (!fenced) return false;
      continue;
    }
    if (line.startsWith("diff --git ") || isFileHeaderPair(lines, k) || fenceOpener(line) !== null) return false;
    if (startsOtherBlock(lines, k)) return false;
    if (hunkHeader(line) !== null || line[0] === "-" || line[0] === "+") return true;
  }
  return false;
}

/**
 * Blank lines at the end of a hunk are usually the gap before the next
 * paragraph; they are kept only when the header's counts say the hunk needs
 * them. Blank lines without their space become blank context lines.
 */
function trimTrailingBlanks(hunk: HunkBuilder): string[] {
  const lines = hunk.lines.map((l) => (l.trim() === "" && l[0] !== "+" && l[0] !== "-" ? " " : l));
  let end = lines.length;
  while (end > 0 && lines[end - 1] === " " && hunk.lines[end - 1] === "") end--;
  const { oldCount, newCount } = hunk.counts;
  if (oldCount !== null && newCount !== null && end < lines.length) {
    const side = (prefix: string): number => lines.slice(0, end).filter((l) => l[0] === " " || l[0] === prefix).length;
    const wantOld = oldCount - side("-");
    const wantNew = newCount - side("+");
    if (wantOld > 0 && wantOld === wantNew) end = Math.min(lines.length, end + wantOld);
  }
  return lines.slice(0, end);
}

/** `a/x b/x` from a `diff --git` line; the two halves agree unless the file was renamed. */
function gitLinePath(rest: string): string | null {
  const trimmed = rest.trim();
  const half = (trimmed.length - 1) / 2;
  if (Number.isInteger(half) && trimmed[half] === " ") {
    const a = cleanHeaderPath(trimmed.slice(0, half));
    const b = cleanHeaderPath(trimmed.slice(half + 1));
    if (a === b) return a;
  }
  const m = /^(?:"?a\/)?(.+?)"? "?b\/(.+?)"?$/.exec(trimmed);
  return m ? cleanHeaderPath(m[2]!) : null;
}

/**
 * The path of a `---`/`+++` line without what tools and models add: git
 * quoting, a tab or timestamp, "(original)", and the `a/` `b/` prefix.
 */
export function cleanHeaderPath(raw: string): string {
  let path = raw.split("\t")[0]!.trim();
  if (path.startsWith('"') && path.endsWith('"') && path.length >= 2) path = unquoteGit(path.slice(1, -1));
  path = path
    .replace(/\s+\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:[+-]\d{4}|Z))?$/, "")
    .replace(/\s+\((?:original|modified|new|old|updated|new file|deleted|before|after)\)$/i, "")
    .trim();
  if (path === DEV_NULL) return path;
  return path.replace(/^[ab]\//, "");
}

function cleanGitPath(raw: string): string {
  const path = raw.trim();
  return path.startsWith('"') && path.endsWith('"') && path.length >= 2 ? unquoteGit(path.slice(1, -1)) : path;
}

/** Git's C-style quoting: backslash escapes and octal bytes of UTF-8. */
function unquoteGit(body: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, "\\": 92 };
  const encoder = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\" || i + 1 >= body.length) {
      bytes.push(...encoder.encode(ch));
      continue;
    }
    const next = body[i + 1]!;
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
