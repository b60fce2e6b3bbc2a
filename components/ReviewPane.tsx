import { memo, useMemo } from "react";
import type { ReviewState } from "../src/tui/cockpitState.js";
import { innerHeight, innerWidth, type PaneBox } from "../src/tui/layout.js";
import { liveReviewRows } from "../src/tui/liveReviewRows.js";
import type { LiveReview } from "../src/tui/reviewGate.js";
import { reviewRows } from "../src/tui/reviewRows.js";
import { visibleRange } from "../src/tui/scrolling.js";
import { countHunks, countUndecided } from "../src/domain/review/index.js";
import { CollapsedPane, Pane } from "./Pane.js";
import { RowText } from "./RowText.js";

export interface ReviewPaneProps {
  /** What the session reported: the draft's hunks and, once decided, the decisions. */
  review: ReviewState | null;
  /** The draft waiting for decisions, hunk by hunk; null once decided. */
  live: LiveReview | null;
  focused: boolean;
  box: PaneBox;
  /** Rows scrolled down from the top (of the selected hunk, while reviewing). */
  scroll: number;
  /** The ticket whose draft is being written, if any: said instead of "no draft yet". */
  drafting?: string | null;
}

/** The hunk reviewer while a draft waits for decisions; the decisions and refusals afterwards. */
export const ReviewPane = memo(function ReviewPane({ review, live, focused, box, scroll, drafting = null }: ReviewPaneProps) {
  if (box.collapsed) return <CollapsedPane index={3} title="Review" width={box.width} summary={live ? `waiting for you · ${liveSummary(live)}` : summary(review)} />;
  return live ? <LiveView live={live} focused={focused} box={box} scroll={scroll} /> : <SummaryView review={review} focused={focused} box={box} scroll={scroll} drafting={drafting} />;
});

function LiveView({ live, focused, box, scroll }: { live: LiveReview; focused: boolean; box: PaneBox; scroll: number }) {
  const view = useMemo(() => liveReviewRows(live, innerWidth(box), innerHeight(box), scroll), [live, box, scroll]);
  return (
    <Pane index={3} title="Review" focused={focused} box={box} right={`waiting for you · ${liveSummary(live)}`}>
      {[...view.head, ...view.body].slice(0, innerHeight(box)).map((row, i) => (
        <RowText key={i} row={row} />
      ))}
    </Pane>
  );
}

function SummaryView({ review, focused, box, scroll, drafting }: { review: ReviewState | null; focused: boolean; box: PaneBox; scroll: number; drafting: string | null }) {
  const width = innerWidth(box);
  const rows = useMemo(() => reviewRows(review, width, drafting), [review, width, drafting]);
  const height = innerHeight(box);
  const { start, end } = visibleRange(rows.length, height, scroll, "start");
  const position = rows.length > height ? `${start + 1}–${end}/${rows.length}` : "";
  return (
    <Pane index={3} title="Review" focused={focused} box={box} right={position}>
      {rows.slice(start, end).map((row, i) => (
        <RowText key={start + i} row={row} />
      ))}
    </Pane>
  );
}

function liveSummary(live: LiveReview): string {
  const count = countHunks(live.state);
  return `${count - countUndecided(live.state)}/${count} decided`;
}

function summary(review: ReviewState | null): string {
  if (!review) return "nothing to review";
  const hunks = review.files.reduce((n, f) => n + f.hunks.length, 0);
  const refused = review.refusals.length ? ` · ${review.refusals.length} refused` : "";
  return `${hunks} hunk(s) in ${review.files.length} file(s)${refused}`;
}
