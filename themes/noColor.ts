import { TOKENS, defineTheme, type TokenColors } from "./theme.js";

/**
 * NO_COLOR (https://no-color.org): every token answers "no colour", so Ink
 * writes plain text in the terminal's own colours. Components see
 * `colored: false` and mark state with glyphs, bold and inverse instead.
 */
const none = Object.fromEntries(TOKENS.map((token) => [token, undefined])) as unknown as TokenColors;

export const noColorTheme = defineTheme("no-color", none, false);
