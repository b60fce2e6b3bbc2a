import { describe, expect, it } from "vitest";
import { applyHunks, proposeChanges, type FileChange } from "../../../src/domain/edits/index.js";
import { makeHunks } from "../../../src/domain/edits/makeHunks.js";

function change(before: string | null, after: string | null): FileChange {
  let n = 0;
  const kind = before === null ? "create" : after === null ? "delete" : "edit";
  return { path: "f.txt", kind, before, after, hunks: makeHunks("f.txt", before, after, () => `h${++n}`) };
}

const ids = (c: FileChange, ...picked: number[]): Set<string> => new Set(picked.map((i) => c.hunks[i]!.id));
const all = (c: FileChange): Set<string> => new Set(c.hunks.map((h) => h.id));
const numbered = (n: number, eol = "\n"): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${eol}`).join("");

describe("applyHunks", () => {
  // Lines 2 and 15 change, far enough apart for two hunks.
  const before = numbered(20);
  const after = before.replace("line 2\n", "line two\n").replace("line 15\n", "line fifteen\nline 15b\n");
  const c = change(before, after);

  it("splits distant changes into separate hunks", () => {
    expect(c.hunks.map((h) => h.header)).toEqual(["@@ -1,5 +1,5 @@", "@@ -12,7 +12,8 @@"]);
  });

  it("gives exactly `after` when every hunk is accepted", () => {
    expect(applyHunks(c, all(c))).toBe(after);
  });

  it("gives exactly `before` when no hunk is accepted", () => {
    expect(applyHunks(c, new Set())).toBe(before);
  });

  it("applies only the accepted hunk", () => {
    expect(applyHunks(c, ids(c, 0))).toBe(before.replace("line 2\n", "line two\n"));
    expect(applyHunks(c, ids(c, 1))).toBe(before.replace("line 15\n", "line fifteen\nline 15b\n"));
  });

  it("ignores ids of other files' hunks", () => {
    expect(applyHunks(c, new Set(["h99", "nope"]))).toBe(before);
  });

  it("keeps CRLF bytes in accepted and rejected regions", () => {
    const b = numbered(20, "\r\n");
    const a = b.replace("line 3\r\n", "line three\r\n").replace("line 18\r\n", "");
    const crlf = change(b, a);
    expect(crlf.hunks).toHaveLength(2);
    expect(applyHunks(crlf, all(crlf))).toBe(a);
    expect(applyHunks(crlf, ids(crlf, 1))).toBe(b.replace("line 18\r\n", ""));
    // Display lines carry no CR.
    expect(crlf.hunks.flatMap((h) => h.lines).some((l) => l.includes("\r"))).toBe(false);
  });

  it("handles a change of the final newline alone", () => {
    const c2 = change("a\nb\nc", "a\nb\nc\n");
    expect(c2.hunks).toHaveLength(1);
    expect(c2.hunks[0]!.lines).toContain("\\ No newline at end of file");
    expect(applyHunks(c2, all(c2))).toBe("a\nb\nc\n");
    expect(applyHunks(c2, new Set())).toBe("a\nb\nc");
  });

  it("keeps a missing final newline when a rejected hunk is near the end", () => {
    const b = numbered(12).replace(/\n$/, "");
    const a = b.replace("line 1\n", "line one\n").replace("line 12", "line twelve");
    const c2 = change(b, a);
    expect(c2.hunks).toHaveLength(2);
    expect(applyHunks(c2, ids(c2, 0))).toBe(b.replace("line 1\n", "line one\n"));
    expect(applyHunks(c2, ids(c2, 1))).toBe(b.replace("line 12", "line twelve"));
  });

  it("applies an insertion-only hunk at the start, middle and end", () => {
    const b = numbered(30);
    const a = `top\n${b.replace("line 15\n", "line 15\nmiddle\n")}bottom\n`;
    const c2 = change(b, a);
    expect(c2.hunks.map((h) => [h.removed, h.added])).toEqual([[0, 1], [0, 1], [0, 1]]);
    expect(applyHunks(c2, ids(c2, 0))).toBe(`top\n${b}`);
    expect(applyHunks(c2, ids(c2, 1))).toBe(b.replace("line 15\n", "line 15\nmiddle\n"));
    expect(applyHunks(c2, ids(c2, 2))).toBe(`${b}bottom\n`);
    expect(applyHunks(c2, ids(c2, 0, 2))).toBe(`top\n${b}bottom\n`);
  });

  it("creates a file only when its hunk is accepted", () => {
    const c2 = change(null, "new\nfile\n");
    expect(c2.hunks.map((h) => h.header)).toEqual(["@@ -0,0 +1,2 @@"]);
    expect(applyHunks(c2, all(c2))).toBe("new\nfile\n");
    expect(applyHunks(c2, new Set())).toBeNull();
  });

  it("creates an empty file through a hunk with no lines", () => {
    const c2 = change(null, "");
    expect(c2.hunks.map((h) => h.header)).toEqual(["@@ -0,0 +0,0 @@"]);
    expect(applyHunks(c2, all(c2))).toBe("");
    expect(applyHunks(c2, new Set())).toBeNull();
  });

  it("deletes a file only when accepted", () => {
    const c2 = change("bye\n", null);
    expect(c2.hunks.map((h) => h.header)).toEqual(["@@ -1,1 +0,0 @@"]);
    expect(applyHunks(c2, all(c2))).toBeNull();
    expect(applyHunks(c2, new Set())).toBe("bye\n");
  });

  it("numbers an emptied file's side 0, as git does", () => {
    const c2 = change("x\ny\n", "");
    expect(c2.hunks[0]!.header).toBe("@@ -1,2 +0,0 @@");
    expect(applyHunks(c2, all(c2))).toBe("");
  });

  it("honours git numbering for hand-made zero-length hunks in mid-file (as a split hunk has)", () => {
    const b = "a\nb\nc\n";
    const a = "a\nX\nb\nc\n";
    const insert = { id: "s1", file: "f.txt", header: "@@ -1,0 +2,1 @@", oldStart: 1, oldLines: 0, newStart: 2, newLines: 1, lines: ["+X"], added: 1, removed: 0 };
    const c2: FileChange = { path: "f.txt", kind: "edit", before: b, after: a, hunks: [insert] };
    expect(applyHunks(c2, new Set(["s1"]))).toBe(a);
    const remove = { ...insert, id: "s2", header: "@@ -2,1 +1,0 @@", oldStart: 2, oldLines: 1, newStart: 1, newLines: 0, lines: ["-b"], added: 0, removed: 1 };
    expect(applyHunks({ ...c2, after: "a\nc\n", hunks: [remove] }, new Set(["s2"]))).toBe("a\nc\n");
  });

  it("counts added and removed lines", () => {
    expect(c.hunks.map((h) => [h.added, h.removed])).toEqual([[1, 1], [2, 1]]);
  });
});

/** A small deterministic PRNG, so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomEdit(rand: () => number, eol: string): { before: string; after: string } {
  const n = Math.floor(rand() * 40);
  const lines = Array.from({ length: n }, (_, i) => (rand() < 0.15 ? "" : `l${i} ${"xyz"[Math.floor(rand() * 3)]}`));
  const next = [...lines];
  const edits = Math.floor(rand() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (next.length + 1));
    const r = rand();
    if (r < 0.35) next.splice(at, 0, `new ${e}`);
    else if (r < 0.7 && at < next.length) next.splice(at, 1);
    else if (at < next.length) next[at] = `changed ${e}`;
  }
  const join = (ls: string[], final: boolean): string =>
    ls.length === 0 ? "" : ls.join(eol) + (final ? eol : "");
  return { before: join(lines, rand() < 0.8), after: join(next, rand() < 0.8) };
}

describe("applyHunks on random edits", () => {
  it("reproduces after (all) and before (none), and changes only what accepted hunks cover", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rand = prng(seed);
      const { before, after } = randomEdit(rand, rand() < 0.3 ? "\r\n" : "\n");
      const c = change(before, after);
      expect(applyHunks(c, all(c)), `seed ${seed}`).toBe(after);
      expect(applyHunks(c, new Set()), `seed ${seed}`).toBe(before);
      // A random subset grows or shrinks the file by exactly what its hunks say.
      const subset = c.hunks.filter(() => rand() < 0.5);
      const partial = applyHunks(c, new Set(subset.map((h) => h.id)))!;
      const lineCount = (s: string): number => s.split(/(?<=\n)/).filter((l) => l !== "").length;
      const delta = subset.reduce((d, h) => d + h.newLines - h.oldLines, 0);
      expect(lineCount(partial), `seed ${seed}`).toBe(lineCount(before) + delta);
      // The lines a hunk does not cover are left alone when only that hunk is taken.
      for (const hunk of c.hunks) {
        const only = applyHunks(c, new Set([hunk.id]))!;
        const from = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
        const b = before.split(/(?<=\n)/);
        const o = only.split(/(?<=\n)/);
        expect(o.slice(0, from), `seed ${seed} ${hunk.id}`).toEqual(b.slice(0, from));
        expect(o.slice(from + hunk.newLines).join(""), `seed ${seed} ${hunk.id}`).toBe(
          b.slice(from + hunk.oldLines).join(""),
        );
      }
    }
  });

  it("survives a whole-file proposal of random content", () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rand = prng(seed * 7919);
      const { before, after } = randomEdit(rand, "\n");
      if (before === "") continue;
      const body = after === "" ? "" : after.replace(/\n*$/, "\n");
      const proposal = proposeChanges([{ kind: "wholefile", path: "f.txt", content: body }], () => before);
      for (const c of proposal.changes) {
        expect(applyHunks(c, all(c)), `seed ${seed}`).toBe(c.after);
        expect(applyHunks(c, new Set()), `seed ${seed}`).toBe(before);
      }
    }
  });
});
