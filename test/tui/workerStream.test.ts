import { afterEach, describe, expect, it, vi } from "vitest";
import { stamp, type EventInput, type VramReadout } from "../../src/domain/events/events.js";
import { FRAME_MS, MAX_FPS } from "../../src/tui/frameScheduler.js";
import { WorkerStreamStore } from "../../src/tui/workerStream.js";
import { manualTimers } from "./manualTimers.js";

const ev = (input: EventInput) => stamp(input);
const token = (text: string) => ev({ type: "worker.token", ticket: "T-1", text });
const start = (store: WorkerStreamStore) => {
  store.handle(ev({ type: "ticket.start", ticket: "T-1", title: "t", owner: "worker" }));
  store.handle(ev({ type: "worker.start", ticket: "T-1", model: "m", host: "http://h" }));
};
const vram: VramReadout = { size: 6e9, sizeVram: 6e9, gpuPercent: 100, processor: "100% GPU", contextLength: 8192 };

afterEach(() => {
  vi.useRealTimers();
});

describe("WorkerStreamStore frames", () => {
  it("coalesces a burst of tokens into one frame", () => {
    vi.useFakeTimers();
    const store = new WorkerStreamStore();
    let frames = 0;
    store.subscribe(() => frames++);
    start(store);
    for (let i = 0; i < 1000; i++) store.handle(token("x"));
    expect(frames).toBe(0);
    vi.advanceTimersByTime(FRAME_MS);
    expect(frames).toBe(1);
    expect(store.getSnapshot().tokens).toBe(1000);
    store.dispose();
  });

  it(`reaches listeners at most ${MAX_FPS} times a second however fast tokens arrive`, () => {
    vi.useFakeTimers();
    const store = new WorkerStreamStore();
    let frames = 0;
    store.subscribe(() => frames++);
    start(store);
    // 5000 tokens over 5 s of fake time, one every millisecond.
    for (let ms = 0; ms < 5000; ms++) {
      store.handle(token("tok "));
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(FRAME_MS);
    expect(frames).toBeLessThanOrEqual(5 * MAX_FPS + 1);
    expect(frames).toBeGreaterThanOrEqual(5 * 20);
    expect(store.getSnapshot().tokens).toBe(5000);
    store.dispose();
  });

  it("keeps one snapshot between frames (what useSyncExternalStore requires)", () => {
    const timers = manualTimers();
    const store = new WorkerStreamStore(timers);
    start(store);
    timers.advance(FRAME_MS);
    const before = store.getSnapshot();
    store.handle(token("a"));
    expect(store.getSnapshot()).toBe(before);
    timers.advance(FRAME_MS);
    expect(store.getSnapshot()).not.toBe(before);
    expect(store.getSnapshot().tokens).toBe(1);
  });

  it("redraws an active draft a few times a second without tokens (elapsed, a stall's falling rate)", () => {
    const timers = manualTimers();
    const store = new WorkerStreamStore(timers);
    let frames = 0;
    store.subscribe(() => frames++);
    start(store);
    timers.advance(1000);
    expect(frames).toBeGreaterThanOrEqual(3);
    expect(frames).toBeLessThanOrEqual(6);
    store.handle(ev({ type: "worker.done", ticket: "T-1", model: "m", tokens: 0, tokensPerSec: null, ttftMs: null, totalMs: 1000, promptTokens: null, loadMs: null, doneReason: "stop", vram: null }));
    timers.advance(1000);
    const after = frames;
    timers.advance(5000);
    expect(frames).toBe(after);
  });
});

describe("WorkerStreamStore content", () => {
  it("drops escape and control sequences from the draft", () => {
    const timers = manualTimers();
    const store = new WorkerStreamStore(timers);
    start(store);
    store.handle(token("safe \x1b[2J\x1b]0;title\x07text\r\n\x1b[31mred\x1b[0m"));
    timers.advance(FRAME_MS);
    const snap = store.getSnapshot();
    const rows = Array.from({ length: snap.rowCount }, (_, i) => snap.row(i));
    expect(rows).toEqual(["safe text", "red"]);
    expect(rows.join("")).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it("goes through the phases: prompt, loading, reading, generating, done", () => {
    const timers = manualTimers();
    const store = new WorkerStreamStore(timers);
    const phase = () => (timers.advance(FRAME_MS), store.getSnapshot().phase);
    store.handle(ev({ type: "ticket.start", ticket: "T-1", title: "t", owner: "worker" }));
    expect(phase()).toBe("prompt");
    store.handle(ev({ type: "worker.start", ticket: "T-1", model: "m", host: "http://h" }));
    expect(phase()).toBe("loading");
    store.setLoadProbe(null);
    expect(phase()).toBe("loading");
    store.setLoadProbe(vram);
    expect(phase()).toBe("reading");
    expect(store.getSnapshot().vram).toEqual(vram);
    timers.advance(400);
    store.handle(token("a"));
    expect(phase()).toBe("generating");
    store.setLoadProbe(null);
    expect(phase()).toBe("generating");
    store.handle(ev({ type: "worker.done", ticket: "T-1", model: "m", tokens: 1, tokensPerSec: 40, ttftMs: 400, totalMs: 500, promptTokens: 100, loadMs: 3, doneReason: "stop", vram }));
    expect(phase()).toBe("done");
    expect(store.getSnapshot().final).toMatchObject({ tokensPerSec: 40, ttftMs: 400 });
  });

  it("marks an aborted draft", () => {
    const timers = manualTimers();
    const store = new WorkerStreamStore(timers);
    start(store);
    store.handle(token("a"));
    store.handle(ev({ type: "error", code: "worker_aborted", ticket: "T-1", message: "the request was cancelled" }));
    timers.advance(FRAME_MS);
    expect(store.getSnapshot()).toMatchObject({ phase: "aborted", error: "the request was cancelled" });
  });

  it("measures tok/s from token arrival over a sliding window, and samples it for the sparkline", () => {
    const timers = manualTimers();
    const store = new WorkerStreamStore(timers);
    start(store);
    // 50 tokens a second for 3 s, then 10 a second for 3 s.
    for (let i = 0; i < 150; i++) {
      store.handle(token("t"));
      timers.advance(20);
    }
    expect(store.getSnapshot().liveRate).toBeCloseTo(50, 0);
    for (let i = 0; i < 30; i++) {
      store.handle(token("t"));
      timers.advance(100);
    }
    expect(store.getSnapshot().liveRate).toBeCloseTo(10, 0);
    const rates = store.getSnapshot().rates;
    expect(rates.length).toBeGreaterThan(10);
    expect(Math.max(...rates)).toBeCloseTo(50, 0);
    expect(rates.at(-1)).toBeCloseTo(10, 0);
  });

  it("a new ticket starts from an empty draft", () => {
    const timers = manualTimers();
    const store = new WorkerStreamStore(timers);
    start(store);
    store.handle(token("old draft"));
    store.handle(ev({ type: "ticket.start", ticket: "T-2", title: "t", owner: "worker" }));
    timers.advance(FRAME_MS);
    expect(store.getSnapshot()).toMatchObject({ ticket: "T-2", tokens: 0, rowCount: 0 });
  });
});
