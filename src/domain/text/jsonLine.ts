/**
 * One value as a line of JSON that is safe to print. JSON.stringify escapes
 * the C0 controls but leaves DEL and the C1 controls (U+0080–U+009F) raw, and
 * U+009B is a terminal's CSI: worker tokens, test output or a file name read
 * with `haco … --json | cat` could drive the terminal. They are escaped the
 * way JSON escapes C0 (`\u009b`), which every JSON reader turns back into the
 * same character.
 */
export function jsonLine(value: unknown): string {
  return escapeJsonControls(JSON.stringify(value));
}

// eslint-disable-next-line no-control-regex
const UNESCAPED_CONTROLS = /[\u007f-\u009f]/g;

/** `json` (JSON text) with DEL and the C1 controls written as \u escapes; its value is unchanged. */
export function escapeJsonControls(json: string): string {
  return json.replace(UNESCAPED_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
