import { createContext, useContext, type ReactNode } from "react";
import { noColorTheme, type Theme } from "../themes/index.js";

/**
 * The theme reaches components through context; they ask it for semantic
 * tokens and never name a colour. Without a provider they get the no-colour
 * theme, which is always legible.
 */
const ThemeContext = createContext<Theme>(noColorTheme);

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
