import { describe, expect, it } from "vitest";
import { createReviewState, REVIEW_KEYS, whyDisabled, type ReviewActionType } from "../../../src/domain/review/index.js";
import { changeOf, idCounter, press, twoFiles } from "./reviewHelpers.js";

describe("REVIEW_KEYS", () => {
  it("binds git add -p's keys, each to one action, every action once", () => {
    expect(REVIEW_KEYS.map((k) => k.key).join("")).toBe("ynadjkJKg/seu");
    const actions: ReviewActionType[] = [
      "accept",
      "reject",
      "acceptRestOfFile",
      "rejectRestOfFile",
      "nextUndecided",
      "prevUndecided",
      "next",
      "prev",
      "goto",
      "search",
      "split",
      "setLines",
      "undo",
    ];
    expect([...REVIEW_KEYS.map((k) => k.action)].sort()).toEqual([...actions].sort());
    for (const k of REVIEW_KEYS) {
      expect(k.label.length).toBeGreaterThan(0);
      expect(k.description.length).toBeGreaterThan(k.label.length);
    }
  });
});

describe("whyDisabled", () => {
  it("answers in the reducer's words", () => {
    const { state } = twoFiles();
    expect(whyDisabled(state, "prev")).toBe("No previous hunk.");
    expect(whyDisabled(state, "undo")).toBe("Nothing to undo.");
    expect(whyDisabled(state, "split")).toContain("one run of changes");
    expect(whyDisabled(state, "accept")).toBeNull();
    expect(whyDisabled(press(state, "acceptRestOfFile", { type: "goto", index: 0 }), "rejectRestOfFile")).toBe("No hunk of a.ts is undecided.");
  });

  it("disables every key but search on an empty review, and edit on a created or deleted file", () => {
    const empty = createReviewState([]);
    expect(whyDisabled(empty, "accept")).toBe("There are no hunks to review.");
    expect(whyDisabled(empty, "search")).toBeNull();
    const created = createReviewState([changeOf("new.ts", null, "x\n", idCounter())]);
    expect(whyDisabled(created, "setLines")).toContain("one decision");
    expect(whyDisabled(twoFiles().state, "setLines")).toBeNull();
  });
});
