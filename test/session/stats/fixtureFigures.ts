import type { RunStats } from "../../../src/session/stats/computeStats.js";

/**
 * The figures of the recorded log (test/fixtures/runlog/, see its README.md),
 * worked out by hand: test/session/stats/stats.test.ts checks computeStats
 * against them and test/e2e/stats.test.ts checks `haco stats --json`.
 */

export const PRICES = { supervisorInputPerMTok: 3, supervisorOutputPerMTok: 15 };

/** Everything, with PRICES. */
export const FIXTURE_STATS: RunStats = {
  since: null,
  // r1 and r2 (r2's second file repeats its meta: same run).
  runs: 2,
  // r1's run.start … T-005's last ticket.done (the torn line after it is not a record).
  period: { from: "2025-03-03T09:00:01.000Z", to: "2025-03-10T14:30:34.000Z" },
  tickets: {
    // T-001, T-002, T-003 (r1), T-004, T-005 (r2). T-005 ended twice in r2: rejected, then committed; the last counts.
    ended: 5,
    byStatus: { committed: 4, applied: 0, rejected: 0, refused: 1, failed: 0, escalated: 0 },
    byOwner: { supervisor: 1, worker: 4 },
  },
  // Final draft by the worker and committed: T-001, T-002 (its 2nd draft), T-005 (its 2nd draft) = 3.
  // T-004's final draft is the supervisor's; T-003 had none. 3 / 5 = 0.6
  delegation: { workerDrafted: 3, ended: 5, rate: 0.6 },
  // Only T-001: T-002 retried, T-004 escalated, T-005 has rejected hunks (its first attempt and h2). 1 / 5 = 0.2
  firstPass: { tickets: 1, ended: 5, rate: 0.2 },
  // T-001 h1.1 h1.2 h2 ✓✓✓ (3/3); T-002 h1 ✓, h1 ✓ (2/2); T-004 h1 h2 ✓✓, then h1 ✓ (3/3);
  // T-005 h1 h2 ✗✗, then h1 ✓ h2 ✗ (1/4). 3+2+3+1 = 9 of 3+2+3+4 = 12 → 0.75
  hunks: { decided: 12, accepted: 9, rate: 0.75 },
  // T-002's ticket.retry. T-004's ticket.retry follows its ticket.escalated: the hand-over, not a retry.
  retries: 1,
  escalations: 1,
  worker: {
    // Worker drafts: T-001 300, T-002 200 + 250, T-004 400, T-005 150 + 120 = 1420 (not Claude's 500).
    drafts: 6,
    tokensOut: 1420,
    byModel: {
      // T-004 400 @60 300ms, T-005 150 @70 200ms: 550 tokens; median (60+70)/2 = 65; p90 rank ceil(0.9×2) = 2 → 70;
      // TTFT median (200+300)/2 = 250
      "deepseek-coder-v2:16b": { drafts: 2, tokens: 550, tokensPerSec: { median: 65, p90: 70, samples: [60, 70] }, ttftMs: { median: 250 } },
      // T-001 300 @40 500, T-002 200 @50 700, 250 @30 null, T-005 120 @45 400: 870 tokens;
      // sorted 30 40 45 50 → median (40+45)/2 = 42.5, p90 rank ceil(3.6) = 4 → 50; TTFT 400 500 700 (null left out) → 500
      "qwen2.5-coder:7b": { drafts: 4, tokens: 870, tokensPerSec: { median: 42.5, p90: 50, samples: [40, 50, 30, 45] }, ttftMs: { median: 500 } },
    },
    byEndpoint: {
      // worker.start.endpoint "gpu-b": T-004 400 @60 300, T-005 150 @70 200, 120 @45 400: 670 tokens;
      // sorted 45 60 70 → median 60, p90 rank ceil(2.7) = 3 → 70; TTFT 200 300 400 → 300
      "gpu-b": { drafts: 3, tokens: 670, tokensPerSec: { median: 60, p90: 70, samples: [60, 70, 45] }, ttftMs: { median: 300 } },
      // no endpoint name, so worker.start.host: T-001 300 @40 500, T-002 200 @50 700, 250 @30 null: 750 tokens;
      // sorted 30 40 50 → median 40, p90 → 50; TTFT 500 700 → 600
      "http://gpu-a:11434": { drafts: 3, tokens: 750, tokensPerSec: { median: 40, p90: 50, samples: [40, 50, 30] }, ttftMs: { median: 600 } },
    },
  },
  supervisor: {
    // plan 2000/800 + draft (T-004) 3000/500
    calls: 2,
    inputTokens: 5000,
    outputTokens: 1300,
    byPurpose: { draft: { calls: 1, inputTokens: 3000, outputTokens: 500 }, plan: { calls: 1, inputTokens: 2000, outputTokens: 800 } },
    // (5000 × 3 + 1300 × 15) / 1e6 = (15000 + 19500) / 1e6 = 0.0345
    cost: 0.0345,
  },
  // Committed from a worker draft: T-001 300 + T-002 250 (the committed 2nd draft; the failed 200 saved nothing)
  // + T-005 120 (its 2nd draft) = 670; 670 × 15 / 1e6 = 0.01005
  saved: { tokens: 670, money: 0.01005 },
};

/** `--since 2025-03-05`: r2 only. */
export const FIXTURE_STATS_SINCE_MARCH_5: RunStats = {
  since: "2025-03-05T00:00:00.000Z",
  runs: 1,
  // plan.start … T-005's last ticket.done
  period: { from: "2025-03-10T14:00:01.000Z", to: "2025-03-10T14:30:34.000Z" },
  tickets: { ended: 2, byStatus: { committed: 2, applied: 0, rejected: 0, refused: 0, failed: 0, escalated: 0 }, byOwner: { worker: 2 } },
  // T-005 only: 1 / 2
  delegation: { workerDrafted: 1, ended: 2, rate: 0.5 },
  firstPass: { tickets: 0, ended: 2, rate: 0 },
  // T-004 3/3, T-005 1/4 → 4 / 7
  hunks: { decided: 7, accepted: 4, rate: 4 / 7 },
  retries: 0,
  escalations: 1,
  worker: {
    // 400 + 150 + 120
    drafts: 3,
    tokensOut: 670,
    byModel: {
      "deepseek-coder-v2:16b": { drafts: 2, tokens: 550, tokensPerSec: { median: 65, p90: 70, samples: [60, 70] }, ttftMs: { median: 250 } },
      "qwen2.5-coder:7b": { drafts: 1, tokens: 120, tokensPerSec: { median: 45, p90: 45, samples: [45] }, ttftMs: { median: 400 } },
    },
    byEndpoint: {
      "gpu-b": { drafts: 3, tokens: 670, tokensPerSec: { median: 60, p90: 70, samples: [60, 70, 45] }, ttftMs: { median: 300 } },
    },
  },
  supervisor: FIXTURE_STATS.supervisor,
  // T-005's 120; 120 × 15 / 1e6 = 0.0018
  saved: { tokens: 120, money: 0.0018 },
};
