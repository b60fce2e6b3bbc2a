import type { Readable } from "node:stream";
import xterm, { type Terminal } from "@xterm/headless";

/**
 * The virtual terminal the cockpit draws on. It lives in the parent, not in
 * the measured child: a real terminal emulator is a process of its own, and
 * its parsing is not the cockpit's CPU time.
 */
export class VirtualScreen {
  private readonly terminal: Terminal;
  private pending: Promise<void> = Promise.resolve();

  constructor(columns: number, rows: number) {
    this.terminal = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true, scrollback: 0, convertEol: true });
  }

  /** Feeds everything the stream carries; resolves once it ended and the terminal has parsed it all. */
  follow(stream: Readable): Promise<void> {
    stream.on("data", (chunk: Buffer) => this.terminal.write(chunk));
    return new Promise((resolve, reject) => {
      stream.once("error", reject);
      stream.once("close", () => {
        this.pending = new Promise((flushed) => this.terminal.write("", flushed));
        this.pending.then(resolve, reject);
      });
    });
  }

  /** The visible screen, one string per row, trailing blanks trimmed. */
  lines(): string[] {
    const buffer = this.terminal.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.terminal.rows; y++) out.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "");
    return out;
  }

  dispose(): void {
    this.terminal.dispose();
  }
}

/** Whether the screen shows `rows` on consecutive lines, in order (each inside its pane's border). */
export function showsRows(screen: readonly string[], rows: readonly string[]): boolean {
  if (rows.length === 0) return true;
  const trimmed = rows.map((row) => row.trimEnd());
  for (let y = 0; y + trimmed.length <= screen.length; y++) {
    if (trimmed.every((row, k) => screen[y + k]!.includes(row))) return true;
  }
  return false;
}
