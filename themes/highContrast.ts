import { defineTheme } from "./theme.js";

/**
 * Only the 16 basic ANSI colour names: every terminal since the VT100 era
 * maps them (to its own, user-tuned palette), including those without 256 or
 * true colour, over SSH and inside tmux/screen. Bright variants carry the
 * text so it stands off a dark background; state never relies on hue alone,
 * since components also mark it with glyphs.
 */
export const ANSI_COLOR_NAMES = [
  "black",
  "red",
  "green",
  "yellow",
  "blue",
  "magenta",
  "cyan",
  "white",
  "blackBright",
  "redBright",
  "greenBright",
  "yellowBright",
  "blueBright",
  "magentaBright",
  "cyanBright",
  "whiteBright",
] as const;

export type AnsiColorName = (typeof ANSI_COLOR_NAMES)[number];

export const highContrastPalette = {
  foreground: "whiteBright",
  subtle: "white",
  dim: "blackBright",
  background: "black",
  focus: "yellowBright",
  accent: "magentaBright",
  running: "cyanBright",
  ok: "greenBright",
  warn: "yellowBright",
  error: "redBright",
  info: "blueBright",
  selection: "blue",
} as const satisfies Record<string, AnsiColorName>;

const p = highContrastPalette;

export const highContrastTheme = defineTheme("high-contrast", {
  "text.primary": p.foreground,
  "text.secondary": p.subtle,
  "text.muted": p.dim,
  "text.inverse": p.background,
  "border.focused": p.focus,
  "border.unfocused": p.subtle,
  accent: p.accent,
  // A row background under text.primary: bright white on blue reads on every ANSI palette.
  selection: p.selection,
  "status.pending": p.subtle,
  "status.running": p.running,
  "status.ok": p.ok,
  "status.warn": p.warn,
  "status.error": p.error,
  "status.info": p.info,
  "diff.added": p.ok,
  "diff.removed": p.error,
  "diff.context": p.subtle,
  "diff.header": p.running,
  sparkline: p.running,
  // Sixteen colours hold few hues, so syntax reuses them; only types share a hue with diff.added.
  "syntax.keyword": p.accent,
  "syntax.string": p.warn,
  "syntax.comment": p.dim,
  "syntax.number": p.running,
  "syntax.function": p.info,
  "syntax.type": p.ok,
});
