import { describe, expect, it } from "vitest";
import { describeValue, inputErrorFor, orList } from "../../../src/domain/tickets/problems.js";

describe("inputErrorFor", () => {
  it("one problem keeps its field on the error", () => {
    const error = inputErrorFor("a.yaml", [{ field: "owner (line 2)", problem: "expected x" }]);
    expect(error.message).toBe("a.yaml: owner (line 2): expected x");
    expect(error.field).toBe("owner (line 2)");
  });

  it("many problems are listed, and the list stops at twenty", () => {
    const problems = Array.from({ length: 23 }, (_, i) => ({ field: `line ${i + 1}`, problem: "bad" }));
    const error = inputErrorFor("a.md", problems);
    const lines = error.problem.split("\n");
    expect(lines[0]).toBe("23 problems:");
    expect(lines[1]).toBe("  - line 1: bad");
    expect(lines).toHaveLength(22);
    expect(lines[21]).toBe("  - …and 3 more");
  });
});

describe("describeValue and orList", () => {
  it("shows each kind of value unambiguously", () => {
    expect([describeValue("x"), describeValue(3), describeValue(true), describeValue(null), describeValue([]), describeValue([1]), describeValue({})]).toEqual([
      '"x"',
      "the number 3",
      "true",
      "an empty value",
      "an empty list",
      "a list",
      "an object",
    ]);
    expect(describeValue("y".repeat(100))).toBe(`"${"y".repeat(60)}…"`);
  });

  it("joins alternatives the way people say them", () => {
    expect(orList(['"a"'])).toBe('"a"');
    expect(orList(['"a"', '"b"'])).toBe('"a" or "b"');
    expect(orList(['"a"', '"b"', '"c"'])).toBe('"a", "b" or "c"');
  });
});
