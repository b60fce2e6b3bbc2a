import { memo, useMemo } from "react";
import type { ReviewState } from "../src/tui/cockpitState.js";
import { innerHeight, innerWidth, type PaneBox } from "../src/tui/layout.js";
import { reviewRows } from "../src/tui/reviewRows.js";
import { visibleRange } from "../src/tui/scrolling.js";
import { CollapsedPane, Pane } from "./Pane.js";
import { RowText } from "./RowText.js";

export interface ReviewPaneProps {
  review: ReviewState | null;
  focused: boolean;
  box: PaneBox;
  /** Rows scrolled down from the top. */
  scroll: number;
}

/** The draft's hunks and refusals. For now all-or-nothing (A / X); the hunk reviewer replaces the keys, not this view. */
export const ReviewPane = memo(function ReviewPane({ review, focused, box, scroll }: ReviewPaneProps) {
  const width = innerWidth(box);
  const rows = useMemo(() => reviewRows(review, width), [review, width]);
  if (box.collapsed) return <CollapsedPane index={3} title="Review" width={box.width} summary={summary(review)} />;
  const height = innerHeight(box);
  const { start, end } = visibleRange(rows.length, height, scroll, "start");
  const position = rows.length > height ? `${start + 1}–${end}/${rows.length}` : "";
  return (
    <Pane index={3} title="Review" focused={focused} box={box} right={review?.awaiting ? `waiting for you ${position}`.trim() : position}>
      {rows.slice(start, end).map((row, i) => (
        <RowText key={start + i} row={row} />
      ))}
    </Pane>
  );
});

function summary(review: ReviewState | null): string {
  if (!review) return "nothing to review";
  const hunks = review.files.reduce((n, f) => n + f.hunks.length, 0);
  const refused = review.refusals.length ? ` · ${review.refusals.length} refused` : "";
  return `${review.awaiting ? "waiting for you · " : ""}${hunks} hunk(s) in ${review.files.length} file(s)${refused}`;
}
