import { stripVTControlCharacters } from "node:util";

/**
 * Untrusted text (worker answers, test output) may carry terminal escape
 * sequences that move the cursor, retitle the window or worse. Before such
 * text reaches a terminal, drop every escape sequence and control character
 * except newline and tab.
 */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return stripVTControlCharacters(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}
