import { describe, expect, it } from "vitest";
import { parseWorkerAnswer, type ParsedEdit } from "../../../src/domain/edits/index.js";

const fence = (body: string, info = "diff"): string => "```" + info + "\n" + body + "```\n";

function onlyEdit(text: string, opts = {}): ParsedEdit {
  const { edits, refusals } = parseWorkerAnswer(text, opts);
  expect(refusals).toEqual([]);
  expect(edits).toHaveLength(1);
  return edits[0]!;
}

function udiff(edit: ParsedEdit): Extract<ParsedEdit, { kind: "udiff" }> {
  if (edit.kind !== "udiff") throw new Error(`expected a udiff edit, got ${edit.kind}`);
  return edit;
}

describe("parseWorkerAnswer: unified diff headers", () => {
  it("reads a git diff with index lines and strips a/ b/", () => {
    const edit = udiff(
      onlyEdit(
        "diff --git a/src/x.ts b/src/x.ts\nindex 1234567..89abcde 100644\n--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
      ),
    );
    expect(edit).toEqual({
      kind: "udiff",
      path: "src/x.ts",
      isNew: false,
      isDelete: false,
      hunks: [{ header: "@@ -1,2 +1,2 @@", lines: [" a", "-b", "+c"] }],
    });
  });

  it.each([
    ["plain paths", "--- src/x.ts\n+++ src/x.ts\n"],
    ["tab and timestamp", "--- src/x.ts\t2024-05-01 10:00:00.000000000 +0200\n+++ src/x.ts\t2024-05-01 10:05:00.000000000 +0200\n"],
    ["timestamp after a space", "--- a/src/x.ts 2024-05-01 10:00:00\n+++ b/src/x.ts 2024-05-01 10:05:00\n"],
    ["(original)/(modified) notes", "--- a/src/x.ts (original)\n+++ b/src/x.ts (modified)\n"],
    ["only the --- line", "--- a/src/x.ts\n"],
    ["only the +++ line", "+++ b/src/x.ts\n"],
  ])("takes the path from %s", (_name, headers) => {
    const edit = udiff(onlyEdit(`${headers}@@ -1,2 +1,2 @@\n a\n-b\n+c\n`));
    expect(edit.path).toBe("src/x.ts");
    expect(edit.hunks[0]!.lines).toEqual([" a", "-b", "+c"]);
  });

  it("keeps spaces in paths and reads git's quoted paths", () => {
    expect(udiff(onlyEdit("--- a/docs/read me.md\n+++ b/docs/read me.md\n@@\n-x\n+y\n")).path).toBe("docs/read me.md");
    const quoted = '--- "a/docs/caf\\303\\251 \\"menu\\".md"\n+++ "b/docs/caf\\303\\251 \\"menu\\".md"\n@@\n-x\n+y\n';
    expect(udiff(onlyEdit(quoted)).path).toBe('docs/café "menu".md');
  });

  it("reads a hunk whose @@ line is missing", () => {
    const edit = udiff(onlyEdit("--- a/x.py\n+++ b/x.py\n def f():\n-    return 1\n+    return 2\n"));
    expect(edit.hunks).toEqual([{ header: "@@ @@", lines: [" def f():", "-    return 1", "+    return 2"] }]);
  });

  it("reads several files and hunks of one diff in order", () => {
    const { edits } = parseWorkerAnswer(
      fence(
        "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-1\n+one\n@@ -9 +9 @@\n-9\n+nine\n" +
          "diff --git a/b.txt b/b.txt\n--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-2\n+two\n",
      ),
    );
    expect(edits.map((e) => [e.path, udiff(e).hunks.length])).toEqual([["a.txt", 2], ["b.txt", 1]]);
  });

  it("marks --- /dev/null as a new file and +++ /dev/null as a delete", () => {
    const created = udiff(onlyEdit("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hi\n"));
    expect([created.path, created.isNew, created.isDelete]).toEqual(["new.txt", true, false]);
    const deleted = udiff(onlyEdit("--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"));
    expect([deleted.path, deleted.isNew, deleted.isDelete]).toEqual(["old.txt", false, true]);
  });

  it("reads 'new file mode' and 'deleted file mode' lines", () => {
    const created = udiff(onlyEdit("diff --git a/n.txt b/n.txt\nnew file mode 100644\n--- a/n.txt\n+++ b/n.txt\n@@\n+x\n"));
    expect(created.isNew).toBe(true);
    const deleted = udiff(onlyEdit("diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\nindex 1..0\n"));
    expect([deleted.path, deleted.isDelete, deleted.hunks]).toEqual(["gone.txt", true, []]);
  });

  it("refuses a rename, a binary patch, a diff without hunks and /dev/null on both sides", () => {
    const cases: [string, string][] = [
      ["--- a/old.ts\n+++ b/new.ts\n@@\n-x\n+y\n", "malformed"],
      ["diff --git a/i.png b/i.png\nBinary files a/i.png and b/i.png differ\n", "malformed"],
      ["diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n\nThat is all.\n", "malformed"],
      ["--- /dev/null\n+++ /dev/null\n@@\n+x\n", "no-edit"],
    ];
    for (const [text, code] of cases) {
      const { edits, refusals } = parseWorkerAnswer(text);
      expect(edits, text).toEqual([]);
      expect(refusals.map((r) => r.code), text).toEqual([code]);
    }
  });

  it("refuses unsafe paths with the path named", () => {
    for (const path of ["../outside.txt", "/etc/hosts", ".git/config"]) {
      const { edits, refusals } = parseWorkerAnswer(`--- a/${path}\n+++ b/${path}\n@@\n-x\n+y\n`.replace("a//", "/").replace("b//", "/"));
      expect(edits).toEqual([]);
      expect(refusals).toHaveLength(1);
      expect(refusals[0]!.code).toBe("unsafe-path");
      expect(refusals[0]!.file).toBe(path);
    }
  });
});

describe("parseWorkerAnswer: hunk bodies", () => {
  it("keeps '\\ No newline at end of file' markers", () => {
    const edit = udiff(onlyEdit("--- a/v\n+++ b/v\n@@ -1 +1 @@\n-1.0\n\\ No newline at end of file\n+1.1\n"));
    expect(edit.hunks[0]!.lines).toEqual(["-1.0", "\\ No newline at end of file", "+1.1"]);
  });

  it("reads a blank line without its space as blank context", () => {
    const edit = udiff(onlyEdit(fence("--- a/x\n+++ b/x\n@@\n a\n\n-b\n+c\n")));
    expect(edit.hunks[0]!.lines).toEqual([" a", " ", "-b", "+c"]);
  });

  it("drops the blank line between a diff and the chat after it", () => {
    const edit = udiff(onlyEdit("--- a/x\n+++ b/x\n@@\n a\n-b\n+c\n\nThis renames b to c.\n- it is shorter\n"));
    expect(edit.hunks[0]!.lines).toEqual([" a", "-b", "+c"]);
  });

  it("keeps trailing blank context when the header's counts need it", () => {
    const edit = udiff(onlyEdit(fence("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n\n")));
    expect(edit.hunks[0]!.lines).toEqual([" a", "-b", "+c", " "]);
  });

  it("reads bare, elided and numbered @@ headers, with or without section text", () => {
    for (const header of ["@@", "@@ @@", "@@ ... @@", "@@ -3,4 +3,5 @@ function f() {", "@@ -3,4 +3,5"]) {
      const edit = udiff(onlyEdit(`--- a/x\n+++ b/x\n${header}\n a\n+b\n`));
      expect(edit.hunks[0]!.header).toBe(header);
    }
  });

  it("reads a removed '-- comment' line inside a hunk as a line, not a header", () => {
    const edit = udiff(onlyEdit(fence("--- a/q.sql\n+++ b/q.sql\n@@\n SELECT 1;\n--- old note\n+-- new note\n")));
    expect(edit.hunks[0]!.lines).toEqual([" SELECT 1;", "--- old note", "+-- new note"]);
  });

  it("refuses a fenced hunk with a line that lost its prefix in the middle", () => {
    const { edits, refusals } = parseWorkerAnswer(fence("--- a/x.go\n+++ b/x.go\n@@\n func f() {\n\treturn 1\n-\tx := 1\n+\tx := 2\n"));
    expect(edits).toEqual([]);
    expect(refusals.map((r) => [r.code, r.file])).toEqual([["malformed", "x.go"]]);
    expect(refusals[0]!.reason).toContain('"\\treturn 1"');
  });

  it("ends a fenced diff at trailing prose that no hunk line follows", () => {
    const edit = udiff(onlyEdit(fence("--- a/x\n+++ b/x\n@@\n a\n-b\n+c\nDone.\n")));
    expect(edit.hunks[0]!.lines).toEqual([" a", "-b", "+c"]);
  });

  it("normalises a CRLF answer", () => {
    const edit = udiff(onlyEdit("--- a/x\r\n+++ b/x\r\n@@\r\n a\r\n-b\r\n+c\r\n"));
    expect(edit.hunks[0]!.lines).toEqual([" a", "-b", "+c"]);
  });
});

describe("parseWorkerAnswer: naming the file of a diff without headers", () => {
  const hunk = "@@ ... @@\n a\n-b\n+c\n";

  it.each([
    ["a path line above the fence", `src/x.ts\n${fence(hunk)}`],
    ["a heading above the fence", `### \`src/x.ts\`\n\n${fence(hunk)}`],
    ["a bold path with a colon", `**src/x.ts**:\n${fence(hunk)}`],
    ["a path in backticks in the sentence above", `Change \`src/x.ts\` like this:\n\n${fence(hunk)}`],
    ["the fence info string", fence(hunk, "diff src/x.ts")],
    ["the first line inside the fence", fence(`src/x.ts\n${hunk}`)],
    ["a path in its own small fence", `${fence("src/x.ts\n", "")}${fence(hunk)}`],
  ])("uses %s", (_name, text) => {
    expect(udiff(onlyEdit(text)).path).toBe("src/x.ts");
  });

  it("lets a later block without a name inherit the previous block's file", () => {
    const { edits } = parseWorkerAnswer(`--- a/src/y.ts\n+++ b/src/y.ts\n${hunk}\nAnd further down:\n\n${fence(hunk)}`);
    expect(edits.map((e) => e.path)).toEqual(["src/y.ts", "src/y.ts"]);
  });

  it("falls back to the ticket's single file", () => {
    expect(udiff(onlyEdit(fence(hunk), { singleFile: "lib/z.py" })).path).toBe("lib/z.py");
  });

  it("refuses when nothing names the file", () => {
    const { edits, refusals } = parseWorkerAnswer(`Here you go:\n\n${fence(hunk)}`);
    expect(edits).toEqual([]);
    expect(refusals.map((r) => r.code)).toEqual(["no-edit"]);
  });
});

describe("parseWorkerAnswer: truncation", () => {
  it("refuses an edit inside a fence that never closes, naming its file", () => {
    const { edits, refusals } = parseWorkerAnswer("```diff\n--- a/x.ts\n+++ b/x.ts\n@@\n a\n+b\n");
    expect(edits).toEqual([]);
    expect(refusals.map((r) => [r.code, r.file])).toEqual([["truncated", "x.ts"]]);
  });

  it("keeps complete edits before the unclosed fence but still reports it", () => {
    const { edits, refusals } = parseWorkerAnswer(`${fence("--- a/x\n+++ b/x\n@@\n a\n+b\n")}\nUsage:\n\n\`\`\`bash\nnpm run`);
    expect(edits.map((e) => e.path)).toEqual(["x"]);
    expect(refusals.map((r) => r.code)).toEqual(["truncated"]);
  });

  it("refuses the last block when the stream stopped at its token limit", () => {
    const text = "--- a/x\n+++ b/x\n@@\n a\n+b\n\n=== NEW FILE: y.txt ===\nhello\n";
    expect(parseWorkerAnswer(text).edits).toHaveLength(2);
    const { edits, refusals } = parseWorkerAnswer(text, { truncated: true });
    expect(edits.map((e) => e.path)).toEqual(["x"]);
    expect(refusals.map((r) => [r.code, r.file])).toEqual([["truncated", "y.txt"]]);
  });

  it("refuses an answer with no edit at all", () => {
    const { edits, refusals } = parseWorkerAnswer("I think the bug is in the cache layer.");
    expect(edits).toEqual([]);
    expect(refusals.map((r) => r.code)).toEqual(["no-edit"]);
  });
});

describe("parseWorkerAnswer: diff fences", () => {
  it("reads a ```diff fence of bare -/+ lines as one hunk without headers", () => {
    const edit = udiff(onlyEdit(`src/x.ts\n${fence("-old\n+new\n")}`));
    expect(edit).toEqual({ kind: "udiff", path: "src/x.ts", isNew: false, isDelete: false, hunks: [{ header: "@@", lines: ["-old", "+new"] }] });
  });

  it("never takes a ```diff fence for a whole file", () => {
    const { edits, refusals } = parseWorkerAnswer(fence("No changes are needed here.\n"), { singleFile: "src/x.ts" });
    expect(edits).toEqual([]);
    expect(refusals.map((r) => r.code)).toEqual(["malformed"]);
  });

  it("keeps a ' ```' context line inside a diff fence (a README's own fence)", () => {
    const edit = udiff(onlyEdit(fence("--- a/README.md\n+++ b/README.md\n@@\n ```bash\n-npm i\n+npm ci\n ```\n")));
    expect(edit.hunks[0]!.lines).toEqual([" ```bash", "-npm i", "+npm ci", " ```"]);
  });

  it("reads ~~~ fences and fences indented in a list", () => {
    expect(udiff(onlyEdit("~~~diff\n--- a/x\n+++ b/x\n@@\n-a\n+b\n~~~\n")).hunks[0]!.lines).toEqual(["-a", "+b"]);
    const listed = "1. Change x:\n\n   ```diff\n   --- a/x\n   +++ b/x\n   @@\n    a\n   -b\n   +c\n   ```\n";
    expect(udiff(onlyEdit(listed)).hunks[0]!.lines).toEqual([" a", "-b", "+c"]);
  });
});
