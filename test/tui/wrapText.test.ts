import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringWidth, truncateToWidth, fitToWidth } from "../../src/tui/cellWidth.js";
import { expandTabs, wrapLine } from "../../src/tui/wrapText.js";
import { WrappedText } from "../../src/tui/wrappedText.js";

describe("wrapLine", () => {
  it("breaks after the last space that fits", () => {
    expect(wrapLine("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
  });

  it("cuts a word longer than the row", () => {
    expect(wrapLine("abcdefghijkl", 5)).toEqual(["abcde", "fghij", "kl"]);
  });

  it("keeps an empty line as one empty row", () => {
    expect(wrapLine("", 10)).toEqual([""]);
  });

  it("counts wide characters as two cells", () => {
    const rows = wrapLine("界界界界界", 4);
    expect(rows).toEqual(["界界", "界界", "界"]);
    expect(rows.every((r) => stringWidth(r) <= 4)).toBe(true);
  });

  it("never returns a row wider than the width", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", " ", "界", "é") }), fc.integer({ min: 2, max: 30 }), (text, width) => {
        return wrapLine(text, width).every((row) => stringWidth(row) <= width);
      }),
    );
  });
});

describe("cell widths", () => {
  it("truncates with an ellipsis and pads to an exact width", () => {
    expect(truncateToWidth("abcdefgh", 5)).toBe("abcd…");
    expect(fitToWidth("ab", 4)).toBe("ab  ");
    expect(stringWidth(fitToWidth("界界界", 5))).toBe(5);
  });

  it("expands tabs to four spaces", () => {
    expect(expandTabs("\tx")).toBe("    x");
  });
});

describe("WrappedText", () => {
  const full = (text: string, width: number) => text.split("\n").flatMap((line) => wrapLine(line, width));
  const rows = (w: WrappedText) => w.rows(0, w.rowCount);

  it("appending chunk by chunk gives the same rows as wrapping the whole text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "界"), maxLength: 12 }), { maxLength: 30 }),
        fc.integer({ min: 2, max: 12 }),
        (chunks, width) => {
          const wrapped = new WrappedText(width);
          for (const chunk of chunks) wrapped.append(chunk);
          expect(rows(wrapped)).toEqual(full(chunks.join(""), width));
        },
      ),
    );
  });

  it("re-wraps everything at a new width", () => {
    const wrapped = new WrappedText(20);
    wrapped.append("one two three four five\nsix seven");
    wrapped.setWidth(8);
    expect(rows(wrapped)).toEqual(full("one two three four five\nsix seven", 8));
    wrapped.append(" eight nine");
    expect(rows(wrapped)).toEqual(full("one two three four five\nsix seven eight nine", 8));
  });

  it("reads any window of rows without copying the rest", () => {
    const wrapped = new WrappedText(10);
    for (let i = 0; i < 1000; i++) wrapped.append(`line ${i}\n`);
    expect(wrapped.rowCount).toBe(1001);
    expect(wrapped.rows(998, 1001)).toEqual(["line 998", "line 999", ""]);
    expect(wrapped.row(0)).toBe("line 0");
  });
});
