import { describe, expect, it } from "vitest";
import { parseWorkerAnswer, type ParseOptions } from "../../../src/domain/edits/index.js";

const fence = (body: string, info = ""): string => "```" + info + "\n" + body + "```\n";

function parsed(text: string, opts: ParseOptions = {}): { edits: unknown[]; codes: (string | undefined)[] } {
  const { edits, refusals } = parseWorkerAnswer(text, opts);
  return { edits, codes: refusals.map((r) => r.code) };
}

describe("parseWorkerAnswer: NEW FILE blocks", () => {
  it("takes a fenced body without the fence lines or the chat around it", () => {
    const text = `Sure, here it is:\n\n=== NEW FILE: src/a.ts ===\n${fence("export const a = 1;\n\n\n", "ts")}\nAnything else?\n`;
    expect(parsed(text)).toEqual({ edits: [{ kind: "newfile", path: "src/a.ts", content: "export const a = 1;\n" }], codes: [] });
  });

  it("takes an unfenced body up to the next block or an END marker", () => {
    const text =
      "=== NEW FILE: a.txt ===\nalpha\n\n=== END FILE ===\nchat between\n=== NEW FILE: b.txt ===\n\nbeta\n  \n\n" +
      "--- a/c.txt\n+++ b/c.txt\n@@\n x\n+y\n";
    const { edits } = parseWorkerAnswer(text);
    expect(edits).toEqual([
      { kind: "newfile", path: "a.txt", content: "alpha\n" },
      { kind: "newfile", path: "b.txt", content: "beta\n" },
      { kind: "udiff", path: "c.txt", isNew: false, isDelete: false, hunks: [{ header: "@@", lines: [" x", "+y"] }] },
    ]);
  });

  it.each([
    "=== NEW FILE: src/a.ts ===",
    "=== NEW FILE: `src/a.ts` ===",
    "===NEW FILE:src/a.ts===",
    "=== NEW FILE src/a.ts",
    "**=== NEW FILE: src/a.ts ===**",
    "=== new file: src/a.ts ===",
  ])("reads the marker %j", (marker) => {
    expect(parsed(`${marker}\n${fence("x\n", "ts")}`).edits).toEqual([{ kind: "newfile", path: "src/a.ts", content: "x\n" }]);
  });

  it("names a marker without a path from the fence info string or a path line inside the fence", () => {
    expect(parsed(`=== NEW FILE ===\n${fence("x\n", "ts src/a.ts")}`).edits).toEqual([
      { kind: "newfile", path: "src/a.ts", content: "x\n" },
    ]);
    expect(parsed(`=== NEW FILE ===\n${fence("src/b.ts\ny\n", "ts")}`).edits).toEqual([
      { kind: "newfile", path: "src/b.ts", content: "y\n" },
    ]);
  });

  it("keeps triple fences inside a four-backtick body", () => {
    const body = "# Title\n\n```bash\nnpm test\n```\n";
    const text = "=== NEW FILE: docs/x.md ===\n````markdown\n" + body + "````\n";
    expect(parsed(text).edits).toEqual([{ kind: "newfile", path: "docs/x.md", content: body }]);
  });

  it("reads a marker as the first line inside a fence", () => {
    expect(parsed(fence("=== NEW FILE: a.py ===\nprint(1)\n", "python")).edits).toEqual([
      { kind: "newfile", path: "a.py", content: "print(1)\n" },
    ]);
  });

  it("keeps an empty body empty", () => {
    expect(parsed("=== NEW FILE: pkg/__init__.py ===\n```python\n```\n").edits).toEqual([
      { kind: "newfile", path: "pkg/__init__.py", content: "" },
    ]);
  });

  it("refuses unsafe paths and unclosed bodies", () => {
    expect(parsed("=== NEW FILE: ../x.ts ===\n```\nx\n```\n")).toEqual({ edits: [], codes: ["unsafe-path"] });
    expect(parsed("=== NEW FILE: x.ts ===\n```ts\nexport const")).toEqual({ edits: [], codes: ["truncated"] });
  });
});

describe("parseWorkerAnswer: SEARCH/REPLACE blocks", () => {
  const block = "<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE\n";

  it("turns a block into a hunk for the path above its fence", () => {
    expect(parsed(`src/a.py\n${fence(block, "python")}`).edits).toEqual([
      {
        kind: "udiff",
        path: "src/a.py",
        isNew: false,
        isDelete: false,
        hunks: [{ header: "SEARCH/REPLACE block 1", lines: ["-old", "+new"] }],
      },
    ]);
  });

  it("keeps lines common to SEARCH and REPLACE as context", () => {
    const text = "a.py\n<<<<<<< SEARCH\ndef f():\n    return 1\n=======\ndef f():\n    return 2\n>>>>>>> REPLACE\n";
    const { edits } = parseWorkerAnswer(text);
    expect(edits[0]).toMatchObject({ hunks: [{ lines: [" def f():", "-    return 1", "+    return 2"] }] });
  });

  it("takes a path from the first line inside the fence and numbers blocks across the answer", () => {
    const { edits } = parseWorkerAnswer(`${fence(`a.py\n${block}${block}`)}`);
    expect(edits.map((e) => e.kind === "udiff" && e.hunks[0]!.header)).toEqual([
      "SEARCH/REPLACE block 1",
      "SEARCH/REPLACE block 2",
    ]);
    expect(edits.map((e) => e.path)).toEqual(["a.py", "a.py"]);
  });

  it("creates a file from an empty SEARCH section", () => {
    expect(parsed("n.txt\n<<<<<<< SEARCH\n=======\nhello\n>>>>>>> REPLACE\n").edits).toEqual([
      { kind: "udiff", path: "n.txt", isNew: true, isDelete: false, hunks: [{ header: "SEARCH/REPLACE block 1", lines: ["+hello"] }] },
    ]);
  });

  it("refuses a block without an end, and one without a file", () => {
    expect(parsed("a.py\n<<<<<<< SEARCH\nold\n=======\nnew\n")).toEqual({ edits: [], codes: ["truncated"] });
    expect(parsed(`Here:\n${fence(block)}`)).toEqual({ edits: [], codes: ["no-edit"] });
  });
});

describe("parseWorkerAnswer: whole fenced file for a one-file ticket", () => {
  const code = "export const x = 1;\n";
  const opts = { singleFile: "src/x.ts" };

  it.each([
    ["an unnamed fence", fence(code, "ts")],
    ["the info string", fence(code, "ts src/x.ts")],
    ["a path line above the fence", `src/x.ts\n${fence(code, "ts")}`],
    ["a first-line comment (kept: it is code)", fence(`// src/x.ts\n${code}`, "ts")],
  ])("reads %s", (name, text) => {
    const content = name.includes("comment") ? `// src/x.ts\n${code}` : code;
    expect(parsed(text, opts).edits).toEqual([{ kind: "wholefile", path: "src/x.ts", content }]);
  });

  it("drops a bare path label as the first line", () => {
    expect(parsed(fence(`src/x.ts\n${code}`, "ts"), opts).edits).toEqual([{ kind: "wholefile", path: "src/x.ts", content: code }]);
  });

  it("ignores a usage example in a shell fence", () => {
    const text = `${fence(code, "ts")}\nRun it with:\n\n${fence("npx tsx src/x.ts\n", "bash")}`;
    expect(parsed(text, opts).edits).toEqual([{ kind: "wholefile", path: "src/x.ts", content: code }]);
  });

  it("refuses two unnamed code fences, a fence labelled with another file or holding only a path, and a fence without a ticket file", () => {
    expect(parsed(fence(code, "ts") + fence("x;\n", "ts"), opts)).toEqual({ edits: [], codes: ["ambiguous"] });
    expect(parsed(fence(code, "ts src/other.ts"), opts)).toEqual({ edits: [], codes: ["no-edit"] });
    expect(parsed(fence("src/x.ts\n"), opts)).toEqual({ edits: [], codes: ["no-edit"] });
    expect(parsed(fence(code, "ts"))).toEqual({ edits: [], codes: ["no-edit"] });
  });

  it("is not used when the answer holds a diff", () => {
    const text = `--- a/src/x.ts\n+++ b/src/x.ts\n@@\n-a\n+b\n\nExample:\n${fence("x(1);\n", "ts")}`;
    expect(parsed(text, opts).edits).toEqual([
      { kind: "udiff", path: "src/x.ts", isNew: false, isDelete: false, hunks: [{ header: "@@", lines: ["-a", "+b"] }] },
    ]);
  });

  it("refuses an unsafe path in the info string", () => {
    expect(parsed(fence(code, "ts ../x.ts"), opts)).toEqual({ edits: [], codes: ["unsafe-path"] });
  });
});

describe("parseWorkerAnswer: unfenced NEW FILE bodies next to fences", () => {
  it("ends the body at a fence that holds the next edit", () => {
    const text = `=== NEW FILE: a.txt ===\nalpha\n\n${fence("--- a/c\n+++ b/c\n@@\n x\n+y\n", "diff")}`;
    expect(parseWorkerAnswer(text).edits.map((e) => [e.kind, e.path])).toEqual([["newfile", "a.txt"], ["udiff", "c"]]);
    expect(parseWorkerAnswer(text).edits[0]).toMatchObject({ content: "alpha\n" });
  });

  it("keeps a plain fence inside an unfenced Markdown body", () => {
    const body = "# Title\n\n```bash\nnpm test\n```\n\nDone.\n";
    expect(parseWorkerAnswer(`=== NEW FILE: docs/a.md ===\n${body}`).edits).toEqual([
      { kind: "newfile", path: "docs/a.md", content: body },
    ]);
  });
});
