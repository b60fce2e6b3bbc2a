import { useCallback, useRef } from "react";
import { useInput, type Key } from "ink";
import { keyName } from "./keys.js";

/**
 * The cockpit's only stdin reader: every key press becomes a key name and
 * goes to one handler (the command dispatcher). Components never call
 * useInput themselves, so two panes can never both react to one key.
 */
/** The most keys one chunk may hold and still be read as typed keys rather than a paste. */
const TYPE_AHEAD = 8;

export function useKeypress(onKey: (name: string) => void): void {
  const latest = useRef(onKey);
  latest.current = onKey;
  // A stable handler: Ink re-subscribes to stdin whenever the handler changes.
  const handler = useCallback((input: string, key: Key) => {
    const name = keyName(input, key);
    if (name !== null) return latest.current(name);
    // Keys typed ahead, or held, can arrive as one chunk ("y\r", "jjjj"): each is a key press. A
    // longer chunk is a paste, and a paste of text is not a list of commands.
    if (input.length > 1 && input.length <= TYPE_AHEAD && !key.ctrl && !key.meta && /^[\x20-\x7e\r\n\t]+$/.test(input)) {
      for (const ch of input) latest.current(ch === "\r" || ch === "\n" ? "enter" : ch === "\t" ? "tab" : ch);
    }
  }, []);
  useInput(handler);
}
