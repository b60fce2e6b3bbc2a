/**
 * SEARCH/REPLACE blocks (aider's edit format):
 *
 *     path/to/file.py
 *     <<<<<<< SEARCH
 *     old lines
 *     =======
 *     new lines
 *     >>>>>>> REPLACE
 *
 * A block is turned into an ordinary hunk (equal lines become context,
 * the rest removed and added lines), so placing it follows exactly the rules
 * of a diff hunk: content-based, unique, whitespace relaxed but never content.
 */

import { diffArrays } from "diff";
import { isDividerMarker, isReplaceMarker } from "./markers.js";
import type { RawHunk } from "./types.js";

export interface SearchReplaceBlock {
  /** Index of the first line after the block. */
  end: number;
  search: string[];
  replace: string[];
  /** False when the region ended before `>>>>>>> REPLACE`. */
  complete: boolean;
}

/** Reads the block whose `<<<<<<< SEARCH` marker is line `start`. */
export function readSearchReplace(lines: readonly string[], start: number): SearchReplaceBlock {
  const search: string[] = [];
  const replace: string[] = [];
  let target = search;
  let sawDivider = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!sawDivider && isDividerMarker(line)) {
      sawDivider = true;
      target = replace;
    } else if (sawDivider && isReplaceMarker(line)) {
      return { end: i + 1, search, replace, complete: true };
    } else {
      target.push(line);
    }
  }
  return { end: lines.length, search, replace, complete: false };
}

/** The block as a hunk; `n` numbers it in refusal messages. */
export function searchReplaceHunk(block: SearchReplaceBlock, n: number): RawHunk {
  const lines: string[] = [];
  for (const change of diffArrays(block.search, block.replace)) {
    const prefix = change.added ? "+" : change.removed ? "-" : " ";
    for (const text of change.value) lines.push(prefix + text);
  }
  return { header: `SEARCH/REPLACE block ${n}`, lines };
}
