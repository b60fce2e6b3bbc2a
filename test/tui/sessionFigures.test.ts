import { describe, expect, it } from "vitest";
import { stamp, type EventInput } from "../../src/domain/events/events.js";
import { SessionFigures } from "../../src/tui/sessionFigures.js";

const e = (event: EventInput) => stamp(event);
const workerDone = (ticket: string, tokens: number, tokensPerSec: number): EventInput => ({
  type: "worker.done",
  ticket,
  model: "m",
  tokens,
  tokensPerSec,
  ttftMs: 100,
  totalMs: 1000,
  promptTokens: 10,
  loadMs: null,
  doneReason: "stop",
  vram: null,
});

describe("the session's figures in the status bar", () => {
  it("counts committed tickets, worker tokens with the median tok/s, and Claude's tokens, as haco stats would", () => {
    const figures = new SessionFigures();
    let changes = 0;
    figures.subscribe(() => changes++);
    expect(figures.getSnapshot()).toBeNull();
    for (const [id, tokens, rate] of [["T-1", 1200, 40], ["T-2", 300, 60]] as const) {
      figures.observe(e({ type: "ticket.start", ticket: id, title: id, owner: "worker" }));
      figures.observe(e({ type: "worker.start", ticket: id, model: "m", host: "h" }));
      figures.observe(e({ type: "worker.token", ticket: id, text: "x" }));
      figures.observe(e(workerDone(id, tokens, rate)));
    }
    figures.observe(e({ type: "ticket.done", ticket: "T-1", status: "committed" }));
    figures.observe(e({ type: "ticket.done", ticket: "T-2", status: "failed" }));
    figures.observe(e({ type: "supervisor.usage", purpose: "plan", model: "c", inputTokens: 3100, outputTokens: 800 }));
    expect(figures.getSnapshot()).toBe("1/2 committed · worker 1.5k tok 50.0 tok/s · claude 3.1k↑800↓");
    // Tokens never recompute the figures.
    const before = changes;
    figures.observe(e({ type: "worker.token", ticket: "T-2", text: "y" }));
    expect(changes).toBe(before);
  });
});
