import { defineTheme } from "./theme.js";

/**
 * For light terminal backgrounds: darker, more saturated colours, because the
 * pastel tones that read well on black wash out on white.
 */
export const lightPalette = {
  foreground: "#1F2330",
  subtle: "#4E5569",
  dim: "#868CA0",
  background: "#FAFAFC",
  surface: "#D5D9E4",
  blue: "#1F5FBF",
  violet: "#7A3FC8",
  cyan: "#0E7C86",
  green: "#2C7A2C",
  amber: "#9A6200",
  red: "#C62A2A",
  // Syntax only: comments darker than \`dim\` so they stay readable (4.6:1), numbers off the red of removals.
  comment: "#6B7186",
  orange: "#A8480A",
} as const;

const p = lightPalette;

export const lightTheme = defineTheme("light", {
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
