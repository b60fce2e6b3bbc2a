import { memo } from "react";
import type { HelpSection } from "../src/tui/commandViews.js";
import { helpRows } from "../src/tui/commandViews.js";
import type { PaneBox } from "../src/tui/layout.js";
import { innerHeight, innerWidth } from "../src/tui/layout.js";
import { CollapsedPane, Pane } from "./Pane.js";
import { RowText } from "./RowText.js";

export interface HelpScreenProps {
  sections: readonly HelpSection[];
  box: PaneBox;
  scroll: number;
}

/** `?`: every key, generated from the command registry, with why a command is off right now. */
export const HelpScreen = memo(function HelpScreen({ sections, box, scroll }: HelpScreenProps) {
  if (box.collapsed) return <CollapsedPane index={0} title="Keys" width={box.width} summary="? or Esc closes" />;
  const rows = helpRows(sections, innerWidth(box));
  const height = innerHeight(box);
  const start = Math.max(0, Math.min(scroll, rows.length - height));
  return (
    <Pane index={0} title="Keys" focused box={box} right="j/k scroll · ? or Esc closes">
      {rows.slice(start, start + height).map((row, i) => (
        <RowText key={start + i} row={row} />
      ))}
    </Pane>
  );
});
