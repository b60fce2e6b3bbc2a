import { describe, expect, it } from "vitest";
import { excerptAroundAnchors, headOf } from "../../../src/domain/prompt/excerpt.js";

const file = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join("\n");

describe("excerptAroundAnchors", () => {
  it("keeps windows around each anchor, merges touching ones and marks what was left out", () => {
    const excerpt = excerptAroundAnchors(file, ["line 10", "line 14", "line 80"], 2)!;
    expect(excerpt.found).toEqual(["line 10", "line 14", "line 80"]);
    expect(excerpt.text.split("\n")).toEqual([
      "… (lines 1–7 not shown) …",
      ...Array.from({ length: 9 }, (_, i) => `line ${i + 8}`),
      "… (lines 17–77 not shown) …",
      "line 78", "line 79", "line 80", "line 81", "line 82",
      "… (lines 83–100 not shown) …",
    ]);
  });

  it("returns null when no anchor is in the file", () => {
    expect(excerptAroundAnchors(file, ["nowhere"], 3)).toBeNull();
  });
});

describe("headOf", () => {
  it("cuts at a line end and says how many lines follow", () => {
    const head = headOf(file, 20);
    expect(head).toBe("line 1\nline 2\nline 3\n… (lines 4–100 not shown) …");
    expect(headOf("short", 20)).toBe("short");
  });
});
