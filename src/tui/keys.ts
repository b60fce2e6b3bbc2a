import type { Key } from "ink";

/**
 * One name per key press ("j", "A", "enter", "shift+tab", "ctrl+c"), so the
 * command registry can list keys as plain strings and the status bar and
 * help can print them.
 */
export function keyName(input: string, key: Key): string | null {
  if (key.upArrow) return "up";
  if (key.downArrow) return "down";
  if (key.leftArrow) return "left";
  if (key.rightArrow) return "right";
  if (key.pageUp) return "pageup";
  if (key.pageDown) return "pagedown";
  if (key.home) return "home";
  if (key.end) return "end";
  // Before raw mode is on (the first frame) the terminal turns Enter into "\n", which Ink does not call return.
  if (key.return || input === "\n" || input === "\r") return "enter";
  if (key.escape) return "esc";
  if (key.tab) return key.shift ? "shift+tab" : "tab";
  if (key.backspace) return "backspace";
  if (key.delete) return "delete";
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input === " ") return "space";
  // A paste arrives as one long input: it is not a key.
  if (input.length === 1) return input;
  return null;
}

const SHOWN: Record<string, string> = {
  up: "↑",
  down: "↓",
  left: "←",
  right: "→",
  pageup: "PgUp",
  pagedown: "PgDn",
  home: "Home",
  end: "End",
  enter: "Enter",
  esc: "Esc",
  tab: "Tab",
  "shift+tab": "S-Tab",
  space: "Space",
};

/** How a key is printed in the status bar and help. */
export function displayKey(name: string): string {
  if (SHOWN[name]) return SHOWN[name];
  if (name.startsWith("ctrl+")) return `^${name.slice(5).toUpperCase()}`;
  return name;
}
