import { describe, expect, it } from "vitest";
import { proposeChanges, proposeFromAnswer, type ParsedEdit, type RawHunk } from "../../../src/domain/edits/index.js";
import { applied, diff, hunk, refused, repo, ten, written } from "./proposeHelpers.js";

describe("proposeChanges: creating, deleting and whole files", () => {
  it("creates a file from a NEW FILE block and from a /dev/null diff", () => {
    const p = proposeChanges(
      [
        { kind: "newfile", path: "n1.txt", content: "one\n" },
        { kind: "udiff", path: "n2.txt", isNew: true, isDelete: false, hunks: [hunk("+two", "\\ No newline at end of file")] },
      ],
      repo({}),
    );
    expect(p.refusals).toEqual([]);
    expect(p.changes.map((c) => [c.path, c.kind, c.before])).toEqual([["n1.txt", "create", null], ["n2.txt", "create", null]]);
    expect(written(p)).toEqual({ "n1.txt": "one\n", "n2.txt": "two" });
  });

  it("refuses to create over an existing file, unless it already holds that content", () => {
    expect(refused([{ kind: "newfile", path: "f.txt", content: "new\n" }], { "f.txt": "old\n" })[0]!.code).toBe("file-exists");
    expect(refused([{ kind: "newfile", path: "f.txt", content: "same\n" }], { "f.txt": "same\r\n" })[0]!.code).toBe("no-change");
    const devNull: ParsedEdit = { kind: "udiff", path: "f.txt", isNew: true, isDelete: false, hunks: [hunk("+x")] };
    expect(refused([devNull], { "f.txt": "old\n" })[0]!.code).toBe("file-exists");
  });

  it("treats --- /dev/null over lines found in an existing file as an ordinary edit", () => {
    const edit: ParsedEdit = { kind: "udiff", path: "f.txt", isNew: true, isDelete: false, hunks: [hunk(" one", "-two", "+2")] };
    expect(applied(edit, { "f.txt": ten })).toBe(ten.replace("two", "2"));
  });

  it("refuses a /dev/null diff for a missing file that keeps or removes lines", () => {
    const edit: ParsedEdit = { kind: "udiff", path: "n.txt", isNew: true, isDelete: false, hunks: [hunk(" a", "+b")] };
    expect(refused([edit], {})[0]!.code).toBe("malformed");
  });

  it("refuses an edit to a missing file", () => {
    const [r] = refused([diff("nope.ts", hunk(" a", "+b"))], {});
    expect(r).toMatchObject({ code: "missing-file", file: "nope.ts" });
    expect(r!.reason).toContain("=== NEW FILE: nope.ts ===");
  });

  it("deletes a file only when the diff removes all of it", () => {
    const del = (hunks: RawHunk[]): ParsedEdit => ({ kind: "udiff", path: "d.txt", isNew: false, isDelete: true, hunks });
    const p = proposeChanges([del([hunk("-a", "-b")])], repo({ "d.txt": "a\nb\n" }));
    expect(p.changes.map((c) => [c.kind, c.after])).toEqual([["delete", null]]);
    expect(written(p)).toEqual({ "d.txt": null });
    expect(refused([del([hunk("-a")])], { "d.txt": "a\nb\n" })[0]!.code).toBe("malformed");
    expect(refused([del([])], { "d.txt": "a\n" })[0]!.code).toBe("malformed");
    expect(refused([del([hunk("-a")])], {})[0]!.code).toBe("missing-file");
    expect(proposeChanges([del([])], repo({ "d.txt": "" })).changes.map((c) => c.kind)).toEqual(["delete"]);
  });

  it("writes a whole file as an edit that keeps CRLF, the final-newline state and trailing spaces", () => {
    const file = "keep  \r\nold\r\nend";
    const edit: ParsedEdit = { kind: "wholefile", path: "w.txt", content: "keep\nnew\nadded\nend\n" };
    expect(applied(edit, { "w.txt": file })).toBe("keep  \r\nnew\r\nadded\r\nend");
  });

  it("refuses a whole file for a missing path, and reports an identical one as no change", () => {
    expect(refused([{ kind: "wholefile", path: "w.txt", content: "x\n" }], {})[0]!.code).toBe("missing-file");
    expect(refused([{ kind: "wholefile", path: "w.txt", content: "x\n" }], { "w.txt": "x   \n" })[0]!.code).toBe("no-change");
  });

  it("refuses a whole file that looks like a fragment of a long file", () => {
    const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const [r] = refused([{ kind: "wholefile", path: "w.txt", content: "line 3\nline 4 changed\n" }], { "w.txt": long });
    expect(r!.code).toBe("elision");
    expect(r!.reason).toMatch(/fragment/);
  });
});

describe("proposeChanges: elision markers", () => {
  const file = "def f():\n    a = 1\n    b = 2\n    return a + b\n";

  it("refuses a hunk whose new side hides removed code behind a placeholder", () => {
    const [r] = refused([diff("f.py", hunk("-def f():", "-    a = 1", "+def f(x):", "+    # ... rest unchanged ..."))], { "f.py": file });
    expect(r!.code).toBe("elision");
    expect(r!.reason).toContain('"# ... rest unchanged ..."');
  });

  it("accepts a placeholder-like line that adds without replacing, or that the file already has", () => {
    expect(applied(diff("f.py", hunk(" def f():", "+    # ... more to come ...", "     a = 1")), { "f.py": file })).toContain("# ... more to come ...");
    const stub = "class P:\n    def run(self):\n        ...\n";
    const restub = hunk(" class P:", "-    def run(self):", "-        ...", "+    def run(self, n):", "+        ...");
    expect(applied(diff("p.py", restub), { "p.py": stub })).toBe(stub.replace("run(self)", "run(self, n)"));
  });
});

describe("proposeChanges: several edits", () => {
  it("combines two diffs of one file and numbers hunks across files in answer order", () => {
    const p = proposeChanges(
      [diff("b.txt", hunk("-one", "+1", " two")), diff("a.txt", hunk(" x", "+y")), diff("b.txt", hunk(" nine", "-ten", "+10"))],
      repo({ "a.txt": "x\n", "b.txt": ten }),
    );
    expect(p.refusals).toEqual([]);
    expect(p.changes.map((c) => [c.path, c.hunks.map((h) => h.id)])).toEqual([["b.txt", ["h1", "h2"]], ["a.txt", ["h3"]]]);
    expect(written(p)["b.txt"]).toBe(ten.replace("one", "1").replace("ten", "10"));
  });

  it("refuses the later of two edits to one file in different forms", () => {
    const p = proposeChanges([diff("f.txt", hunk("-one", "+1")), { kind: "wholefile", path: "f.txt", content: "z\n" }], repo({ "f.txt": ten }));
    expect(p.changes.map((c) => c.path)).toEqual(["f.txt"]);
    expect(p.refusals.map((r) => r.code)).toEqual(["conflict"]);
  });

  it("checks paths again and reads each file once by its normalised path", () => {
    const reads: string[] = [];
    const p = proposeChanges([diff("./src//a.txt", hunk("-x", "+y")), diff("../up.txt", hunk("-x", "+y"))], (path) => {
      reads.push(path);
      return "x\n";
    });
    expect(reads).toEqual(["src/a.txt"]);
    expect(p.changes.map((c) => c.path)).toEqual(["src/a.txt"]);
    expect(p.refusals.map((r) => r.code)).toEqual(["unsafe-path"]);
  });

  it("proposeFromAnswer reports parse refusals before proposal refusals", () => {
    const text = "--- a/../x\n+++ b/../x\n@@\n-a\n+b\n\n--- a/gone.txt\n+++ b/gone.txt\n@@\n-a\n+b\n";
    const p = proposeFromAnswer(text, {}, repo({}));
    expect(p.refusals.map((r) => r.code)).toEqual(["unsafe-path", "missing-file"]);
  });
});
