import { Box } from "ink";
import { MIN_COLUMNS, MIN_ROWS } from "../src/tui/layout.js";
import { seg } from "../src/tui/styledRow.js";
import { wrapLine } from "../src/tui/wrapText.js";
import { RowText } from "./RowText.js";

/** Below 60×20 the panes cannot show anything useful: say so, in as many rows as there are. */
export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  const text = `haco needs a terminal of at least ${MIN_COLUMNS}×${MIN_ROWS}; this one is ${columns}×${rows}. Enlarge it, or press q to quit.`;
  const lines = wrapLine(text, Math.max(1, columns)).slice(0, Math.max(1, rows));
  return (
    <Box width={columns} height={Math.max(1, rows)} flexDirection="column" overflow="hidden">
      {lines.map((line, i) => (
        <RowText key={i} row={[seg(line, "status.warn")]} />
      ))}
    </Box>
  );
}
