import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_ANSWER_BYTES, parseWorkerAnswer } from "../../../src/domain/edits/index.js";

const diff = "--- a/x.txt\n+++ b/x.txt\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n";

describe("parseWorkerAnswer: the size of an answer", () => {
  it("refuses an answer over the limit as a whole, naming the limit", () => {
    const { edits, refusals } = parseWorkerAnswer(diff + "x".repeat(DEFAULT_MAX_ANSWER_BYTES));
    expect(edits).toEqual([]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ code: "too-large", file: null });
    expect(refusals[0]!.reason).toContain("over the 1 MiB limit");
  });

  it("counts UTF-8 bytes, and takes the limit from the options", () => {
    const text = diff + "é".repeat(600);
    expect(parseWorkerAnswer(text, { maxAnswerBytes: 1024 }).refusals[0]!.reason).toMatch(/^The answer is 1\.\d KiB, over the 1 KiB limit/);
    expect(parseWorkerAnswer(diff, { maxAnswerBytes: diff.length }).refusals).toEqual([]);
  });

  it("does not count a huge answer to its end", () => {
    const { refusals } = parseWorkerAnswer("y".repeat(50 * 1024 * 1024), { maxAnswerBytes: 1024 });
    expect(refusals[0]!.reason).toContain("more than 4 KiB");
  });
});

describe("parseWorkerAnswer: an unfenced hunk cut off mid-line", () => {
  it("refuses a last hunk shorter than its counts when the answer stops without a line break", () => {
    const { edits, refusals } = parseWorkerAnswer("--- a/x.txt\n+++ b/x.txt\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n d");
    expect(edits).toHaveLength(1);
    // Complete by its counts: the missing final newline is only how the answer ended.
    expect(refusals).toEqual([]);
    const cut = parseWorkerAnswer("--- a/x.txt\n+++ b/x.txt\n@@ -1,5 +1,5 @@\n a\n-b\n+c\n d\n   if (x) retu");
    expect(cut.edits).toEqual([]);
    expect(cut.refusals.map((r) => [r.code, r.file])).toEqual([["truncated", "x.txt"]]);
  });

  it("refuses a last hunk line that stops inside an open bracket, even when the counts are met", () => {
    const cut = parseWorkerAnswer("--- a/x.py\n+++ b/x.py\n@@ -1,1 +1,2 @@\n def f():\n+    return g(1, ");
    expect(cut.refusals.map((r) => r.code)).toEqual(["truncated"]);
    // A string holding a bracket is not an open one; a final newline means the line ended.
    expect(parseWorkerAnswer('--- a/x.py\n+++ b/x.py\n@@ -1,1 +1,2 @@\n def f():\n+    return "("').refusals).toEqual([]);
    expect(parseWorkerAnswer("--- a/x.py\n+++ b/x.py\n@@ -1,1 +1,2 @@\n def f():\n+    return g(1,\n").refusals).toEqual([]);
  });

  it("refuses an unfenced NEW FILE body that stops inside an open bracket at the end of the answer", () => {
    expect(parseWorkerAnswer("=== NEW FILE: a.js ===\nexport const x = f(").refusals.map((r) => r.code)).toEqual(["truncated"]);
    expect(parseWorkerAnswer("=== NEW FILE: a.js ===\nexport const x = f();").refusals).toEqual([]);
  });

  it("does not call wrong counts alone truncation", () => {
    expect(parseWorkerAnswer("--- a/x.txt\n+++ b/x.txt\n@@ -1,9 +1,9 @@\n a\n-b\n+c\n").refusals).toEqual([]);
    expect(parseWorkerAnswer("```diff\n--- a/x.txt\n+++ b/x.txt\n@@ -1,9 +1,9 @@\n a\n-b\n+c\n```").refusals).toEqual([]);
  });
});

describe("parseWorkerAnswer: byte order marks in the reply", () => {
  it("drops a BOM at the start of the answer and after a hunk line's prefix", () => {
    const { edits } = parseWorkerAnswer("\uFEFF--- a/x.txt\n+++ b/x.txt\n@@\n-\uFEFFa\n+\uFEFFb\n");
    expect(edits[0]).toMatchObject({ path: "x.txt", hunks: [{ lines: ["-a", "+b"] }] });
  });
});
