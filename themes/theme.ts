/**
 * Components never name a raw colour: they ask the theme for a semantic
 * token, and each theme maps tokens onto its palette. `undefined` means "no
 * colour" (the terminal's default), which is what the no-colour theme answers
 * for every token when NO_COLOR is set.
 */
export const TOKENS = [
  "text.primary",
  "text.secondary",
  "text.muted",
  "text.inverse",
  "border.focused",
  "border.unfocused",
  "accent",
  "selection",
  "status.pending",
  "status.running",
  "status.ok",
  "status.warn",
  "status.error",
  "status.info",
  "diff.added",
  "diff.removed",
  "diff.context",
  "diff.header",
  "sparkline",
  "syntax.keyword",
  "syntax.string",
  "syntax.comment",
  "syntax.number",
  "syntax.function",
  "syntax.type",
] as const;

export type Token = (typeof TOKENS)[number];

export interface Theme {
  name: ThemeName;
  color(token: Token): string | undefined;
  /** False for the no-colour theme: components then mark state with glyphs and bold/inverse only. */
  readonly colored: boolean;
}

export const THEME_NAMES = ["dark", "light", "high-contrast", "no-color"] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

/** A theme's whole answer, one entry per token, so a palette that forgets a token fails to compile. */
export type TokenColors = { readonly [T in Token]: string | undefined };

export function isThemeName(name: string): name is ThemeName {
  return (THEME_NAMES as readonly string[]).includes(name);
}

/**
 * Builds a Theme from a complete token map. The map is copied and frozen so
 * a component cannot recolour the theme for everyone else by mutating it.
 */
export function defineTheme(name: ThemeName, colors: TokenColors, colored = true): Theme {
  const table: TokenColors = Object.freeze({ ...colors });
  return Object.freeze({ name, colored, color: (token: Token) => table[token] });
}
