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

/**
 * `onKey` returns true when the key opened a text field (`g`, `/`, `p`): the rest of a chunk typed
 * ahead ("g3⏎") is then that field's text, given to `onTypedAhead`, not more commands.
 */
export function useKeypress(onKey: (name: string) => boolean | void, onTypedAhead?: (text: string) => void): void {
  const latest = useRef({ onKey, onTypedAhead });
  latest.current = { onKey, onTypedAhead };
  // A stable handler: Ink re-subscribes to stdin whenever the handler changes.
  const handler = useCallback((input: string, key: Key) => {
    const name = keyName(input, key);
    if (name !== null) {
      latest.current.onKey(name);
      return;
    }
    // Keys typed ahead, or held, can arrive as one chunk ("y\r", "jjjj"): each is a key press. A
    // longer chunk is a paste, and a paste of text is not a list of commands.
    if (input.length > 1 && input.length <= TYPE_AHEAD && !key.ctrl && !key.meta && /^[\x20-\x7e\r\n\t]+$/.test(input)) {
      for (let i = 0; i < input.length; i++) {
        const ch = input[i]!;
        const opened = latest.current.onKey(ch === "\r" || ch === "\n" ? "enter" : ch === "\t" ? "tab" : ch);
        if (opened === true) {
          const rest = input.slice(i + 1);
          if (rest) latest.current.onTypedAhead?.(rest);
          return;
        }
      }
    }
  }, []);
  useInput(handler);
}
