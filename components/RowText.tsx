import { memo } from "react";
import { Text } from "ink";
import type { StyledRow } from "../src/tui/styledRow.js";
import { useTheme } from "./ThemeContext.js";

/** One row of a pane, cut at the pane's edge: never wraps, so a pane's height is its row count. */
export const RowText = memo(function RowText({ row, inverse = false }: { row: StyledRow; inverse?: boolean }) {
  const theme = useTheme();
  const empty = row.every((s) => s.text === "");
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {empty
        ? " "
        : row.map((s, i) => (
            <Text key={i} color={s.token ? theme.color(s.token) : undefined} bold={s.bold ?? false} dimColor={s.dim ?? false}>
              {s.text}
            </Text>
          ))}
    </Text>
  );
});
