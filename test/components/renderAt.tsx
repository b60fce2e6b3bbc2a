import type { ReactElement } from "react";
import { stripVTControlCharacters } from "node:util";
import { render } from "ink-testing-library";
import { stringWidth } from "../../src/tui/cellWidth.js";

/**
 * ink-testing-library at a terminal size of our choosing: its fake stdout
 * says 100 columns and no rows, so both are set on the instance and a
 * resize is sent, which is also how the cockpit learns a real terminal's size.
 */
export type Rendered = ReturnType<typeof render>;

export async function renderAt(node: ReactElement, columns: number, rows: number): Promise<Rendered> {
  const rendered = render(node);
  await resize(rendered, columns, rows);
  return rendered;
}

export async function resize(rendered: Rendered, columns: number, rows: number): Promise<void> {
  Object.defineProperty(rendered.stdout, "columns", { value: columns, configurable: true });
  Object.defineProperty(rendered.stdout, "rows", { value: rows, configurable: true });
  rendered.stdout.emit("resize");
  await settle();
}

/** Lets Ink's input parsing (a lone Esc waits one setImmediate) and React's scheduled renders run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Sends keys one at a time, as a person types them. */
export async function press(rendered: Rendered, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    rendered.stdin.write(key);
    await settle();
  }
}

export const KEY = { enter: "\r", esc: "\x1b", tab: "\t", up: "\x1b[A", down: "\x1b[B", ctrlC: "\x03", shiftTab: "\x1b[Z" } as const;

/** The last frame as plain lines. */
export function screen(rendered: Rendered): string[] {
  return stripVTControlCharacters(rendered.lastFrame() ?? "").split("\n");
}

/** True when the frame is exactly `rows` lines, none wider than `columns`. */
export function fitsTerminal(lines: string[], columns: number, rows: number): boolean {
  return lines.length === rows && lines.every((line) => stringWidth(line) <= columns);
}
