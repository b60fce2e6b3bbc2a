/**
 * `=== NEW FILE: path ===` blocks (the convention of seed 000). The body is
 * either the fence that follows the marker or, unfenced, every line up to the
 * next block or an `=== END ... ===` line. Fence lines and the chat around
 * them are never part of the file.
 */

import { readFence } from "./fences.js";
import { isEndFileMarker, isFileHeaderPair, isSearchMarker, newFileMarker, startsDiff } from "./markers.js";
import { startsPatch } from "./patchEnvelope.js";
import { pathFromComment, pathFromInfo, pathOnlyLine } from "./pathHints.js";

export interface NewFileBlock {
  /** Index of the first line after the block. */
  end: number;
  /** The path the block names (marker, fence info, or first body line), or null. */
  path: string | null;
  /** Body lines as written; the caller trims them into a file body. */
  body: string[];
  /** False when the body's fence never closed: the answer was cut off. */
  complete: boolean;
  /** The body came from a fence (else it ran to the next block, an END line or the end). */
  fenced: boolean;
}

/** Reads the NEW FILE block whose marker is line `start`. */
export function readNewFileBlock(lines: readonly string[], start: number): NewFileBlock {
  let path: string | null = newFileMarker(lines[start]!) || null;
  let k = start + 1;
  while (k < lines.length && lines[k]!.trim() === "") k++;

  const fence = readFence(lines, k);
  if (fence) {
    let body = fence.content;
    path ??= pathFromInfo(fence.info);
    // A bare path as the first line inside the fence names the file; it is not code.
    const label = body.length > 1 ? pathOnlyLine(body[0]!) : null;
    if (label !== null && (path === null || path === label)) {
      path = label;
      body = body.slice(1);
    }
    path ??= body.length > 0 ? pathFromComment(body[0]!) : null;
    let end = fence.end;
    let after = end;
    while (after < lines.length && lines[after]!.trim() === "") after++;
    if (after < lines.length && isEndFileMarker(lines[after]!)) end = after + 1;
    return { end, path, body, complete: fence.closed, fenced: true };
  }

  const body: string[] = [];
  let end = k;
  while (end < lines.length) {
    const line = lines[end]!;
    if (isEndFileMarker(line)) {
      end++;
      break;
    }
    if (newFileMarker(line) !== null || isSearchMarker(line) || startsPatch(line)) break;
    if (line.startsWith("diff --git ") || isFileHeaderPair(lines, end)) break;
    // A fence ends the body only when it holds the next edit: a Markdown file holds fences too.
    const inner = readFence(lines, end);
    if (inner && holdsEdit(inner.content)) break;
    body.push(line);
    end++;
  }
  return { end, path, body, complete: true, fenced: false };
}

function holdsEdit(content: readonly string[]): boolean {
  return content.some((line, i) => startsDiff(content, i) || newFileMarker(line) !== null || isSearchMarker(line));
}
