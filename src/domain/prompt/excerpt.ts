/**
 * Cuts a file down to the lines that matter for a ticket: windows around each
 * anchor (a unique comment or line the spec names), merged where they meet,
 * with a marker where lines were left out, so the worker sees real lines to
 * diff against and knows the file goes on.
 */

export interface Excerpt {
  text: string;
  /** Anchors that were found in the file. */
  found: string[];
}

export function excerptAroundAnchors(content: string, anchors: string[], radius: number): Excerpt | null {
  const lines = content.split("\n");
  const windows: [number, number][] = [];
  const found: string[] = [];
  for (const anchor of anchors) {
    const needle = anchor.trim();
    if (!needle) continue;
    const at = lines.findIndex((line) => line.includes(needle));
    if (at < 0) continue;
    found.push(anchor);
    windows.push([Math.max(0, at - radius), Math.min(lines.length - 1, at + radius)]);
  }
  if (windows.length === 0) return null;
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const window of windows) {
    const last = merged.at(-1);
    if (last && window[0] <= last[1] + 1) last[1] = Math.max(last[1], window[1]);
    else merged.push([...window]);
  }
  const parts: string[] = [];
  let next = 0;
  for (const [start, end] of merged) {
    if (start > next) parts.push(omitted(next, start - 1));
    parts.push(lines.slice(start, end + 1).join("\n"));
    next = end + 1;
  }
  if (next < lines.length) parts.push(omitted(next, lines.length - 1));
  return { text: parts.join("\n"), found };
}

/** The first lines of a file that fit in `maxChars`, cut at a line end. */
export function headOf(content: string, maxChars: number): string {
  if (content.length <= maxChars) return content;
  const cut = content.lastIndexOf("\n", maxChars);
  const head = content.slice(0, cut > 0 ? cut : maxChars);
  const shown = head.split("\n").length;
  return `${head}\n${omitted(shown, content.split("\n").length - 1)}`;
}

function omitted(from: number, to: number): string {
  return `… (lines ${from + 1}–${to + 1} not shown) …`;
}
