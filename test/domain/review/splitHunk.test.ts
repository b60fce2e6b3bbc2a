import { describe, expect, it } from "vitest";
import { applyHunks } from "../../../src/domain/edits/index.js";
import { splitHunk } from "../../../src/domain/review/index.js";
import { changeOf, idCounter } from "./reviewHelpers.js";

const NO_EOL = "\\ No newline at end of file";
const lines = (...ls: string[]) => ls.map((l) => `${l}\n`).join("");

describe("splitHunk", () => {
  it("cuts each gap of unchanged lines in the middle, an odd one out going to the part above", () => {
    // Changes at lines 3, 5 (gap of 1) and 9 (gap of 3).
    const before = lines("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    const after = lines("1", "2", "three", "4", "five", "6", "7", "8", "nine", "10", "11", "12");
    const change = changeOf("f", before, after, idCounter());
    expect(change.hunks).toHaveLength(1);
    const result = splitHunk(change.hunks[0]!);
    if (!result.ok) throw new Error(result.reason);
    expect(result.parts.map((h) => [h.id, h.header, h.lines])).toEqual([
      ["h1.1", "@@ -1,4 +1,4 @@", [" 1", " 2", "-3", "+three", " 4"]],
      ["h1.2", "@@ -5,3 +5,3 @@", ["-5", "+five", " 6", " 7"]],
      ["h1.3", "@@ -8,5 +8,5 @@", [" 8", "-9", "+nine", " 10", " 11", " 12"]],
    ]);
    expect(result.parts.map((h) => [h.added, h.removed])).toEqual([[1, 1], [1, 1], [1, 1]]);
  });

  it("numbers the parts with the lines they hold, an empty side by the line before it", () => {
    const before = lines("1", "2", "3", "4", "5");
    const after = lines("1", "new", "2", "3", "5");
    const change = changeOf("f", before, after, idCounter());
    const result = splitHunk(change.hunks[0]!);
    if (!result.ok) throw new Error(result.reason);
    expect(result.parts.map((h) => [h.header, h.lines])).toEqual([
      ["@@ -1,2 +1,3 @@", [" 1", "+new", " 2"]],
      ["@@ -3,3 +4,2 @@", [" 3", "-4", " 5"]],
    ]);
    // A part left with no new line: "x\nb\n" to "a\nx\n".
    const edge = changeOf("g", "x\nb\n", "a\nx\n", idCounter());
    const parts = splitHunk(edge.hunks[0]!);
    if (!parts.ok) throw new Error(parts.reason);
    expect(parts.parts.map((h) => [h.header, h.lines])).toEqual([
      ["@@ -1,1 +1,2 @@", ["+a", " x"]],
      ["@@ -2,1 +2,0 @@", ["-b"]],
    ]);
    const split = { ...edge, hunks: parts.parts };
    expect(applyHunks(split, new Set(["h1.1"]))).toBe("a\nx\nb\n");
    expect(applyHunks(split, new Set(["h1.2"]))).toBe("x\n");
  });

  it("keeps a '\\ No newline' marker with its line", () => {
    const change = changeOf("f", "a\nb\nc\nd", "A\nb\nc\nD", idCounter());
    expect(change.hunks[0]!.lines).toEqual(["-a", "+A", " b", " c", "-d", NO_EOL, "+D", NO_EOL]);
    const result = splitHunk(change.hunks[0]!);
    if (!result.ok) throw new Error(result.reason);
    expect(result.parts.map((h) => h.lines)).toEqual([["-a", "+A", " b"], [" c", "-d", NO_EOL, "+D", NO_EOL]]);
    const whole = { ...change, hunks: result.parts };
    expect(applyHunks(whole, new Set(["h1.2"]))).toBe("a\nb\nc\nD");
    expect(applyHunks(whole, new Set(["h1.1"]))).toBe("A\nb\nc\nd");
  });

  it("refuses one run of changes, and a hunk with no change at all", () => {
    const change = changeOf("f", lines("1", "2", "3"), lines("1", "two", "deux", "3"), idCounter());
    const one = splitHunk(change.hunks[0]!);
    expect(one.ok).toBe(false);
    expect(!one.ok && one.reason).toContain("one run of changes");
    const empty = changeOf("e", null, "", idCounter());
    expect(empty.hunks[0]!.lines).toEqual([]);
    const none = splitHunk(empty.hunks[0]!);
    expect(!none.ok && none.reason).toBe("This hunk changes no line, so there is nothing to split.");
  });
});
