import { describe, expect, it } from "vitest";
import { createReviewState, reviewReducer } from "../../src/domain/review/index.js";
import { diffRows, liveReviewRows } from "../../src/tui/liveReviewRows.js";
import type { LiveReview } from "../../src/tui/reviewGate.js";
import { rowText } from "../../src/tui/styledRow.js";
import { changeOf, idCounter } from "../domain/review/reviewHelpers.js";
import { reviewChanges } from "../../bench/review/fixture.js";

const live = (state: LiveReview["state"], over: Partial<LiveReview> = {}): LiveReview => ({ ticket: "T-001", title: "Tune", criteria: [], state, refusals: [], ...over });

describe("the Review pane's rows while a draft waits", () => {
  it("numbers each diff line on its old and new side, and colours the code of changed lines by syntax", () => {
    const next = idCounter();
    const change = changeOf("src/x.ts", "const a = 1;\nconst b = 2;\nconst c = 3;\n", "const a = 1;\nconst b = 20; // more\nconst c = 3;\n", next);
    const rows = diffRows(change.hunks[0]!, "typescript");
    expect(rows.map(rowText)).toEqual(["1 1  const a = 1;", "2   -const b = 2;", "  2 +const b = 20; // more", "3 3  const c = 3;"]);
    const added = rows[2]!;
    expect(added.find((s) => s.text === "const")?.token).toBe("syntax.keyword");
    expect(added.find((s) => s.text === "20")?.token).toBe("syntax.number");
    expect(added.find((s) => s.text.includes("// more"))?.token).toBe("syntax.comment");
    // What the highlighter leaves uncoloured keeps the line's diff colour.
    expect(added.find((s) => s.text.includes(" b "))?.token).toBe("diff.added");
    expect(rows[1]![1]).toMatchObject({ text: "-", token: "diff.removed" });
  });

  it("shows a worker's escape sequences as nothing and expands tabs", () => {
    const next = idCounter();
    const change = changeOf("a.txt", "x\n", "\tx\x1b[2J\x1b]0;pwned\x07\n", next);
    const text = diffRows(change.hunks[0]!, null).map(rowText).join("\n");
    expect(text).not.toContain("\x1b");
    expect(text).toContain("+    x");
  });

  it("puts the ticket, the position, the criteria, the refusals and the last key's note above the hunks", () => {
    const next = idCounter();
    const changes = [changeOf("a.ts", "a\nb\n", "a\nB\n", next), changeOf("b.ts", "c\n", "C\n", next)];
    let state = createReviewState(changes);
    state = reviewReducer(reviewReducer(state, { type: "accept" }), { type: "next" });
    const view = liveReviewRows(live(state, { criteria: ["b is upper case"], refusals: [{ file: "c.ts", reason: "the hunk's old lines are not in c.ts" }] }), 60, 20, 0);
    const head = view.head.map(rowText);
    expect(head[0]).toBe("T-001 Tune");
    expect(head[1]).toBe("hunk 1 of 1, file 2 of 2 · 1 of 2 undecided");
    expect(head).toContain("• b is upper case");
    expect(head).toContain("✗ refused c.ts: the hunk's old lines are not in c.ts");
    expect(head.at(-1)).toBe("No next hunk.");
    expect(view.body.map(rowText)[0]).toBe("▸ b.ts (edit) file 2 of 2");
    expect(rowText(view.body[1]!)).toContain("▶ @@ -1,1 +1,1 @@  · undecided  2/2");
  });

  it("shows a refused edit's reason and what to do about it, and marks a note it has to cut", () => {
    const next = idCounter();
    const state = createReviewState([changeOf("a.ts", "a\nb\n", "a\nB\n", next)]);
    const refused = { ...state, notice: { kind: "refused" as const, text: "The edited hunk no longer applies: line 2 was ' b' and is now ' c'. Keep every ' ' and '-' line as it was; change only '+' lines." } };
    const head = liveReviewRows(live(refused), 40, 20, 0).head.map(rowText);
    expect(head.join(" ")).toContain("change only '+' lines.");
    const long = { ...state, notice: { kind: "refused" as const, text: "word ".repeat(60).trim() } };
    const cut = liveReviewRows(live(long), 40, 20, 0).head.map(rowText);
    expect(cut.at(-1)!.endsWith("…")).toBe(true);
    expect(Math.max(...cut.slice(-4).map((row) => row.length))).toBeLessThanOrEqual(40);
  });

  it("builds only the rows that fit, from the selected hunk on, however long the review", () => {
    const state = reviewReducer(createReviewState(reviewChanges(2000, 8)), { type: "goto", index: 1500 });
    const view = liveReviewRows(live(state), 80, 20, 0);
    expect(view.head.length + view.body.length).toBe(20);
    expect(rowText(view.body[1]!)).toContain("1501/2000");
    // Scrolling moves through the selected hunk's rows.
    const scrolled = liveReviewRows(live(state), 80, 20, 2);
    expect(rowText(scrolled.body[0]!)).toBe(rowText(view.body[2]!));
    expect(view.selectedRows).toBeGreaterThan(2);
  });
});
