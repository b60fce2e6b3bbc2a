import { defineTheme } from "./theme.js";

/**
 * For dark terminal backgrounds: soft, slightly desaturated colours so long
 * sessions are easy on the eyes, with status colours still far apart in hue.
 */
export const darkPalette = {
  foreground: "#D4D8E8",
  subtle: "#A3A9C2",
  dim: "#6E7491",
  background: "#1B1D2A",
  surface: "#3A3F58",
  blue: "#82AAFF",
  violet: "#C3A6FF",
  cyan: "#7FDBCA",
  green: "#A3E08A",
  amber: "#F2C86B",
  red: "#F28B8B",
  // Syntax only: comments lighter than \`dim\` so they stay readable (4.7:1), numbers off the red of removals.
  comment: "#7F86A8",
  orange: "#F5A97F",
} as const;

const p = darkPalette;

export const darkTheme = defineTheme("dark", {
  "text.primary": p.foreground,
  "text.secondary": p.subtle,
  "text.muted": p.dim,
  "text.inverse": p.background,
  "border.focused": p.blue,
  "border.unfocused": p.surface,
  accent: p.violet,
  selection: p.surface,
  "status.pending": p.dim,
  "status.running": p.cyan,
  "status.ok": p.green,
  "status.warn": p.amber,
  "status.error": p.red,
  "status.info": p.blue,
  "diff.added": p.green,
  "diff.removed": p.red,
  "diff.context": p.subtle,
  "diff.header": p.violet,
  sparkline: p.cyan,
  // No green or red: code sits on added and removed lines, whose colours must stay unambiguous.
  "syntax.keyword": p.violet,
  "syntax.string": p.amber,
  "syntax.comment": p.comment,
  "syntax.number": p.orange,
  "syntax.function": p.blue,
  "syntax.type": p.cyan,
});
