import { describe, expect, it } from "vitest";
import { applied, diff, hunk, refused, ten } from "./proposeHelpers.js";

describe("proposeChanges: placing hunks", () => {
  it("places a hunk by its text, whatever its header says", () => {
    const edit = diff("f.txt", { header: "@@ -90,3 +90,3 @@", lines: [" four", "-five", "+FIVE", " six"] });
    expect(applied(edit, { "f.txt": ten })).toBe(ten.replace("five", "FIVE"));
  });

  it("ignores trailing whitespace and keeps the file's bytes on untouched lines", () => {
    const file = "a  \nb\t\nc\n";
    expect(applied(diff("f", hunk(" a", "-b", "+B", " c   ")), { f: file })).toBe("a  \nB\nc\n");
  });

  it("prefers an exact match to a match found by relaxing whitespace", () => {
    const file = "x  \n1\n2\n3\nx\n";
    expect(applied(diff("f", hunk("-x", "+y")), { f: file })).toBe("x  \n1\n2\n3\ny\n");
  });

  it("refuses a match that is ambiguous once whitespace is relaxed", () => {
    const [r] = refused([diff("f", hunk("-x", "+y"))], { f: "x \n1\nx\t\n" });
    expect(r!.code).toBe("ambiguous");
    expect(r!.reason).toBe(
      "hunk 1: its 1 old line matches 2 places (lines 1 and 3) — add unchanged lines above or below the change until they occur once",
    );
    expect(r!.hunk).toBe(1);
  });

  it("restores a uniform indent offset, in both directions, keeping relative indentation", () => {
    const file = "class A:\n    def f(self):\n        if x:\n            return 1\n        return 2\n";
    const outdented = hunk(" if x:", "-    return 1", "+    return 3", "+    # done");
    expect(applied(diff("a.py", outdented), { "a.py": file })).toBe(file.replace("            return 1\n", "            return 3\n            # done\n"));
    // Context " " + 12 spaces: four deeper than the file, like the removed line.
    const overIndented = hunk(`             if x:`, "-                return 1", "+                return 3");
    expect(applied(diff("a.py", overIndented), { "a.py": file })).toBe(file.replace("return 1", "return 3"));
  });

  it("refuses an indent offset that fits two places", () => {
    const file = "def a():\n    if x:\n        go()\n\ndef b():\n    for y in z:\n        if x:\n            go()\n";
    expect(refused([diff("a.py", hunk(" if x:", "-    go()", "+    stop()"))], { "a.py": file })[0]!.code).toBe("ambiguous");
  });

  it("does not relax content: a near miss is not found, and the reason quotes the closest lines", () => {
    const [r] = refused([diff("f.txt", hunk(" four", "-fiv", "+5"))], { "f.txt": ten });
    expect(r!.code).toBe("not-found");
    expect(r!.reason).toContain('its line "fiv" is not there');
    expect(r!.reason).toContain('the closest lines are 4-5: "four" / "five"');
  });

  it("drops blank context lines at a hunk's edges when they are not in the file", () => {
    expect(applied(diff("f.txt", hunk(" ", " nine", "-ten", "+TEN", " ", " ")), { "f.txt": "eight\nnine\nten\n" })).toBe("eight\nnine\nTEN\n");
  });

  it("refuses a pure addition without context, except into an empty file", () => {
    expect(refused([diff("f.txt", hunk("+new"))], { "f.txt": ten })[0]!.code).toBe("not-found");
    expect(applied(diff("f.txt", hunk("+new")), { "f.txt": "" })).toBe("new\n");
  });

  it("places several hunks against the original in any order", () => {
    const edit = diff("f.txt", hunk(" nine", "-ten", "+10"), hunk("-one", "+1", " two"));
    expect(applied(edit, { "f.txt": ten })).toBe(ten.replace("one", "1").replace("ten", "10"));
  });

  it("refuses hunks that overlap", () => {
    const [r] = refused([diff("f.txt", hunk(" two", "-three", "+3"), hunk("-three", "+THREE", " four"))], { "f.txt": ten });
    expect(r!.code).toBe("conflict");
    expect(r!.reason).toMatch(/Hunks 1 and 2/);
  });

  it("reports an edit that is already in the file as no change", () => {
    const [r] = refused([diff("f.txt", hunk(" one", "-2", "+two"))], { "f.txt": ten });
    expect(r!.code).toBe("no-change");
    expect(r!.reason).toMatch(/^already applied or no change/);
  });

  it("refuses a partly applied edit as not found, saying which hunk is applied", () => {
    const [r] = refused([diff("f.txt", hunk(" one", "-2", "+two"), hunk(" five", "-six", "+6"))], { "f.txt": ten });
    expect(r!.code).toBe("not-found");
    expect(r!.reason).toMatch(/^hunk 1: it is already applied but other hunks are not/);
  });

  it("reports a hunk that changes nothing as no change", () => {
    expect(refused([diff("f.txt", hunk(" one", " two"))], { "f.txt": ten })[0]!.code).toBe("no-change");
  });
});

describe("proposeChanges: line endings and final newlines", () => {
  it("keeps CRLF files CRLF, including added lines", () => {
    const file = "a\r\nb\r\nc\r\n";
    expect(applied(diff("w.txt", hunk(" a", "-b", "+B", "+B2", " c")), { "w.txt": file })).toBe("a\r\nB\r\nB2\r\nc\r\n");
  });

  it("gives new lines the terminator most of a mixed file uses", () => {
    const file = "a\r\nb\r\nc\n";
    expect(applied(diff("m", hunk(" a", "+x", " b")), { m: file })).toBe("a\r\nx\r\nb\r\nc\n");
  });

  it("keeps a missing final newline when lines are added at the end", () => {
    expect(applied(diff("f", hunk(" b", "+c")), { f: "a\nb" })).toBe("a\nb\nc");
  });

  it("follows a '\\ No newline' marker that adds or removes the final newline", () => {
    const adds = hunk(" a", "-b", "\\ No newline at end of file", "+b");
    expect(applied(diff("f", adds), { f: "a\nb" })).toBe("a\nb\n");
    const removes = hunk(" a", "-b", "+b", "\\ No newline at end of file");
    expect(applied(diff("f", removes), { f: "a\nb\n" })).toBe("a\nb");
  });

  it("ignores a '\\ No newline' marker on a hunk that does not reach the end", () => {
    expect(applied(diff("f", hunk(" a", "-b", "+B", "\\ No newline at end of file")), { f: "a\nb\nc\n" })).toBe("a\nB\nc\n");
  });
});


describe("proposeChanges: refusal wording", () => {
  it("shows tabs as \\t when quoting lines, so tabs against spaces is visible", () => {
    const [r] = refused([diff("f.go", hunk("     return x", "-    y = 1", "+    y = 2"))], { "f.go": "func f() {\n\treturn x\n\ty := 1\n}\n" });
    expect(r!.code).toBe("not-found");
    expect(r!.reason).toContain('"\\treturn x"');
  });
});
