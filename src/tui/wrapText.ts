import { charWidth } from "./cellWidth.js";

/**
 * Greedy wrapping of one logical line into rows of at most `width` cells:
 * break after the last space that fits, or mid-word when a word is longer
 * than the row. Greedy matters: a row's break depends only on the text from
 * that row's start, so a caller streaming text can keep every row but the
 * last and re-wrap only that one (see WrappedText).
 */
export function wrapLine(line: string, width: number): string[] {
  const w = Math.max(1, width);
  const chars = Array.from(line);
  if (chars.length === 0) return [""];
  const rows: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let used = 0;
    let end = start;
    let lastSpace = -1;
    while (end < chars.length) {
      const cw = charWidth(chars[end]!.codePointAt(0)!);
      if (used + cw > w) break;
      if (chars[end] === " ") lastSpace = end;
      used += cw;
      end++;
    }
    if (end === chars.length) {
      rows.push(chars.slice(start).join(""));
      break;
    }
    if (end === start) end = start + 1; // a character wider than the row still has to go somewhere
    if (chars[end] === " ") {
      // The row ends exactly before a space: the space is the break.
      rows.push(chars.slice(start, end).join(""));
      start = end + 1;
      // Keep the (empty) row after the break: text appended later starts there, not on the full row.
      if (start === chars.length) rows.push("");
    } else if (lastSpace > start) {
      rows.push(chars.slice(start, lastSpace).join(""));
      start = lastSpace + 1;
    } else {
      rows.push(chars.slice(start, end).join(""));
      start = end;
    }
  }
  return rows;
}

/** Tabs have no width a terminal agrees on inside a pane; four spaces keep code indentation readable. */
export function expandTabs(text: string): string {
  return text.includes("\t") ? text.replace(/\t/g, "    ") : text;
}
