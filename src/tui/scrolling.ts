/**
 * Which rows of a list a fixed-height pane shows: only those are rendered,
 * however long the draft or the test log grows.
 */

export function scrollMax(total: number, height: number): number {
  return Math.max(0, total - height);
}

/** [start, end) of the rows to draw; `offset` counts from the end (live panes) or the start (review). */
export function visibleRange(total: number, height: number, offset: number, from: "start" | "end"): { start: number; end: number } {
  const o = Math.max(0, Math.min(offset, scrollMax(total, height)));
  if (from === "end") {
    const end = total - o;
    return { start: Math.max(0, end - height), end };
  }
  return { start: o, end: Math.min(total, o + height) };
}

/** A window of `height` rows that keeps `selected` in view, centred when it can be. */
export function selectionWindow(total: number, height: number, selected: number): { start: number; end: number } {
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), scrollMax(total, height)));
  return { start, end: Math.min(total, start + height) };
}
