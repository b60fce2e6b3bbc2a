import { memo, useState } from "react";
import { Box, Text } from "ink";
import { LineInput } from "./LineInput.js";
import type { CommitBox as CommitBoxState } from "../src/tui/cockpitState.js";
import { useTheme } from "./ThemeContext.js";

/** Rows the box takes above the status bar: its border (2), the title, the header line and the body's first line. */
export const COMMIT_BOX_ROWS = 5;

export interface CommitBoxProps {
  width: number;
  box: CommitBoxState;
  /** Enter: the whole message (the edited header, then the drafted body and trailer). */
  onSubmit(message: string): void;
  /** The whole message as it stands, header as typed so far: what Tab hands to the editor. */
  onChange?(message: string): void;
}

/**
 * The tests passed: the worker's Conventional Commit for the accepted hunks,
 * its header line editable here and the whole message in $EDITOR (Tab, the
 * cockpit's key). Enter commits exactly those hunks; Esc leaves them applied
 * and uncommitted.
 */
export const CommitBox = memo(function CommitBox({ width, box, onSubmit, onChange }: CommitBoxProps) {
  const theme = useTheme();
  const [header, ...rest] = box.message.split("\n");
  const [value, setValue] = useState(header ?? "");
  const bodyLines = rest.filter((line) => line.trim() !== "");
  // The box has one row for the body: how many lines it holds comes first, so a cut row still says so.
  const body = bodyLines.length > 1 ? `[${bodyLines.length} lines · Tab shows them] ${bodyLines.join(" ⏎ ")}` : (bodyLines[0] ?? "");
  const by = box.by === "worker" ? "drafted by the worker" : "haco's own";
  // Why the worker's message was not used matters more than the trailer.
  const third = box.reason ? `the worker's message was not used: ${box.reason}` : body;
  const whole = (typed: string) => [typed.trim() || (header ?? ""), ...rest].join("\n");
  const change = (typed: string) => {
    setValue(typed);
    onChange?.(whole(typed));
  };
  return (
    <Box width={width} height={COMMIT_BOX_ROWS} flexShrink={0} flexDirection="column" borderStyle="round" borderColor={theme.color("border.focused")} paddingX={1}>
      <Text wrap="truncate-end" color={theme.color("accent")} bold>
        {`Commit ${box.ticket} — ${box.phase === "drafting" ? "the worker is drafting the message…" : `${box.revision > 0 ? "edited in your editor" : by} · Enter commits · Esc leaves it uncommitted · Tab: all of it in $EDITOR`}`}
      </Text>
      {box.phase === "drafting" ? (
        <Text color={theme.color("text.muted")}>…</Text>
      ) : (
        // A header longer than the row wraps inside, and the row shows its last part: the end, where
        // the typing is, stays in sight. An empty line shows its placeholder from the start.
        <Box height={1} overflow="hidden" flexDirection="column" justifyContent={value ? "flex-end" : "flex-start"}>
          <Box flexShrink={0}>
            <LineInput value={value} onChange={change} onSubmit={(typed) => onSubmit(whole(typed))} placeholder={`${header ?? ""} (Enter keeps this header)`} />
          </Box>
        </Box>
      )}
      <Text wrap="truncate-end" color={theme.color("text.muted")}>
        {third || " "}
      </Text>
    </Box>
  );
});
