import { EventEmitter } from "node:events";
import { stripVTControlCharacters } from "node:util";

/**
 * A terminal for the cockpit child, as test/tui/fakeTerminal.ts has for the
 * tests: an output TTY of a fixed size whose writes are counted and handed
 * on (to the parent's virtual terminal), and an input TTY that types keys.
 */
export class BenchTtyOut extends EventEmitter {
  readonly isTTY = true;
  /** Writes that drew something (text after escape sequences are removed): Ink's frames. */
  frames = 0;
  writes = 0;
  bytes = 0;
  /** Called after every write that drew something, with the running frame count. */
  onFrame: ((frames: number) => void) | null = null;

  constructor(
    readonly columns: number,
    readonly rows: number,
    /** Where the bytes go; null drops them. */
    public sink: ((chunk: string) => void) | null,
  ) {
    super();
  }

  write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    this.writes++;
    this.bytes += text.length;
    this.sink?.(text);
    // bsu/esu, cursor show/hide and the alternate-screen switch are writes of their own that draw nothing.
    if (stripVTControlCharacters(text).trim() !== "") {
      this.frames++;
      this.onFrame?.(this.frames);
    }
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  };
}

export class BenchTtyIn extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  setRawMode() {
    return this;
  }
  setEncoding() {
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
  resume() {
    return this;
  }
  pause() {
    return this;
  }
  read(): string | null {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  type(data: string): void {
    this.pending = data;
    this.emit("readable");
  }
}
