import { describe, expect, it } from "vitest";
import { computeLayout, innerHeight, MIN_COLUMNS, MIN_ROWS, STATUS_ROWS, WIDE_COLUMNS } from "../../src/tui/layout.js";
import { selectionWindow, visibleRange } from "../../src/tui/scrolling.js";
import { PANES, initialUiState, uiReducer } from "../../src/tui/uiState.js";

describe("computeLayout", () => {
  it("fills exactly the terminal at every size from 60×20 up, in every focus", () => {
    for (let columns = MIN_COLUMNS; columns <= 220; columns += 7) {
      for (let rows = MIN_ROWS; rows <= 70; rows += 5) {
        for (const focus of PANES) {
          const layout = computeLayout(columns, rows, focus);
          expect(layout.stackWidths.reduce((a, b) => a + b, 0)).toBe(columns);
          for (const stack of layout.stacks) {
            expect(stack.reduce((sum, id) => sum + layout.panes[id].height, 0) + STATUS_ROWS).toBe(rows);
          }
        }
      }
    }
  });

  it("puts panes side by side from 120 columns and stacks them below, the focused one large", () => {
    expect(computeLayout(WIDE_COLUMNS, 30, "tickets").mode).toBe("wide");
    const narrow = computeLayout(WIDE_COLUMNS - 1, 30, "review");
    expect(narrow.mode).toBe("narrow");
    expect(narrow.panes.review).toMatchObject({ height: 30 - STATUS_ROWS - 3, collapsed: false });
    expect(narrow.panes.worker).toMatchObject({ height: 1, collapsed: true });
    expect(innerHeight(computeLayout(60, 20, "worker").panes.worker)).toBeGreaterThanOrEqual(10);
  });

  it("gives up below 60×20", () => {
    expect(computeLayout(59, 40, "tickets").mode).toBe("too-small");
    expect(computeLayout(100, 19, "tickets").mode).toBe("too-small");
  });
});

describe("scrolling", () => {
  it("shows the tail of a live pane, or a window scrolled back from it", () => {
    expect(visibleRange(100, 10, 0, "end")).toEqual({ start: 90, end: 100 });
    expect(visibleRange(100, 10, 5, "end")).toEqual({ start: 85, end: 95 });
    expect(visibleRange(100, 10, 500, "end")).toEqual({ start: 0, end: 10 });
    expect(visibleRange(5, 10, 0, "end")).toEqual({ start: 0, end: 5 });
    expect(visibleRange(100, 10, 3, "start")).toEqual({ start: 3, end: 13 });
  });

  it("keeps the selected ticket in view", () => {
    expect(selectionWindow(50, 10, 0)).toEqual({ start: 0, end: 10 });
    expect(selectionWindow(50, 10, 30)).toEqual({ start: 25, end: 35 });
    expect(selectionWindow(50, 10, 49)).toEqual({ start: 40, end: 50 });
  });
});

describe("uiReducer", () => {
  it("cycles focus, clamps selection and scrolling", () => {
    let ui = initialUiState();
    ui = uiReducer(ui, { type: "focus.cycle", delta: -1 });
    expect(ui.focus).toBe("tests");
    ui = uiReducer(ui, { type: "focus.cycle", delta: 1 });
    expect(ui.focus).toBe("tickets");
    ui = uiReducer(ui, { type: "select", delta: 5, count: 3 });
    expect(ui.selected).toBe(2);
    ui = uiReducer(ui, { type: "scroll", pane: "worker", delta: 50, max: 20 });
    expect(ui.scroll.worker).toBe(20);
    ui = uiReducer(ui, { type: "scroll", pane: "worker", delta: -100, max: 20 });
    expect(ui.scroll.worker).toBe(0);
    expect(uiReducer(ui, { type: "notice", text: null })).toBe(ui);
  });
});
