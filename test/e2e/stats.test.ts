import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco } from "../helpers/runHaco.js";
import { startFakeAnthropic } from "../servers/fakeAnthropic.js";
import { FIXTURE_DIR, FIXTURE_FILES } from "../session/stats/fixtureRecords.js";
import { FIXTURE_STATS, FIXTURE_STATS_SINCE_MARCH_5 } from "../session/stats/fixtureFigures.js";

// Needs the built CLI (npm run build). The figures are worked out by hand in fixtureFigures.ts.

const CONFIG = "prices:\n  supervisorInputPerMTok: 3\n  supervisorOutputPerMTok: 15\n";
const SKIPPED_WARNING = "haco: skipped 1 line of .haco/logs that is not a JSON record (2025-03-10-r2.2.jsonl:25)\n";

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo({ ".haco/config.yaml": CONFIG });
  await cp(FIXTURE_DIR, path.join(repo.root, ".haco", "logs"), { recursive: true });
});
afterEach(() => repo.cleanup());

// 46 + 30 + 24 lines that are records (r2.2's torn 25th line is not).
const source = { dir: ".haco/logs", files: FIXTURE_FILES, records: 100, skippedLines: 1 };

describe("haco stats", () => {
  it("--json gives exactly the hand-computed figures of the recorded log", async () => {
    const result = await runHaco(["stats", "--json"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(SKIPPED_WARNING);
    expect(result.stdout.endsWith("}\n")).toBe(true);
    expect(result.stdout.split("\n")).toHaveLength(2);
    expect(JSON.parse(result.stdout)).toEqual({ source, ...FIXTURE_STATS });
  });

  it("--since a date counts only what happened from then on", async () => {
    const result = await runHaco(["stats", "--json", "--since", "2025-03-05"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ source, ...FIXTURE_STATS_SINCE_MARCH_5 });
  });

  it("--since 7d: the recorded log is older, so nothing is counted (not an error)", async () => {
    const result = await runHaco(["stats", "--json", "--since", "7d"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    const stats = JSON.parse(result.stdout) as typeof FIXTURE_STATS;
    expect(stats.runs).toBe(0);
    expect(stats.tickets.ended).toBe(0);
    expect(stats.worker.tokensOut).toBe(0);
    const human = await runHaco(["stats", "--since", "7d"], { cwd: repo.root });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/^haco stats: nothing logged since \d{4}-\d{2}-\d{2}T[\d:.]+Z \(3 log files read, 1 corrupt line skipped\)\n$/);
  });

  it("prints a table with the key figures and a tok/s sparkline per model", async () => {
    const result = await runHaco(["stats"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(SKIPPED_WARNING);
    const out = result.stdout;
    expect(out).toContain("haco stats: 2 runs, 2025-03-03 09:00 → 2025-03-10 14:30 UTC (3 log files, 1 corrupt line skipped)");
    expect(out).toMatch(/^tickets +5 ended: committed 4 · refused 1 +owners: supervisor 1 · worker 4$/m);
    expect(out).toMatch(/^delegation +60% +3 of 5 tickets/m);
    expect(out).toMatch(/^first pass +20% +1 of 5 /m);
    expect(out).toMatch(/^hunks +75% +9 of 12 accepted$/m);
    expect(out).toMatch(/^retries +1 +escalations 1$/m);
    expect(out).toMatch(/^worker +1420 tokens out in 6 drafts$/m);
    // model, drafts, tokens, tok/s median, p90, TTFT median, then the sparkline: bar = round(v / max × 7) of ▁▂▃▄▅▆▇█
    // deepseek 60 70: 6 7 → ▇█; qwen 40 50 30 45: round(5.6) round(7) round(4.2) round(6.3) = 6 7 4 6 → ▇█▅▇
    expect(out).toMatch(/^ {2}deepseek-coder-v2:16b +2 +550 +65\.0 +70\.0 +250 ms +▇█$/m);
    expect(out).toMatch(/^ {2}qwen2\.5-coder:7b +4 +870 +42\.5 +50\.0 +500 ms +▇█▅▇$/m);
    expect(out).toMatch(/^ {2}gpu-b +3 +670 +60\.0 +70\.0 +300 ms$/m);
    expect(out).toMatch(/^ {2}http:\/\/gpu-a:11434 +3 +750 +40\.0 +50\.0 +600 ms$/m);
    expect(out).toMatch(/^supervisor +5000 tokens in · 1300 out +\(in\/out: draft 3000\/500 · plan 2000\/800\) +cost 0\.0345$/m);
    expect(out).toMatch(/^saved +670 tokens the supervisor did not write · 0\.01005 at 15\/MTok$/m);
  });

  it("says there is no log yet, with empty figures for --json, and exits 0", async () => {
    const empty = await createTempRepo();
    try {
      const human = await runHaco(["stats"], { cwd: empty.root });
      expect(human).toMatchObject({ exitCode: 0, stdout: "" });
      expect(human.stderr).toMatch(/^haco: no run logs yet in \.haco\/logs\/ — every 'haco run', 'haco plan' and cockpit session writes one/);
      const json = await runHaco(["stats", "--json"], { cwd: empty.root });
      expect(json.exitCode).toBe(0);
      const stats = JSON.parse(json.stdout) as typeof FIXTURE_STATS & { source: typeof source };
      expect(stats.source).toEqual({ dir: ".haco/logs", files: [], records: 0, skippedLines: 0 });
      expect(stats.runs).toBe(0);
      expect(stats.delegation.rate).toBeNull();
    } finally {
      await empty.cleanup();
    }
  });

  it("exits 2 outside a git repository, and on a bad --since or an argument", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), "haco-stats-"));
    try {
      const result = await runHaco(["stats"], { cwd: outside });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/is not inside a git repository/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    const badSince = await runHaco(["stats", "--since", "last tuesday"], { cwd: repo.root });
    expect(badSince.exitCode).toBe(2);
    expect(badSince.stderr).toMatch(/--since "last tuesday": expected a date/);
    const extra = await runHaco(["stats", "everything"], { cwd: repo.root });
    expect(extra.exitCode).toBe(2);
  });

  it("exits 2 saying which path is wrong when .haco or .haco/logs is a file", async () => {
    const logsFile = await createTempRepo({ ".haco/config.yaml": CONFIG, ".haco/logs": "not a folder\n" });
    const hacoFile = await createTempRepo({ ".haco": "not a folder\n" });
    try {
      const logs = await runHaco(["stats", "--json"], { cwd: logsFile.root });
      expect(logs.exitCode).toBe(2);
      expect(logs.stdout).toBe("");
      expect(logs.stderr).toBe("haco: .haco/logs is a file, but haco needs a folder there — rename or remove the file .haco/logs, then try again\n");
      const haco = await runHaco(["stats"], { cwd: hacoFile.root });
      expect(haco.exitCode).toBe(2);
      expect(haco.stderr).toBe("haco: .haco is a file, but haco needs a folder there (to reach .haco/config.yaml) — rename or remove the file .haco, then try again\n");
    } finally {
      await logsFile.cleanup();
      await hacoFile.cleanup();
    }
  });
});

describe("haco stats after haco plan", () => {
  const PLAN = {
    summary: "One ticket.",
    tickets: [
      {
        title: "Add slugify",
        kind: "code",
        owner: "worker",
        owner_reason: "a small self-contained function",
        category: "simple-feature",
        files: [{ path: "src/strings.js", intent: "create" }],
        acceptance_criteria: ["slugify exists"],
        estimated_changed_lines: 5,
      },
    ],
  };

  it("counts Claude's planning tokens in and out, by purpose", async () => {
    const anthropic = await startFakeAnthropic({ reply: () => ({ toolUse: { name: "emit_plan", input: PLAN }, usage: { input_tokens: 1200, output_tokens: 340 } }) });
    const planned = await createTempRepo();
    try {
      const env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url };
      const plan = await runHaco(["plan", "add a slugify util"], { cwd: planned.root, env });
      expect(plan.exitCode, plan.stderr).toBe(0);
      const json = await runHaco(["stats", "--json"], { cwd: planned.root });
      expect(json.exitCode, json.stderr).toBe(0);
      const stats = JSON.parse(json.stdout) as typeof FIXTURE_STATS;
      expect(stats.runs).toBe(1);
      expect(stats.supervisor).toMatchObject({ calls: 1, inputTokens: 1200, outputTokens: 340, byPurpose: { plan: { calls: 1, inputTokens: 1200, outputTokens: 340 } } });
      const human = await runHaco(["stats"], { cwd: planned.root });
      expect(human.stdout).toMatch(/^supervisor +1200 tokens in · 340 out +\(in\/out: plan 1200\/340\)/m);
    } finally {
      await anthropic.close();
      await planned.cleanup();
    }
  });
});
