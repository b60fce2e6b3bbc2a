import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco } from "../helpers/runHaco.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";

/** Every `haco run` leaves its run log: events, prompts and answers, secrets masked; `haco stats` reads it. */

const PLAN = "# Plan\n\n## T-001: Add key\n- files: src/key.js (create)\n- test: node -e \"process.exit(0)\"\n\nExport the key name.\n";
const SECRET = ["sk", "ant", "api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"].join("-");

let server: FakeOllama;
let repo: TempRepo;

beforeEach(async () => {
  server = await startFakeOllama({ reply: () => ({ text: `=== NEW FILE: src/key.js ===\n\`\`\`js\n// ${SECRET}\nexport const name = "key";\n\`\`\`\n`, tokensPerSec: 50 }) });
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

describe("the run log", () => {
  it("keeps every event, the prompt and the answer of a run, with secrets masked, and haco stats reads it", async () => {
    const run = await runHaco(["run", "--json", "--accept", "all"], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(run.exitCode, run.stderr).toBe(0);
    const dir = path.join(repo.root, ".haco", "logs");
    const files = (await readdir(dir)).filter((f) => f.endsWith(".jsonl"));
    expect(files).toHaveLength(1);
    const text = await readFile(path.join(dir, files[0]!), "utf8");
    const records = text.trim().split("\n").map((line) => JSON.parse(line) as { type: string; text?: string; prompt?: string });
    const types = records.map((r) => r.type);
    expect(types[0]).toBe("log.meta");
    expect(types).toEqual(expect.arrayContaining(["run.start", "prompt.text", "worker.answer", "worker.done", "commit.done", "ticket.done", "run.done"]));
    expect(types).not.toContain("worker.token");
    expect(records.find((r) => r.type === "prompt.text")!.prompt).toContain("T-001");
    expect(records.find((r) => r.type === "worker.answer")!.text).toContain('export const name = "key"');
    expect(text).not.toContain(SECRET);

    const stats = await runHaco(["stats", "--json"], { cwd: repo.root });
    expect(stats.exitCode, stats.stderr).toBe(0);
    const figures = JSON.parse(stats.stdout) as Record<string, unknown>;
    expect(JSON.stringify(figures)).toContain("committed");
  });
});
