import { describe, expect, it } from "vitest";
import { parseWorkerAnswer, proposeFromAnswer } from "../../../src/domain/edits/index.js";
import { repo, written } from "./proposeHelpers.js";

const patch = (...body: string[]): string => ["*** Begin Patch", ...body, "*** End Patch", ""].join("\n");

describe("parseWorkerAnswer: *** Begin Patch", () => {
  it("reads add, delete and update sections with anchors and End of File", () => {
    const text = patch(
      "*** Add File: src/new.ts",
      "+export const x = 1;",
      "*** Delete File: src/old.ts",
      "*** Update File: src/a.ts",
      "@@ class A",
      "@@     run() {",
      "-    return 1;",
      "+    return 2;",
      "@@",
      " last",
      "+after",
      "*** End of File",
    );
    const { edits, refusals } = parseWorkerAnswer("Here you go:\n\n```\n" + text + "```\n");
    expect(refusals).toEqual([]);
    expect(edits).toEqual([
      { kind: "newfile", path: "src/new.ts", content: "export const x = 1;\n" },
      { kind: "delete", path: "src/old.ts" },
      {
        kind: "udiff",
        path: "src/a.ts",
        isNew: false,
        isDelete: false,
        hunks: [
          { header: "@@ run() {", lines: ["-    return 1;", "+    return 2;"], anchors: ["class A", "run() {"] },
          { header: "@@", lines: [" last", "+after"], atEnd: true },
        ],
      },
    ]);
  });

  it("reads a first hunk without an @@ line, and unified-diff numbers as no anchor", () => {
    const { edits } = parseWorkerAnswer(patch("*** Update File: a.py", " def f():", "-    pass", "+    return 1", "@@ -9,2 +9,2 @@", " x", "-y", "+z"));
    expect(edits[0]).toMatchObject({ hunks: [{ header: "@@", lines: [" def f():", "-    pass", "+    return 1"] }, { header: "@@", lines: [" x", "-y", "+z"] }] });
  });

  it("turns *** Move to into the two halves of a rename", () => {
    const { edits } = parseWorkerAnswer(patch("*** Update File: src/util.ts", "*** Move to: src/lib/util.ts", "@@", "-a", "+b"));
    expect(edits).toEqual([
      { kind: "delete", path: "src/util.ts", renamedTo: "src/lib/util.ts" },
      { kind: "udiff", path: "src/lib/util.ts", isNew: false, isDelete: false, hunks: [{ header: "@@", lines: ["-a", "+b"] }], renamedFrom: "src/util.ts" },
    ]);
  });

  it("refuses a patch without *** End Patch as truncated, whole", () => {
    const text = "*** Begin Patch\n*** Add File: a.txt\n+one\n*** Update File: b.txt\n@@\n-x\n+y";
    const { edits, refusals } = parseWorkerAnswer(text);
    expect(edits).toEqual([]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ code: "truncated", file: "b.txt" });
    expect(refusals[0]!.reason).toContain("'*** End Patch'");
  });

  it("refuses unsafe paths, a rename target included", () => {
    const { refusals } = parseWorkerAnswer(patch("*** Update File: a.txt", "*** Move to: ../a.txt", "@@", "-x", "+y", "*** Delete File: /etc/passwd"));
    expect(refusals.map((r) => r.code)).toEqual(["unsafe-path", "unsafe-path"]);
  });

  it("refuses a line without a prefix and an update without hunks", () => {
    expect(parseWorkerAnswer(patch("*** Update File: a.txt", "@@", " x", "y", "+z")).refusals[0]).toMatchObject({ code: "malformed", file: "a.txt" });
    expect(parseWorkerAnswer(patch("*** Update File: a.txt")).refusals[0]).toMatchObject({ code: "malformed", file: "a.txt" });
    expect(parseWorkerAnswer(patch("*** Add File: n.txt", "oops")).refusals[0]).toMatchObject({ code: "malformed", file: "n.txt" });
  });

  it("stops an unfenced NEW FILE body and a diff at the patch", () => {
    const text = "=== NEW FILE: a.txt ===\nalpha\n" + patch("*** Add File: b.txt", "+beta");
    expect(parseWorkerAnswer(text).edits).toEqual([
      { kind: "newfile", path: "a.txt", content: "alpha\n" },
      { kind: "newfile", path: "b.txt", content: "beta\n" },
    ]);
  });
});

describe("proposing a *** Begin Patch", () => {
  const source = [
    "class Cart {",
    "  total() {",
    "    return this.sum;",
    "  }",
    "}",
    "",
    "class Order {",
    "  total() {",
    "    return this.sum;",
    "  }",
    "}",
    "",
  ].join("\n");

  it("lets an @@ anchor pick the one of two identical places below it", () => {
    const text = patch("*** Update File: shop.js", "@@ class Order {", "   total() {", "-    return this.sum;", "+    return this.sum + this.shipping;", "   }");
    const p = proposeFromAnswer(text, {}, repo({ "shop.js": source }));
    expect(p.refusals).toEqual([]);
    expect(written(p)["shop.js"]).toBe(source.replace(/return this\.sum;\n  \}\n\}\n$/, "return this.sum + this.shipping;\n  }\n}\n"));
  });

  it("refuses an anchor that is not a line of the file, quoting it", () => {
    const text = patch("*** Update File: shop.js", "@@ class Invoice {", "-    return this.sum;", "+    return 0;");
    const p = proposeFromAnswer(text, {}, repo({ "shop.js": source }));
    expect(p.refusals[0]).toMatchObject({ code: "not-found", hunk: 1 });
    expect(p.refusals[0]!.reason).toMatch(/^hunk 1 \(@@ class Invoice \{\): its @@ anchor "class Invoice \{" is not a line of the file/);
  });

  it("refuses lines that are in the file only above their anchor, saying where they are", () => {
    const text = patch("*** Update File: shop.js", "@@ class Order {", " class Cart {", "   total() {", "-    return this.sum;", "+    return 0;");
    const [r] = proposeFromAnswer(text, {}, repo({ "shop.js": source })).refusals;
    expect(r).toMatchObject({ code: "not-found", file: "shop.js", hunk: 1 });
    expect(r!.reason).toBe('hunk 1 (@@ class Order {): its old lines are at line 1, not below its @@ anchor "class Order {"; fix the anchor or leave it out');
  });

  it("uses *** End of File to place a hunk at the end", () => {
    const file = "}\nx\n}\n";
    const text = patch("*** Update File: f.txt", "@@", " }", "+// end", "*** End of File");
    expect(written(proposeFromAnswer(text, {}, repo({ "f.txt": file })))["f.txt"]).toBe("}\nx\n}\n// end\n");
  });

  it("deletes a file named by *** Delete File, and refuses a missing one", () => {
    const p = proposeFromAnswer(patch("*** Delete File: old.txt"), {}, repo({ "old.txt": "bye\n" }));
    expect(p.changes.map((c) => [c.path, c.kind])).toEqual([["old.txt", "delete"]]);
    expect(proposeFromAnswer(patch("*** Delete File: gone.txt"), {}, repo({})).refusals[0]!.code).toBe("missing-file");
  });
});
