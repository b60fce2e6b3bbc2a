import { describe, expect, it } from "vitest";
import { applyHunks } from "../../../src/domain/edits/index.js";
import {
  acceptedIds,
  allDecided,
  changesFor,
  countHunks,
  countUndecided,
  createReviewState,
  describePosition,
  hunkAt,
  hunksInRange,
  listHunks,
  reviewReducer,
  selectedHunk,
  type ReviewState,
} from "../../../src/domain/review/index.js";
import { changeOf, fileWithChanges, idCounter, press, twoFiles } from "./reviewHelpers.js";

const ids = (s: ReviewState) => listHunks(s).map((h) => h.hunk.id);
const decisions = (s: ReviewState) => listHunks(s).map((h) => h.decision[0]).join("");
const selectedId = (s: ReviewState) => selectedHunk(s)?.hunk.id;

describe("createReviewState", () => {
  it("lists every hunk in file then position order, undecided, the first selected", () => {
    const { state } = twoFiles();
    expect(ids(state)).toEqual(["h1", "h2", "h3", "h4", "h5"]);
    expect(decisions(state)).toBe("uuuuu");
    expect(state.selected).toBe(0);
    expect(state.notice).toBeNull();
    expect(countHunks(state)).toBe(5);
    expect(countUndecided(state)).toBe(5);
    expect(allDecided(state)).toBe(false);
  });

  it("says where each hunk sits, in its file and among the files", () => {
    const { state } = twoFiles();
    const h = hunkAt(state, 3)!;
    expect(h).toMatchObject({ index: 3, count: 5, file: 1, fileCount: 2, inFile: 0, inFileCount: 2 });
    expect(describePosition(h)).toBe("hunk 1 of 2, file 2 of 2");
    expect(describePosition(hunkAt(state, 2)!)).toBe("hunk 3 of 3, file 1 of 2");
    expect(hunkAt(state, 5)).toBeNull();
    expect(hunkAt(state, -1)).toBeNull();
    expect(hunksInRange(state, 1, 2).map((x) => x.hunk.id)).toEqual(["h2", "h3"]);
    expect(hunksInRange(state, 4, 10).map((x) => x.hunk.id)).toEqual(["h5"]);
    expect(hunksInRange(state, 0, 0)).toEqual([]);
  });

  it("builds an empty review that is already decided and refuses every key but search", () => {
    const empty = createReviewState([]);
    expect(countHunks(empty)).toBe(0);
    expect(allDecided(empty)).toBe(true);
    expect(selectedHunk(empty)).toBeNull();
    expect(acceptedIds(empty)).toEqual(new Set());
    expect(changesFor(empty)).toEqual([]);
    for (const type of ["accept", "reject", "acceptRestOfFile", "rejectRestOfFile", "nextUndecided", "prevUndecided", "next", "prev", "split"] as const) {
      const s = reviewReducer(empty, { type });
      expect(s.notice).toEqual({ kind: "refused", text: "There are no hunks to review." });
      expect(s.tree).toBe(empty.tree);
    }
    expect(reviewReducer(empty, { type: "goto", index: 0 }).notice?.kind).toBe("refused");
    expect(reviewReducer(empty, { type: "setLines", lines: ["+x"] }).notice?.kind).toBe("refused");
    expect(reviewReducer(empty, { type: "undo" }).notice).toEqual({ kind: "refused", text: "Nothing to undo." });
    const searched = reviewReducer(empty, { type: "search", query: "x" });
    expect(searched.notice?.kind).toBe("refused");
    expect(searched.query).toBe("x");
  });

  it("keeps a file with no hunks in the count of files", () => {
    const next = idCounter();
    const a = fileWithChanges(10, [2]);
    const state = createReviewState([{ path: "empty.ts", kind: "edit", before: "x\n", after: "x\n", hunks: [] }, changeOf("a.ts", a.before, a.after, next)]);
    expect(describePosition(selectedHunk(state)!)).toBe("hunk 1 of 1, file 2 of 2");
  });
});

describe("accept (y) and reject (n)", () => {
  it("decide the selected hunk and move to the next undecided one", () => {
    const { state } = twoFiles();
    const s = press(state, "accept", "reject");
    expect(decisions(s)).toBe("aruuu");
    expect(s.selected).toBe(2);
    expect(acceptedIds(s)).toEqual(new Set(["h1"]));
  });

  it("skip hunks already decided when moving on, wrapping to the first undecided", () => {
    const { state } = twoFiles();
    // Decide h3 first, then h5 (the last): the next undecided after it wraps to h1.
    let s = press(state, { type: "goto", index: 2 }, "accept");
    expect(selectedId(s)).toBe("h4");
    s = press(s, "next", "reject");
    expect(selectedId(s)).toBe("h1");
    s = press(s, "accept");
    expect(selectedId(s)).toBe("h2");
    s = press(s, "accept");
    expect(selectedId(s)).toBe("h4");
    expect(decisions(s)).toBe("aaaur");
  });

  it("stay on the last hunk once every hunk is decided, and say so", () => {
    const { state } = twoFiles();
    const s = press(state, "accept", "accept", "accept", "reject", "accept");
    expect(allDecided(s)).toBe(true);
    expect(s.selected).toBe(4);
    expect(s.notice).toEqual({ kind: "info", text: "All 5 hunks decided." });
  });

  it("change a decision when a decided hunk is decided again, as one undoable step", () => {
    const { state } = twoFiles();
    let s = press(state, "accept", "prev");
    expect(selectedId(s)).toBe("h1");
    s = press(s, "reject");
    expect(decisions(s)).toBe("ruuuu");
    expect(s.undo?.depth).toBe(2);
    // The same decision again changes nothing and adds nothing to undo, but still moves on.
    const again = press(s, "prev", "prev", "reject");
    expect(again.undo?.depth).toBe(2);
    expect(again.tree).toBe(s.tree);
    expect(selectedId(again)).toBe("h2");
  });

  it("work on a review of one hunk", () => {
    const next = idCounter();
    const f = fileWithChanges(5, [3]);
    const state = createReviewState([changeOf("one.ts", f.before, f.after, next)]);
    const s = press(state, "reject");
    expect(allDecided(s)).toBe(true);
    expect(s.selected).toBe(0);
    expect(s.notice?.text).toBe("All 1 hunk decided.");
    expect(press(s, "nextUndecided").notice).toEqual({ kind: "refused", text: "No other hunk is undecided." });
    expect(applyHunks(changesFor(s)[0]!, acceptedIds(s))).toBe(f.before);
  });
});

describe("acceptRestOfFile (a) and rejectRestOfFile (d)", () => {
  it("decide every undecided hunk of the selected hunk's file, earlier skipped ones too, and no other file's", () => {
    const { state } = twoFiles();
    const s = press(state, "reject", "nextUndecided", "acceptRestOfFile");
    // h1 rejected stays rejected; h2 was skipped with j, but is in the file; h3 too.
    expect(decisions(s)).toBe("raauu");
    expect(s.notice).toEqual({ kind: "info", text: "Accepted 2 undecided hunks of a.ts." });
    // On to the next file.
    expect(selectedId(s)).toBe("h4");
  });

  it("on the last file, wrap the selection to an undecided hunk of an earlier file", () => {
    const { state } = twoFiles();
    const s = press(state, { type: "goto", index: 4 }, "rejectRestOfFile");
    expect(decisions(s)).toBe("uuurr");
    expect(selectedId(s)).toBe("h1");
  });

  it("refuse when the file has nothing undecided, changing nothing", () => {
    const { state } = twoFiles();
    const done = press(state, "acceptRestOfFile", { type: "goto", index: 0 });
    const s = press(done, "rejectRestOfFile");
    expect(s.notice).toEqual({ kind: "refused", text: "No hunk of a.ts is undecided." });
    expect(s.tree).toBe(done.tree);
    expect(s.undo).toBe(done.undo);
  });

  it("finish the review when the file held the last undecided hunks", () => {
    const { state } = twoFiles();
    const s = press(state, "acceptRestOfFile", "rejectRestOfFile");
    expect(allDecided(s)).toBe(true);
    expect(s.notice?.text).toBe("All 5 hunks decided.");
  });

  it("undo in one step", () => {
    const { state } = twoFiles();
    const before = press(state, "next");
    const s = press(before, "acceptRestOfFile", "undo");
    expect(decisions(s)).toBe("uuuuu");
    expect(s.selected).toBe(1);
    expect(s.notice?.text).toBe("Undid accepting the rest of the file at hunk 2 in a.ts.");
  });
});

describe("nextUndecided (j) and prevUndecided (k)", () => {
  it("move over decided hunks", () => {
    const { state } = twoFiles();
    const s = press(state, { type: "goto", index: 1 }, "accept", { type: "goto", index: 2 }, "accept", { type: "goto", index: 0 });
    expect(decisions(s)).toBe("uaauu");
    expect(selectedId(press(s, "nextUndecided"))).toBe("h4");
    expect(selectedId(press(s, "nextUndecided", "prevUndecided"))).toBe("h1");
  });

  it("wrap around at the ends, and say so", () => {
    const { state } = twoFiles();
    const last = press(state, { type: "goto", index: 4 });
    const wrapped = press(last, "nextUndecided");
    expect(selectedId(wrapped)).toBe("h1");
    expect(wrapped.notice).toEqual({ kind: "info", text: "Wrapped around to the first undecided hunk." });
    const back = press(wrapped, "prevUndecided");
    expect(selectedId(back)).toBe("h5");
    expect(back.notice).toEqual({ kind: "info", text: "Wrapped around to the last undecided hunk." });
  });

  it("refuse when no other hunk is undecided, keeping the selection", () => {
    const { state } = twoFiles();
    const s = press(state, "accept", "accept", "accept", "accept");
    expect(selectedId(s)).toBe("h5");
    for (const type of ["nextUndecided", "prevUndecided"] as const) {
      const r = press(s, type);
      expect(r.notice).toEqual({ kind: "refused", text: "No other hunk is undecided." });
      expect(r.selected).toBe(s.selected);
    }
  });
});

describe("next (J), prev (K) and goto (g)", () => {
  it("J and K step one hunk, decided or not, across files", () => {
    const { state } = twoFiles();
    const s = press(state, "accept", "next", "next");
    expect(selectedId(s)).toBe("h4");
    expect(selectedId(press(s, "prev", "prev", "prev"))).toBe("h1");
  });

  it("J on the last hunk and K on the first refuse, as in git", () => {
    const { state } = twoFiles();
    expect(press(state, "prev").notice).toEqual({ kind: "refused", text: "No previous hunk." });
    const last = press(state, { type: "goto", index: 4 }, "next");
    expect(last.notice).toEqual({ kind: "refused", text: "No next hunk." });
    expect(last.selected).toBe(4);
  });

  it("g selects a hunk by index and refuses one out of range", () => {
    const { state } = twoFiles();
    expect(selectedId(press(state, { type: "goto", index: 3 }))).toBe("h4");
    for (const index of [5, -1, 1.5]) {
      const s = press(state, { type: "goto", index });
      expect(s.notice?.kind).toBe("refused");
      expect(s.selected).toBe(0);
    }
    expect(press(state, { type: "goto", index: 5 }).notice?.text).toBe("No hunk 6: the hunks are numbered 1 to 5.");
  });

  it("clear the last notice", () => {
    const { state } = twoFiles();
    const s = press(state, "prev", "next");
    expect(s.notice).toBeNull();
  });
});

describe("search (/)", () => {
  const searchable = () => {
    const next = idCounter();
    const a = fileWithChanges(60, [5, 25, 45]);
    const b = { before: "alpha\nbeta\n", after: "alpha\nBETA needle\n" };
    return createReviewState([changeOf("a.ts", a.before, a.after, next), changeOf("b.ts", b.before, b.after, next)]);
  };

  it("selects the next hunk with a line containing the text", () => {
    const s = press(searchable(), { type: "search", query: "line 45 changed" });
    expect(selectedId(s)).toBe("h3");
    expect(s.query).toBe("line 45 changed");
    expect(s.notice).toBeNull();
  });

  it("matches the ' ', '-', '+' prefixes too", () => {
    expect(selectedId(press(searchable(), { type: "search", query: "+BETA" }))).toBe("h4");
    expect(press(searchable(), { type: "search", query: "-BETA" }).notice?.kind).toBe("refused");
  });

  it("wraps around past the last hunk", () => {
    const s = press(searchable(), { type: "goto", index: 3 }, { type: "search", query: "line 5 changed" });
    expect(selectedId(s)).toBe("h1");
    expect(s.notice).toEqual({ kind: "info", text: "Search wrapped around to the top." });
  });

  it("finds the selected hunk itself last, when it is the only match", () => {
    const s = press(searchable(), { type: "search", query: "line 5 changed" });
    expect(selectedId(s)).toBe("h1");
    expect(s.notice).toEqual({ kind: "info", text: 'Only this hunk contains "line 5 changed".' });
  });

  it("repeats the last search when the text is empty", () => {
    const s = press(searchable(), { type: "search", query: "changed" });
    expect(selectedId(s)).toBe("h2");
    const again = press(s, { type: "search", query: "" });
    expect(selectedId(again)).toBe("h3");
    expect(again.query).toBe("changed");
  });

  it("refuses an empty search with nothing to repeat", () => {
    expect(press(searchable(), { type: "search", query: "" }).notice).toEqual({ kind: "refused", text: "Type some text to search for." });
  });

  it("keeps the selection and says so when no hunk matches", () => {
    const s = press(searchable(), "next", { type: "search", query: "no such text" });
    expect(s.selected).toBe(1);
    expect(s.notice).toEqual({ kind: "refused", text: 'No hunk contains "no such text".' });
    expect(s.query).toBe("no such text");
  });
});

describe("undo (u)", () => {
  it("takes back decisions one at a time, restoring the selection of each", () => {
    const { state } = twoFiles();
    const s = press(state, "accept", "next", "reject");
    expect(decisions(s)).toBe("auruu");
    const once = press(s, "undo");
    expect(decisions(once)).toBe("auuuu");
    expect(selectedId(once)).toBe("h3");
    expect(once.notice).toEqual({ kind: "info", text: "Undid rejecting hunk 3 in a.ts." });
    const twice = press(once, "undo");
    expect(decisions(twice)).toBe("uuuuu");
    expect(selectedId(twice)).toBe("h1");
    expect(twice.undo).toBeNull();
  });

  it("refuses at an empty stack", () => {
    const { state } = twoFiles();
    const s = press(state, "next", "undo");
    expect(s.notice).toEqual({ kind: "refused", text: "Nothing to undo." });
    expect(s.selected).toBe(1);
  });

  it("does not take back moves, only what changed hunks", () => {
    const { state } = twoFiles();
    const s = press(state, "accept", "next", "next", { type: "search", query: "line 5 changed" }, "undo");
    expect(decisions(s)).toBe("uuuuu");
    expect(s.selected).toBe(0);
  });

  it("leaves older states untouched (the state is persistent)", () => {
    const { state } = twoFiles();
    const decided = press(state, "accept", "accept");
    press(decided, "undo", "reject", "split");
    expect(decisions(decided)).toBe("aauuu");
    expect(decisions(state)).toBe("uuuuu");
  });
});

describe("split (s)", () => {
  // Lines 5, 9 and 13 change: one hunk (gaps of 3 unchanged lines) with three runs.
  const splittable = () => {
    const next = idCounter();
    const f = fileWithChanges(30, [5, 9, 13]);
    const g = fileWithChanges(10, [5]);
    const changes = [changeOf("s.ts", f.before, f.after, next), changeOf("t.ts", g.before, g.after, next)];
    return { f, changes, state: createReviewState(changes) };
  };

  it("replaces the hunk by its parts, in place, and keeps the selection on the first", () => {
    const { state } = splittable();
    expect(ids(state)).toEqual(["h1", "h2"]);
    const s = press(state, "split");
    expect(ids(s)).toEqual(["h1.1", "h1.2", "h1.3", "h2"]);
    expect(s.selected).toBe(0);
    expect(s.notice).toEqual({ kind: "info", text: "Split into 3 hunks." });
    expect(decisions(s)).toBe("uuuu");
    expect(describePosition(hunkAt(s, 2)!)).toBe("hunk 3 of 3, file 1 of 2");
    expect(describePosition(hunkAt(s, 3)!)).toBe("hunk 1 of 1, file 2 of 2");
  });

  it("lets each part be decided on its own, and writes exactly those lines", () => {
    const { f, state } = splittable();
    const s = press(state, "split", "accept", "reject", "accept", "reject");
    expect(allDecided(s)).toBe(true);
    const written = applyHunks(changesFor(s)[0]!, acceptedIds(s));
    expect(written).toBe(f.before.replace("line 5\n", "line 5 changed\n").replace("line 13\n", "line 13 changed\n"));
  });

  it("keeps the hunk's decision in its parts", () => {
    const { state } = splittable();
    const s = press(state, "accept", "prev", "split");
    expect(decisions(s)).toBe("aaau");
  });

  it("refuses a hunk with one run of changes and says why", () => {
    const { state } = splittable();
    const s = press(state, "next", "split");
    expect(s.notice?.kind).toBe("refused");
    expect(s.notice?.text).toContain("one run of changes");
    expect(ids(s)).toEqual(["h1", "h2"]);
    expect(s.undo).toBeNull();
  });

  it("refuses a part that was split already", () => {
    const { state } = splittable();
    const s = press(state, "split", "split");
    expect(s.notice?.text).toContain("cannot be split");
  });

  it("is undone in one step, restoring the hunk, its decision and the selection", () => {
    const { state } = splittable();
    const split = press(state, "split", "accept", "next");
    expect(ids(split)).toEqual(["h1.1", "h1.2", "h1.3", "h2"]);
    const undone = press(split, "undo", "undo");
    expect(ids(undone)).toEqual(["h1", "h2"]);
    expect(decisions(undone)).toBe("uu");
    expect(undone.selected).toBe(0);
    expect(undone.notice?.text).toBe("Undid splitting hunk 1 in s.ts.");
    expect(changesFor(undone)[0]).toBe(state.files[0]!.change);
  });
});
