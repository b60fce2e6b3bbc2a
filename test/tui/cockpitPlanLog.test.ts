import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startFakeAnthropic, type FakeAnthropic } from "../servers/fakeAnthropic.js";
import { FakeTtyIn, FakeTtyOut } from "./fakeTerminal.js";
import { loadInkLive } from "../../src/tui/loadInkLive.js";

// Loaded as haco's entry points load it, before runCockpit brings Ink in (see runCockpit.test.ts).
await loadInkLive();
const { runCockpit } = await import("../../src/tui/runCockpit.js");
const { PLAN } = await import("./liveCockpit.js");

/** The cockpit's p plans with Claude: its events, Claude's usage included, reach the cockpit's run log for haco stats. */

const PLANNED = {
  summary: "Greetings.",
  tickets: [
    { id: "T-010", title: "Add bye", kind: "code", owner: "worker", owner_reason: "small function", files: [{ path: "src/bye.js", intent: "create" }], acceptance_criteria: ["bye() returns bye"], estimated_changed_lines: 4 },
  ],
};

let anthropic: FakeAnthropic;
let repo: TempRepo;

beforeEach(async () => {
  anthropic = await startFakeAnthropic({ reply: () => ({ toolUse: { name: "emit_plan", input: PLANNED }, usage: { input_tokens: 900, output_tokens: 120 } }) });
  repo = await createTempRepo({ "PLAN.md": PLAN });
  await repo.commitAll("plan");
});

afterEach(async () => {
  await anthropic.close();
  await repo.cleanup();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function logged(): Promise<{ type: string; [key: string]: unknown }[]> {
  const dir = path.join(repo.root, ".haco", "logs");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".jsonl"));
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), "utf8")));
  return texts.flatMap((t) => t.trim().split("\n").map((line) => JSON.parse(line) as { type: string }));
}

describe("p in the cockpit", () => {
  it("writes the plan's events and Claude's planning tokens to the run log", async () => {
    const stdout = new FakeTtyOut(120, 40);
    const stdin = new FakeTtyIn();
    const done = runCockpit({
      repoRoot: repo.root,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: new FakeTtyOut() as unknown as NodeJS.WriteStream,
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url },
      gpuProbe: null,
      host: "http://127.0.0.1:9",
    });
    await vi.waitFor(() => expect(stdout.text).toContain("T-001"), { timeout: 10_000 });
    stdin.type("p");
    await vi.waitFor(() => expect(stdout.text).toContain("plan with Claude:"), { timeout: 10_000 });
    // One key at a time, each read before the next, as a person types.
    for (const key of "add a bye helper") {
      stdin.type(key);
      await settle();
    }
    await vi.waitFor(() => expect(stdout.text).toContain("add a bye helper"), { timeout: 10_000 });
    stdin.type("\r");
    await vi.waitFor(() => expect(stdout.text).toContain("T-010"), { timeout: 10_000 });
    stdin.type("q");
    expect(await done).toBe(0);

    const records = await logged();
    expect(records[0]).toMatchObject({ type: "log.meta", command: "cockpit" });
    expect(records.map((r) => r.type)).toEqual(expect.arrayContaining(["plan.start", "plan.progress", "supervisor.usage", "plan.done"]));
    expect(records.find((r) => r.type === "supervisor.usage")).toMatchObject({ purpose: "plan", inputTokens: 900, outputTokens: 120 });
    for (const p of records.filter((r) => r.type === "plan.progress")) expect(p.titles).not.toContain("");
  });
});
