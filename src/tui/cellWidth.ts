/**
 * How many terminal cells a character takes, close enough to what Ink
 * measures that our own wrapping (of the worker's draft) lines up with its
 * layout. Ink still truncates every row it draws, so an odd character that we
 * misjudge costs a clipped glyph, never a line drawn past the pane.
 */

// Ranges drawn two cells wide: CJK, Hangul, fullwidth forms, most emoji.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

// Combining marks, zero-width spaces/joiners and variation selectors take no cell of their own.
const ZERO: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
];

const within = (ranges: readonly (readonly [number, number])[], cp: number) =>
  ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

export function charWidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 0x300) return 1;
  if (within(ZERO, codePoint)) return 0;
  return within(WIDE, codePoint) ? 2 : 1;
}

export function stringWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/** The longest prefix of `text` that fits in `width` cells, with an ellipsis when it was cut. */
export function truncateToWidth(text: string, width: number): string {
  if (width <= 0) return "";
  if (stringWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** Pads with spaces to exactly `width` cells (truncating first when longer). */
export function fitToWidth(text: string, width: number): string {
  const cut = truncateToWidth(text, width);
  return cut + " ".repeat(Math.max(0, width - stringWidth(cut)));
}
