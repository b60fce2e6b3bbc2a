import { describe, expect, it } from "vitest";
import { applyHunks, type FileChange } from "../../../src/domain/edits/index.js";
import {
  acceptedIds,
  changesFor,
  createReviewState,
  editHunk,
  listHunks,
  selectedHunk,
  type ReviewState,
} from "../../../src/domain/review/index.js";
import { changeOf, idCounter, press } from "./reviewHelpers.js";

const NO_EOL = "\\ No newline at end of file";

function review(before: string | null, after: string | null, path = "f.txt"): { change: FileChange; state: ReviewState } {
  const change = changeOf(path, before, after, idCounter());
  return { change, state: createReviewState([change]) };
}

/** What the review writes for its first file. */
const written = (s: ReviewState) => applyHunks(changesFor(s)[0]!, acceptedIds(s));
const edit = (s: ReviewState, ...lines: string[]) => press(s, { type: "setLines", lines });

describe("setLines (e)", () => {
  const before = "a\nb\nc\nd\ne\n";
  const after = "a\nB\nc\nd\ne\n";

  it("replaces the hunk's lines when the old side is unchanged, and accepts it", () => {
    const { state } = review(before, after);
    expect(selectedHunk(state)!.hunk.lines).toEqual([" a", "-b", "+B", " c", " d", " e"]);
    const s = edit(state, " a", "-b", "+B2", "+extra", " c", " d", " e");
    expect(s.notice).toEqual({ kind: "info", text: "Edited and accepted hunk 1 in f.txt." });
    const h = selectedHunk(s)!;
    expect(h.decision).toBe("accepted");
    expect(h.edited).toBe(true);
    expect(h.hunk).toMatchObject({ id: "h1", header: "@@ -1,5 +1,6 @@", added: 2, removed: 1 });
    expect(written(s)).toBe("a\nB2\nextra\nc\nd\ne\n");
    expect(changesFor(s)[0]!.after).toBe("a\nB2\nextra\nc\nd\ne\n");
  });

  it("keeps a removed line that was turned into context", () => {
    const { state } = review(before, after);
    expect(written(edit(state, " a", " b", "+new", " c", " d", " e"))).toBe("a\nb\nnew\nc\nd\ne\n");
  });

  it("drops '#' comment lines and reads an empty line as empty context, as git does", () => {
    const { state } = review("a\n\nc\n", "a\n\nC\n");
    expect(selectedHunk(state)!.hunk.lines).toEqual([" a", " ", "-c", "+C"]);
    const s = edit(state, "# edit the hunk", " a", "", "-c", "+C2", "# lines starting with # are removed");
    expect(s.notice?.kind).toBe("info");
    expect(selectedHunk(s)!.hunk.lines).toEqual([" a", " ", "-c", "+C2"]);
    expect(written(s)).toBe("a\n\nC2\n");
  });

  it.each([
    ["a changed context line", [" A", "-b", "+B", " c", " d", " e"], 'old line 1 should be "a" but is "A"'],
    ["a missing old line", [" a", "-b", "+B", " c", " d"], "fewer old lines than the hunk (4, not 5)"],
    ["an added old line", [" a", "-b", "+B", " c", " d", " e", " f"], "more old lines than the hunk (6, not 5)"],
    ["a removed line turned into an added one", [" a", "+b", "+B", " c", " d", " e"], 'old line 2 should be "b" but is "c"'],
  ])("refuses %s, changing nothing", (_what, lines, reason) => {
    const { state } = review(before, after);
    const s = edit(state, ...lines);
    expect(s.notice?.kind).toBe("refused");
    expect(s.notice?.text).toContain("The edited hunk no longer applies");
    expect(s.notice?.text).toContain(reason);
    expect(s.tree).toBe(state.tree);
    expect(s.selected).toBe(state.selected);
    expect(s.undo).toBeNull();
  });

  it("refuses a line with no prefix, and a marker that follows nothing", () => {
    const { state } = review(before, after);
    expect(edit(state, " a", "oops", " c").notice?.text).toBe(`Line 2 ("oops") starts with neither ' ', '-', '+' nor '\\'.`);
    expect(edit(state, NO_EOL, " a").notice?.text).toBe("Line 1 is a '\\' marker that follows no line.");
  });

  it("refuses an edit that changes nothing", () => {
    const { state } = review(before, after);
    const s = edit(state, " a", " b", " c", " d", " e");
    expect(s.notice).toEqual({ kind: "refused", text: "The edited hunk changes nothing; press n to reject the hunk instead." });
  });

  it("refuses a missing final newline anywhere but at the end of the file", () => {
    const { state } = review(before, after);
    const s = edit(state, " a", "-b", "+B", NO_EOL, " c", " d", " e");
    expect(s.notice?.kind).toBe("refused");
    expect(s.notice?.text).toContain("Only the last line of the file may lack a newline");
    const mid = review(numberedLines(20), numberedLines(20).replace("5\n", "five\n")).state;
    expect(edit(mid, " 2", " 3", " 4", "-5", "+five", NO_EOL, " 6", " 7", " 8").notice?.kind).toBe("refused");
  });

  it("lets the last line gain or keep its missing final newline", () => {
    const { state } = review("a\nb", "a\nc");
    expect(selectedHunk(state)!.hunk.lines).toEqual([" a", "-b", NO_EOL, "+c", NO_EOL]);
    expect(written(edit(state, " a", "-b", NO_EOL, "+c2"))).toBe("a\nc2\n");
    expect(written(edit(state, " a", "-b", NO_EOL, "+c2", NO_EOL))).toBe("a\nc2");
    // The old side's marker is part of the old side.
    expect(edit(state, " a", "-b", "+c2").notice?.text).toContain("old line 2 lacks a final newline");
  });

  it("gives new lines the file's own terminator", () => {
    const { state } = review("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n");
    expect(written(edit(state, " a", "-b", "+B", "+more", " c"))).toBe("a\r\nB\r\nmore\r\nc\r\n");
  });

  it("renumbers the hunks after an edited one, so each can still be written alone", () => {
    const b = numberedLines(30);
    const a = b.replace("3\n", "three\n").replace("20\n", "twenty\n");
    const { state } = review(b, a);
    expect(listHunks(state).map((h) => h.hunk.header)).toEqual(["@@ -1,6 +1,6 @@", "@@ -17,7 +17,7 @@"]);
    const edited = edit(state, " 1", " 2", "-3", "+three", "+3.5", " 4", " 5", " 6");
    expect(changesFor(edited)[0]!.hunks.map((h) => h.header)).toEqual(["@@ -1,6 +1,7 @@", "@@ -17,7 +18,7 @@"]);
    const onlyEdit = edit(state, " 1", " 2", "-3", "+three", "+3.5", " 4", " 5", " 6");
    expect(written(press(onlyEdit, "reject"))).toBe(b.replace("3\n", "three\n3.5\n"));
    expect(written(press(onlyEdit, "accept"))).toBe(a.replace("three\n", "three\n3.5\n"));
    const onlySecond = press(onlyEdit, { type: "goto", index: 0 }, "reject", "accept");
    expect(written(onlySecond)).toBe(b.replace("20\n", "twenty\n"));
  });

  it("can be split afterwards, the parts keeping the edit", () => {
    const { state } = review(before, after);
    const s = press(edit(state, " a", "-b", "+B", " c", "+inserted", " d", " e"), "prev", "split");
    expect(listHunks(s).map((h) => [h.hunk.id, h.edited, h.decision])).toEqual([
      ["h1.1", true, "accepted"],
      ["h1.2", true, "accepted"],
    ]);
    expect(written(press(s, "reject"))).toBe("a\nb\nc\ninserted\nd\ne\n");
    expect(written(press(s, "next", "reject"))).toBe("a\nB\nc\nd\ne\n");
  });

  it("is undone in one step, restoring the lines, the decision and the selection", () => {
    const { state } = review(before, after);
    const s = press(edit(state, " a", "-b", "+B2", " c", " d", " e"), "undo");
    expect(selectedHunk(s)!.hunk).toBe(state.files[0]!.change.hunks[0]);
    expect(selectedHunk(s)!.decision).toBe("undecided");
    expect(s.notice?.text).toBe("Undid editing hunk 1 in f.txt.");
    expect(changesFor(s)[0]).toBe(state.files[0]!.change);
  });

  it("refuses a file that is created or deleted: it is one decision", () => {
    for (const { state } of [review(null, "x\n"), review("x\n", null)]) {
      const s = edit(state, "+y");
      expect(s.notice?.text).toContain("one decision");
      expect(s.tree).toBe(state.tree);
    }
  });
});

describe("editHunk", () => {
  it("numbers an edit that leaves no new line by the line before it", () => {
    const { change } = review("a\nb\n", "a\nB\n");
    const result = editHunk(change.hunks[0]!, [" a", "-b"], true);
    expect(result.ok && result.hunk.header).toBe("@@ -1,2 +1,1 @@");
    const only = review("b\n", "B\n").change;
    const gone = editHunk(only.hunks[0]!, ["-b"], true);
    expect(gone.ok && gone.hunk.header).toBe("@@ -1,1 +0,0 @@");
  });
});

function numberedLines(n: number): string {
  return Array.from({ length: n }, (_, i) => `${i + 1}\n`).join("");
}
