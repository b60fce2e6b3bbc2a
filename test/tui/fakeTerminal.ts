import { EventEmitter } from "node:events";

/** A terminal's output side: a TTY of a given size that records what is written. */
export class FakeTtyOut extends EventEmitter {
  readonly isTTY = true;
  writes: string[] = [];
  constructor(
    public columns = 100,
    public rows = 30,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    this.writes.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  };
  get text(): string {
    return this.writes.join("");
  }
}

/** A terminal's input side: raw mode is recorded, keys are pushed with `type`. */
export class FakeTtyIn extends EventEmitter {
  readonly isTTY = true;
  rawModes: boolean[] = [];
  private pending: string | null = null;
  setRawMode(mode: boolean) {
    this.rawModes.push(mode);
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
