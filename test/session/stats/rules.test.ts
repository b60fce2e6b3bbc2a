import { describe, expect, it } from "vitest";
import { computeStats, emptyStats } from "../../../src/session/stats/computeStats.js";

let clock = 0;
const ts = () => new Date(Date.UTC(2025, 0, 1, 12, 0, clock++)).toISOString();
const meta = (run: string) => ({ type: "log.meta", run, command: "run", startedAt: "2025-01-01T12:00:00.000Z" });
const start = (ticket: string, owner = "worker") => ({ type: "ticket.start", ts: ts(), ticket, title: ticket, owner });
const wstart = (ticket: string, extra: Record<string, unknown> = {}) => ({ type: "worker.start", ts: ts(), ticket, model: "m", host: "http://h:1", ...extra });
const wdone = (ticket: string, tokens: number, extra: Record<string, unknown> = {}) => ({
  type: "worker.done", ts: ts(), ticket, model: "m", tokens, tokensPerSec: 10, ttftMs: 100, totalMs: 1, promptTokens: 1, loadMs: null, doneReason: "stop", vram: null, ...extra,
});
const hunk = (ticket: string, id: string, accepted: boolean) => ({ type: "hunk.decision", ts: ts(), ticket, hunk: id, accepted });
const done = (ticket: string, status: string) => ({ type: "ticket.done", ts: ts(), ticket, status });

describe("computeStats: the definitions", () => {
  it("counts the same ticket id in two runs as two tickets, each by its own last ticket.done", () => {
    const stats = computeStats([
      meta("a"), start("T-1"), wstart("T-1"), wdone("T-1", 10), hunk("T-1", "h1", true), done("T-1", "failed"),
      meta("b"), start("T-1"), wstart("T-1"), wdone("T-1", 20), hunk("T-1", "h1", true), done("T-1", "committed"),
    ]);
    expect(stats.runs).toBe(2);
    expect(stats.tickets.ended).toBe(2);
    expect(stats.tickets.byStatus.failed).toBe(1);
    expect(stats.tickets.byStatus.committed).toBe(1);
    // Run b's T-1 is first pass: run a's failure is another ticket.
    expect(stats.firstPass).toEqual({ tickets: 1, ended: 2, rate: 0.5 });
    expect(stats.saved.tokens).toBe(20);
  });

  it("does not count a ticket whose hunk the reviewer rewrote as first pass", () => {
    const stats = computeStats([
      meta("a"), start("T-1"), wstart("T-1"), wdone("T-1", 10), { ...hunk("T-1", "h1", true), edited: true }, done("T-1", "committed"),
      start("T-2"), wstart("T-2"), wdone("T-2", 10), hunk("T-2", "h2", true), done("T-2", "committed"),
    ]);
    expect(stats.firstPass).toEqual({ tickets: 1, ended: 2, rate: 0.5 });
    expect(stats.hunks).toEqual({ decided: 2, accepted: 2, rate: 1 });
  });

  it("takes a rotated file's repeated meta for the same run", () => {
    const stats = computeStats([meta("a"), start("T-1"), wstart("T-1"), meta("a"), wdone("T-1", 5), hunk("T-1", "h1", true), done("T-1", "committed")]);
    expect(stats.runs).toBe(1);
    expect(stats.firstPass.tickets).toBe(1);
    expect(stats.delegation.workerDrafted).toBe(1);
  });

  it("counts a retry, but not the re-draft that hands a ticket to the supervisor", () => {
    const retry = (ticket: string, attempt: number) => ({ type: "ticket.retry", ts: ts(), ticket, attempt, reason: "x" });
    const stats = computeStats([
      meta("a"),
      start("T-1"), wstart("T-1"), wdone("T-1", 5), retry("T-1", 2), wstart("T-1"), wdone("T-1", 6),
      { type: "ticket.escalated", ts: ts(), ticket: "T-1", to: "supervisor", reason: "x" }, retry("T-1", 3),
      wstart("T-1", { drafter: "supervisor", model: "claude" }), wdone("T-1", 50, { model: "claude" }), hunk("T-1", "h1", true), done("T-1", "committed"),
    ]);
    expect(stats.retries).toBe(1);
    expect(stats.escalations).toBe(1);
    // The supervisor's draft is not the worker's: no delegation, no tokens saved, not in the worker's figures.
    expect(stats.delegation.workerDrafted).toBe(0);
    expect(stats.saved.tokens).toBe(0);
    expect(stats.worker.tokensOut).toBe(11);
    expect(Object.keys(stats.worker.byModel)).toEqual(["m"]);
  });

  it("takes split parts as hunks like any other: all accepted is first pass; one rejected is not", () => {
    const accepted = computeStats([meta("a"), start("T-1"), wstart("T-1"), wdone("T-1", 5), hunk("T-1", "h1.1", true), hunk("T-1", "h1.2", true), done("T-1", "committed")]);
    expect(accepted.firstPass.tickets).toBe(1);
    const oneRejected = computeStats([meta("a"), start("T-1"), wstart("T-1"), wdone("T-1", 5), hunk("T-1", "h1.1", true), hunk("T-1", "h1.2", false), done("T-1", "committed")]);
    expect(oneRejected.firstPass.tickets).toBe(0);
    expect(oneRejected.hunks).toEqual({ decided: 2, accepted: 1, rate: 0.5 });
  });

  it("counts an applied ticket (--no-commit) as delegated, but saves tokens only for a commit", () => {
    const stats = computeStats([meta("a"), start("T-1"), wstart("T-1"), wdone("T-1", 5), hunk("T-1", "h1", true), done("T-1", "applied")]);
    expect(stats.delegation).toEqual({ workerDrafted: 1, ended: 1, rate: 1 });
    expect(stats.firstPass.tickets).toBe(0);
    expect(stats.saved.tokens).toBe(0);
  });

  it("groups drafts by the start's endpoint name, else its host; a draft with no start is the worker's at 'unknown'", () => {
    const stats = computeStats([
      meta("a"),
      wstart("T-1", { endpoint: "box" }), wdone("T-1", 1),
      wstart("T-2"), wdone("T-2", 2, { tokensPerSec: null, ttftMs: null }),
      wdone("T-3", 3),
    ]);
    expect(Object.keys(stats.worker.byEndpoint)).toEqual(["box", "http://h:1", "unknown"]);
    expect(stats.worker.byEndpoint["http://h:1"]).toEqual({ drafts: 1, tokens: 2, tokensPerSec: { median: null, p90: null, samples: [] }, ttftMs: { median: null } });
    expect(stats.worker.byModel["m"]!.drafts).toBe(3);
    expect(stats.worker.byModel["m"]!.tokensPerSec.samples).toEqual([10, 10]);
    // No ticket.done: nothing ended, no rates.
    expect(stats.tickets.ended).toBe(0);
    expect(stats.delegation.rate).toBeNull();
  });

  it("skips records of unknown types, known ones missing fields, and lines that are not records", () => {
    const stats = computeStats([
      null, 42, "text", [], { no: "type" },
      meta("a"),
      { type: "future.thing", ts: ts(), ticket: "T-9", status: "committed" },
      { type: "ticket.done", ts: ts(), ticket: "T-1", status: "exploded" },
      { type: "ticket.done", ts: ts(), status: "committed" },
      { type: "worker.done", ts: ts(), ticket: "T-1", model: "m", tokens: "many" },
      { type: "hunk.decision", ts: ts(), ticket: "T-1", hunk: "h1", accepted: "yes" },
      { type: "supervisor.usage", ts: ts(), purpose: "plan", model: "c", inputTokens: 1 },
      { type: "ticket.done", ticket: "T-1", status: "committed" },
    ]);
    // The unknown record places run a in time; nothing else is counted.
    const unknownTs = (stats.period ?? { from: "" }).from;
    expect(stats).toEqual({ ...emptyStats(), runs: 1, period: { from: unknownTs, to: unknownTs } });
    expect(unknownTs).toMatch(/^2025-01-01T12:/);
    expect(stats.tickets.ended).toBe(0);
  });

  it("has zeros and null rates for no records", () => {
    const stats = emptyStats(new Date("2025-01-01T00:00:00Z"));
    expect(stats).toEqual({
      since: "2025-01-01T00:00:00.000Z",
      runs: 0,
      period: null,
      tickets: { ended: 0, byStatus: { committed: 0, applied: 0, rejected: 0, refused: 0, failed: 0, escalated: 0 }, byOwner: {} },
      delegation: { workerDrafted: 0, ended: 0, rate: null },
      firstPass: { tickets: 0, ended: 0, rate: null },
      hunks: { decided: 0, accepted: 0, rate: null },
      retries: 0,
      escalations: 0,
      worker: { drafts: 0, tokensOut: 0, byModel: {}, byEndpoint: {} },
      supervisor: { calls: 0, inputTokens: 0, outputTokens: 0, byPurpose: {}, cost: null },
      saved: { tokens: 0, money: null },
    });
  });

  it("gives a ticket without a counted ticket.start the owner 'unknown'", () => {
    const stats = computeStats([meta("a"), done("T-1", "refused")]);
    expect(stats.tickets.byOwner).toEqual({ unknown: 1 });
  });
});
