import { useCallback, useRef } from "react";
import { useInput, type Key } from "ink";
import { keyName } from "./keys.js";

/**
 * The cockpit's only stdin reader: every key press becomes a key name and
 * goes to one handler (the command dispatcher). Components never call
 * useInput themselves, so two panes can never both react to one key.
 */
export function useKeypress(onKey: (name: string) => void): void {
  const latest = useRef(onKey);
  latest.current = onKey;
  // A stable handler: Ink re-subscribes to stdin whenever the handler changes.
  const handler = useCallback((input: string, key: Key) => {
    const name = keyName(input, key);
    if (name !== null) return latest.current(name);
    // Held keys can arrive as one chunk ("jjjj"); a paste of mixed text is not a command.
    if (input.length > 1 && !key.ctrl && !key.meta && [...input].every((ch) => ch === input[0])) {
      for (const ch of input) latest.current(ch);
    }
  }, []);
  useInput(handler);
}
