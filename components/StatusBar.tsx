import { memo } from "react";
import { Box } from "ink";
import type { KeyHint } from "../src/tui/commandViews.js";
import { stringWidth } from "../src/tui/cellWidth.js";
import { seg, type StyledRow } from "../src/tui/styledRow.js";
import { RowText } from "./RowText.js";

export interface StatusBarProps {
  width: number;
  repo: string;
  branch: string | null;
  model: string;
  /** The session's figures (committed, worker tokens and tok/s, Claude's tokens), once there are any. */
  figures?: string | null;
  /** Generated from the command registry for the focused pane. */
  hints: readonly KeyHint[];
  notice: { text: string; level: "info" | "warn" | "error" } | null;
}

/** The bottom row: where you are (repository, branch, model) and the keys that work here now. */
export const StatusBar = memo(function StatusBar(props: StatusBarProps) {
  return (
    <Box width={props.width} height={1} flexShrink={0} overflow="hidden">
      <RowText row={statusRow(props)} />
    </Box>
  );
});

export function statusRow({ width, repo, branch, model, figures, hints, notice }: StatusBarProps): StyledRow {
  const left: StyledRow = notice
    ? [seg(` ${notice.text} `, notice.level === "info" ? "status.info" : notice.level === "warn" ? "status.warn" : "status.error", true)]
    : [
        seg(` ${repo}`, "accent", true),
        seg(branch ? `:${branch}` : "", "text.secondary"),
        seg(` · ${model} `, "text.secondary"),
      ];
  const used = stringWidth(left.map((s) => s.text).join(""));
  // The help key goes last and is kept whatever else has to go: it lists everything that did not fit.
  const help = hints.find((h) => h.label === "help");
  const rest = hints.filter((h) => h !== help);
  const keys: StyledRow = [];
  let room = width - used - (help ? hintWidth(help) : 0);
  for (const hint of rest) {
    const w = hintWidth(hint);
    if (w > room) break;
    keys.push(...hintSegments(hint));
    room -= w;
  }
  if (help) keys.push(...hintSegments(help));
  // The figures take what room the keys leave: the keys matter more.
  const figuresText = figures && !notice ? `· ${figures} ` : "";
  const shown = figuresText && stringWidth(figuresText) <= room ? [seg(figuresText, "text.muted")] : [];
  return [...left, ...shown, ...keys];
}

const hintWidth = (h: KeyHint) => stringWidth(h.keys) + stringWidth(h.label) + 3;
const hintSegments = (h: KeyHint): StyledRow => [seg(` ${h.keys}`, "accent", true), seg(` ${h.label} `, "text.muted")];
