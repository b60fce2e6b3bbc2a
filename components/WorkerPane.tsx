import { memo, useLayoutEffect } from "react";
import { formatGpu } from "../src/domain/gpu/formatGpu.js";
import type { Note, PromptInfo } from "../src/tui/cockpitState.js";
import { innerHeight, innerWidth, type PaneBox } from "../src/tui/layout.js";
import { visibleRange } from "../src/tui/scrolling.js";
import { seg } from "../src/tui/styledRow.js";
import { useWorkerStream } from "../src/tui/useStores.js";
import type { WorkerStreamStore } from "../src/tui/workerStream.js";
import { shortHost, workerPaneRows, workerSummary } from "../src/tui/workerStats.js";
import { wrapLine } from "../src/tui/wrapText.js";
import { CollapsedPane, Pane } from "./Pane.js";
import { RowText } from "./RowText.js";

export interface WorkerPaneProps {
  store: WorkerStreamStore;
  prompt: PromptInfo | null;
  notes: readonly Note[];
  model: string;
  host: string;
  focused: boolean;
  box: PaneBox;
  /** Rows scrolled back from the tail (0 while streaming). */
  scroll: number;
}

/**
 * The live draft: stats on top, then the draft's last rows. The only pane
 * that re-renders per frame; it draws only the rows that fit, read from the
 * store's incrementally wrapped text.
 */
export const WorkerPane = memo(function WorkerPane({ store, prompt, notes, model, host, focused, box, scroll }: WorkerPaneProps) {
  const stream = useWorkerStream(store);
  const width = innerWidth(box);
  const height = innerHeight(box);
  useLayoutEffect(() => {
    if (!box.collapsed) store.setWidth(width);
  }, [store, width, box.collapsed]);

  if (box.collapsed) return <CollapsedPane index={2} title="Worker" width={box.width} summary={workerSummary(stream)} />;

  if (stream.phase === "idle") {
    const lines = [
      ...wrapLine(`No draft yet. Select a ticket in Tickets (1) and press Enter: ${model} at ${shortHost(host)} drafts it here.`, width),
      `GPU ${stream.gpu === undefined ? "…" : formatGpu(stream.gpu)}`,
    ].slice(0, height);
    return (
      <Pane index={2} title="Worker" focused={focused} box={box} right="idle">
        {lines.map((line, i) => (
          <RowText key={i} row={[seg(line, "text.muted")]} />
        ))}
      </Pane>
    );
  }

  const { stats, draftHeight } = workerPaneRows({ stream, prompt, notes, model, host, width }, height);
  const { start, end } = visibleRange(stream.rowCount, draftHeight, scroll, "end");
  const rows: string[] = [];
  for (let i = start; i < end; i++) rows.push(stream.row(i));
  const position = stream.rowCount > draftHeight ? ` ${end}/${stream.rowCount}` : "";
  return (
    <Pane index={2} title="Worker" focused={focused} box={box} right={`${stream.ticket ?? ""}${position}`}>
      {stats.map((row, i) => (
        <RowText key={`s${i}`} row={row} />
      ))}
      {rows.map((text, i) => (
        <RowText key={`d${i}`} row={[seg(text, "text.primary")]} />
      ))}
    </Pane>
  );
});
