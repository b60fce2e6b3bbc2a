import { describe, expect, it } from "vitest";
import { applyHunks, parseWorkerAnswer, proposeChanges, proposeFromAnswer, type ParsedEdit } from "../../../src/domain/edits/index.js";
import { hunk, repo, written } from "./proposeHelpers.js";

const gitRename = (from: string, to: string, body = ""): string =>
  `diff --git a/${from} b/${to}\nsimilarity index 90%\nrename from ${from}\nrename to ${to}\n${body}`;

describe("parseWorkerAnswer: git renames", () => {
  it("reads a pure rename without hunks as its two halves", () => {
    expect(parseWorkerAnswer(gitRename("a.txt", "docs/a.txt")).edits).toEqual([
      { kind: "delete", path: "a.txt", renamedTo: "docs/a.txt" },
      { kind: "udiff", path: "docs/a.txt", isNew: false, isDelete: false, hunks: [], renamedFrom: "a.txt" },
    ]);
  });

  it("reads a rename with hunks and checks the ---/+++ lines against it", () => {
    const ok = parseWorkerAnswer(gitRename("a.txt", "b.txt", "--- a/a.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-x\n+y\n"));
    expect(ok.refusals).toEqual([]);
    expect(ok.edits[1]).toMatchObject({ path: "b.txt", renamedFrom: "a.txt", hunks: [{ lines: ["-x", "+y"] }] });
    const bad = parseWorkerAnswer(gitRename("a.txt", "b.txt", "--- a/a.txt\n+++ b/c.txt\n@@\n-x\n+y\n"));
    expect(bad.refusals.map((r) => r.code)).toEqual(["malformed"]);
  });

  it("refuses a rename out of the repository", () => {
    expect(parseWorkerAnswer(gitRename("a.txt", "../a.txt")).refusals.map((r) => r.code)).toEqual(["unsafe-path"]);
  });

  it("still refuses ---/+++ lines that disagree without rename lines", () => {
    const { refusals } = parseWorkerAnswer("--- a/a.txt\n+++ b/b.txt\n@@\n-x\n+y\n");
    expect(refusals[0]!.reason).toContain("'rename from'/'rename to'");
  });
});

describe("proposeChanges: renames", () => {
  it("creates the new path with the old content and deletes the old path, linked both ways", () => {
    const p = proposeFromAnswer(gitRename("src/a.ts", "src/b.ts", "--- a/src/a.ts\n+++ b/src/b.ts\n@@\n one\n-two\n+2\n"), {}, repo({ "src/a.ts": "one\r\ntwo\r\n" }));
    expect(p.refusals).toEqual([]);
    expect(p.changes.map((c) => [c.path, c.kind, c.renamedFrom, c.renamedTo])).toEqual([
      ["src/a.ts", "delete", undefined, "src/b.ts"],
      ["src/b.ts", "create", "src/a.ts", undefined],
    ]);
    expect(written(p)).toEqual({ "src/a.ts": null, "src/b.ts": "one\r\n2\r\n" });
  });

  it("moves the content byte for byte when the rename has no hunks", () => {
    const p = proposeFromAnswer(gitRename("a.bin.txt", "b.txt"), {}, repo({ "a.bin.txt": "\uFEFFx\r\ny" }));
    expect(written(p)).toEqual({ "a.bin.txt": null, "b.txt": "\uFEFFx\r\ny" });
    const create = p.changes.find((c) => c.kind === "create")!;
    expect(applyHunks(create, new Set())).toBeNull();
  });

  it("refuses a rename onto an existing file and one from a missing file, deleting nothing", () => {
    const onto = proposeFromAnswer(gitRename("a.txt", "b.txt"), {}, repo({ "a.txt": "a\n", "b.txt": "b\n" }));
    expect(onto.changes).toEqual([]);
    expect(onto.refusals.map((r) => [r.code, r.file])).toEqual([["file-exists", "b.txt"]]);
    const from = proposeFromAnswer(gitRename("a.txt", "b.txt"), {}, repo({}));
    expect(from.changes).toEqual([]);
    expect(from.refusals.map((r) => [r.code, r.file])).toEqual([["missing-file", "a.txt"]]);
  });

  it("refuses the rename when its hunks do not place, naming the old file", () => {
    const p = proposeFromAnswer(gitRename("a.txt", "b.txt", "--- a/a.txt\n+++ b/b.txt\n@@\n-nope\n+x\n"), {}, repo({ "a.txt": "a\n" }));
    expect(p.changes).toEqual([]);
    expect(p.refusals.map((r) => [r.code, r.file])).toEqual([["not-found", "a.txt"]]);
  });

  it("refuses either half given alone", () => {
    const newHalf: ParsedEdit = { kind: "udiff", path: "b.txt", isNew: false, isDelete: false, hunks: [hunk("-a", "+b")], renamedFrom: "a.txt" };
    const oldHalf: ParsedEdit = { kind: "delete", path: "a.txt", renamedTo: "b.txt" };
    for (const edit of [newHalf, oldHalf]) {
      const p = proposeChanges([edit], repo({ "a.txt": "a\n" }));
      expect(p.changes).toEqual([]);
      expect(p.refusals.map((r) => r.code)).toEqual(["malformed"]);
    }
  });

  it("refuses another edit of a renamed path as a conflict", () => {
    const text = gitRename("a.txt", "b.txt") + "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@\n-a\n+A\n";
    const p = proposeFromAnswer(text, {}, repo({ "a.txt": "a\n" }));
    expect(p.refusals.map((r) => r.code)).toContain("conflict");
  });
});
