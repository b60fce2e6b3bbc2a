import { PANES, type PaneId } from "./uiState.js";

/**
 * Where each pane goes, as a pure function of the terminal size and focus.
 * Every pane gets a fixed height and the heights add up to the terminal's
 * rows exactly, so the cockpit never draws past the screen (and Ink never
 * scrolls it).
 *
 * - wide (≥ 120 columns): two columns, Tickets over Tests on the left,
 *   Worker over Review on the right;
 * - narrow (60–119, e.g. a tmux split): the panes stacked, the focused one
 *   large and the others one summary row each;
 * - too small (under 60×20): a message instead of a broken layout.
 */

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;
export const WIDE_COLUMNS = 120;
export const STATUS_ROWS = 1;

export interface PaneBox {
  width: number;
  height: number;
  /** Shown as one summary row (narrow layout, not focused). */
  collapsed: boolean;
}

export interface Layout {
  mode: "wide" | "narrow" | "too-small";
  columns: number;
  rows: number;
  /** Height of the area above the status bar. */
  bodyHeight: number;
  /** Pane ids per column, top to bottom. */
  stacks: PaneId[][];
  /** Width of each stack. */
  stackWidths: number[];
  panes: Record<PaneId, PaneBox>;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** `reservedRows`: rows above the status bar kept for a box (the commit message), taken from the panes. */
export function computeLayout(columns: number, rows: number, focus: PaneId, reservedRows = 0): Layout {
  const bodyHeight = Math.max(0, rows - STATUS_ROWS - reservedRows);
  const none = { width: 0, height: 0, collapsed: true };
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return {
      mode: "too-small",
      columns,
      rows,
      bodyHeight,
      stacks: [],
      stackWidths: [],
      panes: { tickets: none, worker: none, review: none, tests: none },
    };
  }
  if (columns >= WIDE_COLUMNS) {
    const left = clamp(Math.round(columns * 0.36), 40, 64);
    const right = columns - left;
    const ticketsHeight = Math.ceil(bodyHeight / 2);
    // A draft under review needs the room more than the finished stream above it.
    const workerHeight = Math.ceil(bodyHeight * (focus === "review" ? 0.35 : 0.55));
    return {
      mode: "wide",
      columns,
      rows,
      bodyHeight,
      stacks: [
        ["tickets", "tests"],
        ["worker", "review"],
      ],
      stackWidths: [left, right],
      panes: {
        tickets: { width: left, height: ticketsHeight, collapsed: false },
        tests: { width: left, height: bodyHeight - ticketsHeight, collapsed: false },
        worker: { width: right, height: workerHeight, collapsed: false },
        review: { width: right, height: bodyHeight - workerHeight, collapsed: false },
      },
    };
  }
  const collapsedRows = PANES.length - 1;
  const panes = {} as Record<PaneId, PaneBox>;
  for (const pane of PANES) {
    panes[pane] =
      pane === focus
        ? { width: columns, height: bodyHeight - collapsedRows, collapsed: false }
        : { width: columns, height: 1, collapsed: true };
  }
  return { mode: "narrow", columns, rows, bodyHeight, stacks: [[...PANES]], stackWidths: [columns], panes };
}

/** Rows inside a pane's frame: the border (2) and the title row (1) take the rest. */
export function innerHeight(box: PaneBox): number {
  return box.collapsed ? 0 : Math.max(0, box.height - 3);
}

/** Columns inside a pane's frame: the border (2) and one column of padding each side. */
export function innerWidth(box: PaneBox): number {
  return Math.max(1, box.width - 4);
}
