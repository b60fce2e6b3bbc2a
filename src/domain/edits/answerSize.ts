/**
 * The size limit on one answer. A model stuck in a loop can stream megabytes;
 * no edit for one ticket is that long, and reading it costs time for nothing
 * (every rule scans lines). Such an answer is refused as a whole, before any
 * parsing, with a reason that names the limit.
 */

import { refusal } from "./refusals.js";
import type { Refusal } from "./types.js";

/** 1 MiB. */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

export function answerSizeRefusal(text: string, limit = DEFAULT_MAX_ANSWER_BYTES): Refusal | null {
  // Every UTF-16 unit is one to three bytes: a short text needs no counting.
  if (text.length * 3 <= limit) return null;
  const ceiling = limit * 4;
  const size = utf8Bytes(text, ceiling);
  if (size <= limit) return null;
  const shown = size > ceiling ? `more than ${formatBytes(ceiling)}` : formatBytes(size);
  return refusal(
    null,
    "too-large",
    `The answer is ${shown}, over the ${formatBytes(limit)} limit for one answer (maxAnswerBytes), so none of it was read; send only the edits as diffs, and split the ticket if it needs more.`,
  );
}

/** The UTF-8 length, counted without encoding the text, and only until it passes `stopAfter`. */
function utf8Bytes(text: string, stopAfter: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAfter; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair: four bytes for two units.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** "1 MiB", "1.5 KiB", "300 bytes": the unit the limit is written in. */
export function formatBytes(n: number): string {
  const MiB = 1024 * 1024;
  if (n >= MiB) return n % MiB === 0 ? `${n / MiB} MiB` : `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return n % 1024 === 0 ? `${n / 1024} KiB` : `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
