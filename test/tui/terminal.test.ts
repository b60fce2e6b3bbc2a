import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import {
  CRASH_EXIT_CODE,
  ENTER_ALT_SCREEN,
  LEAVE_ALT_SCREEN,
  NEEDS_TERMINAL,
  SHOW_CURSOR,
  enterFullScreen,
  requireTerminal,
  type CockpitSignal,
} from "../../src/tui/terminal.js";

/** A process stand-in: listeners are real, exit is recorded instead of ending vitest. */
class FakeProcess extends EventEmitter {
  exits: number[] = [];
  exit(code?: number): void {
    this.exits.push(code ?? 0);
  }
}

function setup() {
  const out: string[] = [];
  const err: string[] = [];
  const proc = new FakeProcess();
  const signals: [CockpitSignal, number][] = [];
  const order: string[] = [];
  const rawModes: boolean[] = [];
  const screen = enterFullScreen({
    stdout: { write: (s: string) => (out.push(s), order.push("stdout"), true) },
    stderr: { write: (s: string) => (err.push(s), order.push("stderr"), true) },
    stdin: { isTTY: true, setRawMode: (mode: boolean) => rawModes.push(mode) },
    proc,
    onSignal: (signal, code) => signals.push([signal, code]),
    beforeCrashRestore: () => order.push("unmount"),
  });
  const left = () => out.filter((s) => s.includes(LEAVE_ALT_SCREEN)).length;
  return { out, err, proc, signals, order, rawModes, screen, left };
}

describe("the alternate screen", () => {
  it("is entered at once and left, cursor shown, exactly once however often restore is called", () => {
    const t = setup();
    expect(t.out[0]).toContain(ENTER_ALT_SCREEN);
    t.screen.restore();
    t.screen.restore();
    expect(t.out.at(-1)).toBe(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    expect(t.left()).toBe(1);
    expect(t.rawModes).toEqual([false]);
    expect(t.screen.restored).toBe(true);
    // Every handler is gone: a later exit or signal is none of the cockpit's business.
    expect(t.proc.eventNames()).toEqual([]);
  });

  it("is left when the process exits by any other way (process.exit)", () => {
    const t = setup();
    t.proc.emit("exit", 0);
    expect(t.out.at(-1)).toBe(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  });

  it("hands the first SIGTERM to a graceful quit, and a second one restores and exits at once", () => {
    const t = setup();
    t.proc.emit("SIGTERM");
    expect(t.signals).toEqual([["SIGTERM", 143]]);
    expect(t.left()).toBe(0);
    t.proc.emit("SIGTERM");
    expect(t.left()).toBe(1);
    expect(t.proc.exits).toEqual([143]);
  });

  it("hands SIGINT and SIGHUP to the quit with their exit codes", () => {
    const a = setup();
    a.proc.emit("SIGINT");
    const b = setup();
    b.proc.emit("SIGHUP");
    expect([...a.signals, ...b.signals]).toEqual([
      ["SIGINT", 130],
      ["SIGHUP", 129],
    ]);
  });

  it("on an uncaught exception: unmounts, restores, then reports on the normal screen and exits 70", () => {
    const t = setup();
    t.proc.emit("uncaughtException", new Error("boom"));
    expect(t.order.slice(-3)).toEqual(["unmount", "stdout", "stderr"]);
    expect(t.out.at(-1)).toBe(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    expect(t.err.join("")).toContain("haco: internal error: Error: boom");
    expect(t.proc.exits).toEqual([CRASH_EXIT_CODE]);
  });

  it("does the same for an unhandled rejection", () => {
    const t = setup();
    t.proc.emit("unhandledRejection", "nope");
    expect(t.left()).toBe(1);
    expect(t.proc.exits).toEqual([CRASH_EXIT_CODE]);
  });
});

describe("requireTerminal", () => {
  it("refuses a pipe with a pointer to the headless mode", () => {
    const err: string[] = [];
    expect(requireTerminal({ isTTY: false }, { write: (s: string) => err.push(s) })).toBe(false);
    expect(err.join("")).toBe(`${NEEDS_TERMINAL}\n`);
    expect(requireTerminal({ isTTY: true }, { write: (s: string) => err.push(s) }, { isTTY: false })).toBe(false);
    expect(requireTerminal({ isTTY: true }, { write: (s: string) => err.push(s) }, { isTTY: true })).toBe(true);
  });
});
