import { describe, expect, it } from "vitest";
import { stamp, type EventInput } from "../../src/domain/events/events.js";
import { FRAME_MS } from "../../src/tui/frameScheduler.js";
import { MAX_LINES, TestLogStore } from "../../src/tui/testLog.js";
import { manualTimers } from "./manualTimers.js";

const ev = (input: EventInput) => stamp(input);

describe("TestLogStore", () => {
  it("collects a run's output, sanitised, with its result, in frames", () => {
    const timers = manualTimers();
    const store = new TestLogStore(timers);
    let frames = 0;
    store.subscribe(() => frames++);
    store.handle(ev({ type: "ticket.start", ticket: "T-1", title: "t", owner: "worker" }));
    store.handle(ev({ type: "test.start", ticket: "T-1", command: "npm test" }));
    for (let i = 0; i < 500; i++) store.handle(ev({ type: "test.output", ticket: "T-1", stream: "stdout", line: `\x1b[32mok\x1b[0m ${i}` }));
    store.handle(ev({ type: "test.output", ticket: "T-1", stream: "stderr", line: "warn\x07" }));
    expect(store.getSnapshot().running).toBe(false);
    timers.advance(FRAME_MS);
    expect(frames).toBe(1);
    expect(store.getSnapshot().running).toBe(true);
    store.handle(ev({ type: "test.done", ticket: "T-1", command: "npm test", exitCode: 1, durationMs: 1500, passed: false }));
    timers.advance(FRAME_MS);
    const lines = store.getSnapshot().lines;
    expect(lines[0]).toEqual({ kind: "command", text: "$ npm test" });
    expect(lines[1]).toEqual({ kind: "stdout", text: "ok 0" });
    expect(lines.at(-2)).toEqual({ kind: "stderr", text: "warn" });
    expect(lines.at(-1)).toEqual({ kind: "failed", text: "✗ exit 1 after 1.5 s" });
    expect(store.getSnapshot().running).toBe(false);
  });

  it("marks a retry under the last attempt's output, and an undone commit, instead of leaving them unexplained", () => {
    const timers = manualTimers();
    const store = new TestLogStore(timers);
    store.handle(ev({ type: "ticket.start", ticket: "T-1", title: "t", owner: "worker" }));
    store.handle(ev({ type: "test.done", ticket: "T-1", command: "npm test", exitCode: 1, durationMs: 100, passed: false }));
    store.handle(ev({ type: "ticket.retry", ticket: "T-1", attempt: 2, reason: "'npm test' exited with 1" }));
    store.handle(ev({ type: "commit.done", ticket: "T-1", sha: "0123456789abcdef", message: "feat: x", files: ["a.js"] }));
    store.handle(ev({ type: "commit.undone", ticket: "T-1", sha: "0123456789abcdef", files: ["a.js"] }));
    timers.advance(FRAME_MS);
    const texts = store.getSnapshot().lines.map((l) => l.text);
    expect(texts).toEqual([
      "✗ exit 1 after 0.1 s",
      "— attempt 2: drafting again; the output above is the last attempt's —",
      "committed 0123456789 feat: x",
      "undid commit 0123456789: a.js as before the ticket",
    ]);
  });

  it("keeps only the newest lines of a very chatty suite", () => {
    const timers = manualTimers();
    const store = new TestLogStore(timers);
    for (let i = 0; i < MAX_LINES * 3; i++) store.handle(ev({ type: "test.output", ticket: "T-1", stream: "stdout", line: String(i) }));
    timers.advance(FRAME_MS);
    const lines = store.getSnapshot().lines;
    expect(lines.length).toBe(MAX_LINES);
    expect(lines.at(-1)!.text).toBe(String(MAX_LINES * 3 - 1));
  });
});
