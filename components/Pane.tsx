import type { ReactNode } from "react";
import { Box, Text } from "ink";
import type { PaneBox } from "../src/tui/layout.js";
import { innerHeight } from "../src/tui/layout.js";
import { useTheme } from "./ThemeContext.js";

export interface PaneProps {
  index: number;
  title: string;
  focused: boolean;
  box: PaneBox;
  /** Short status at the right of the title row. */
  right?: string;
  children: ReactNode;
}

/**
 * A pane's frame: a border (double when focused, so focus shows without
 * colour), a title row, and a body of exactly innerHeight rows that clips
 * whatever it holds.
 */
export function Pane({ index, title, focused, box, right, children }: PaneProps) {
  const theme = useTheme();
  return (
    <Box
      width={box.width}
      height={box.height}
      flexDirection="column"
      flexShrink={0}
      borderStyle={focused ? "double" : "round"}
      borderColor={theme.color(focused ? "border.focused" : "border.unfocused")}
      paddingX={1}
      overflow="hidden"
    >
      <Box height={1} flexShrink={0}>
        <Box flexGrow={1} flexShrink={1} overflow="hidden">
          <Text wrap="truncate-end" bold={focused} color={theme.color(focused ? "accent" : "text.secondary")}>
            {index} {title}
          </Text>
        </Box>
        {right ? (
          <Box flexShrink={0} marginLeft={1}>
            <Text color={theme.color("text.muted")}>{right}</Text>
          </Box>
        ) : null}
      </Box>
      <Box height={innerHeight(box)} flexDirection="column" overflow="hidden" flexShrink={0}>
        {children}
      </Box>
    </Box>
  );
}

/** An unfocused pane in the narrow layout: one row with its number, title and a summary. */
export function CollapsedPane({ index, title, width, summary }: { index: number; title: string; width: number; summary: string }) {
  const theme = useTheme();
  return (
    <Box width={width} height={1} flexShrink={0} overflow="hidden">
      <Text wrap="truncate-end">
        <Text inverse color={theme.color("border.unfocused")}>{` ${index} ${title} `}</Text>
        <Text color={theme.color("text.secondary")}> {summary}</Text>
      </Text>
    </Box>
  );
}
