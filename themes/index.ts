import { UsageError } from "../src/domain/errors.js";
import { darkTheme } from "./dark.js";
import { highContrastTheme } from "./highContrast.js";
import { lightTheme } from "./light.js";
import { noColorTheme } from "./noColor.js";
import { THEME_NAMES, isThemeName, type Theme, type ThemeName } from "./theme.js";

export * from "./theme.js";
export { darkTheme, lightTheme, highContrastTheme, noColorTheme };

export const THEMES: Readonly<Record<ThemeName, Theme>> = Object.freeze({
  dark: darkTheme,
  light: lightTheme,
  "high-contrast": highContrastTheme,
  "no-color": noColorTheme,
});

export const DEFAULT_THEME: ThemeName = "dark";

/**
 * Picks the theme for this run. The name is checked first, so a typo in
 * --theme or the config is reported even on a machine that sets NO_COLOR;
 * then NO_COLOR, when set to anything non-empty (no-color.org), wins over
 * any name, because the user asked for it in their environment for every
 * program.
 */
export function resolveTheme(name: string | undefined, env: NodeJS.ProcessEnv = process.env): Theme {
  if (name !== undefined && !isThemeName(name)) {
    throw new UsageError(`unknown theme "${name}" — known themes: ${THEME_NAMES.join(", ")}`);
  }
  if (env.NO_COLOR) return noColorTheme;
  return THEMES[name ?? DEFAULT_THEME];
}
