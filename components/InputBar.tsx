import { memo, useState } from "react";
import { Box, Text } from "ink";
import { LineInput } from "./LineInput.js";
import { useTheme } from "./ThemeContext.js";

export interface InputBarProps {
  width: number;
  /** What is being typed, e.g. "go to hunk (1–7):". */
  label: string;
  /** The text the field starts with (typed in the same read as the key that opened it). */
  initial?: string;
  /** Enter. Esc is the cockpit's (it closes the bar without submitting). */
  onSubmit(value: string): void;
}

/** The status bar's row while the reviewer types a hunk number (g) or a search (/). */
export const InputBar = memo(function InputBar({ width, label, initial = "", onSubmit }: InputBarProps) {
  const theme = useTheme();
  const [value, setValue] = useState(initial);
  return (
    <Box width={width} height={1} flexShrink={0} overflow="hidden">
      <Text color={theme.color("accent")} bold>
        {` ${label} `}
      </Text>
      <LineInput value={value} onChange={setValue} onSubmit={onSubmit} />
      <Text color={theme.color("text.muted")}>{"  Enter ok · Esc cancel"}</Text>
    </Box>
  );
});
