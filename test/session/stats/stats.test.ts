import { describe, expect, it } from "vitest";
import { computeStats } from "../../../src/session/stats/computeStats.js";
import { fixtureRecords } from "./fixtureRecords.js";
import { FIXTURE_STATS, FIXTURE_STATS_SINCE_MARCH_5, PRICES } from "./fixtureFigures.js";

// The hand-worked arithmetic is in fixtureFigures.ts, next to each figure.

describe("computeStats on the recorded log", () => {
  it("gives exactly the hand-computed figures", () => {
    expect(computeStats(fixtureRecords(), { prices: PRICES })).toEqual(FIXTURE_STATS);
  });

  it("counts only records at or after --since (r2 only)", () => {
    expect(computeStats(fixtureRecords(), { prices: PRICES, since: new Date("2025-03-05T00:00:00Z") })).toEqual(FIXTURE_STATS_SINCE_MARCH_5);
  });

  it("sees a ticket that straddles --since in part: from r2's second file on, T-005's two attempts only", () => {
    const stats = computeStats(fixtureRecords(), { prices: PRICES, since: new Date("2025-03-10T14:30:00Z") });
    expect(stats.runs).toBe(1);
    // T-005's last ticket.done: committed, from its 2nd (worker) draft; its rejected hunks: not first pass.
    expect(stats.tickets).toEqual({ ended: 1, byStatus: { committed: 1, applied: 0, rejected: 0, refused: 0, failed: 0, escalated: 0 }, byOwner: { worker: 1 } });
    expect(stats.delegation).toEqual({ workerDrafted: 1, ended: 1, rate: 1 });
    expect(stats.firstPass).toEqual({ tickets: 0, ended: 1, rate: 0 });
    expect(stats.hunks).toEqual({ decided: 4, accepted: 1, rate: 0.25 });
    expect(stats.worker.tokensOut).toBe(270); // 150 + 120
    expect(stats.supervisor).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0, byPurpose: {}, cost: 0 });
    expect(stats.saved).toEqual({ tokens: 120, money: 0.0018 });
  });

  it("has no money figures without prices, and the cost only with both", () => {
    const none = computeStats(fixtureRecords());
    expect(none.saved).toEqual({ tokens: 670, money: null });
    expect(none.supervisor.cost).toBeNull();
    const outOnly = computeStats(fixtureRecords(), { prices: { supervisorOutputPerMTok: 15 } });
    expect(outOnly.saved.money).toBe(0.01005);
    expect(outOnly.supervisor.cost).toBeNull();
  });
});
