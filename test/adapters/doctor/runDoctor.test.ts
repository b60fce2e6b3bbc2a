import { afterEach, describe, expect, it } from "vitest";
import { runDoctor } from "../../../src/adapters/doctor/runDoctor.js";
import { startFakeOllama, type FakeOllama } from "../../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

let repo: TempRepo;
let server: FakeOllama;
afterEach(async () => {
  await repo.cleanup();
  await server.close();
});

const PLAN = "# Plan\n\n## T-001: Add slugify\nTest: `node -e \"process.exit(0)\"`\n";

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, OLLAMA_HOST: server.url, ANTHROPIC_API_KEY: "sk-ant-test-SECRET", ...extra };
}

describe("runDoctor", () => {
  it("passes a ready repository, with every family of checks in order", async () => {
    server = await startFakeOllama();
    repo = await createTempRepo({ "PLAN.md": PLAN });
    await repo.commitAll("init");
    const report = await runDoctor({ cwd: repo.root, env: env(), nodeVersion: "20.11.0" });
    expect(report.ok).toBe(true);
    const host = new URL(server.url).host;
    expect(report.checks.map((c) => c.name)).toEqual([
      "git repository",
      "git state",
      "interrupted run",
      "node",
      "config",
      "gpu",
      `worker ${host}`,
      `model qwen2.5-coder:7b @ ${host}`,
      `vram qwen2.5-coder:7b @ ${host}`,
      "anthropic key",
      "plan",
      "program node",
      "tmux",
    ]);
    expect(JSON.stringify(report)).not.toContain("SECRET");
  });

  it("fails a config that does not parse and goes on with the defaults", async () => {
    server = await startFakeOllama();
    repo = await createTempRepo({ ".haco/config.yaml": "worker:\n  modle: typo\n" });
    await repo.commitAll("init");
    const report = await runDoctor({ cwd: repo.root, env: env() });
    const config = report.checks.find((c) => c.name === "config")!;
    expect(config.status).toBe("fail");
    expect(config.detail).toContain('.haco/config.yaml: worker: unknown setting "modle"');
    expect(report.ok).toBe(false);
    expect(report.checks.some((c) => c.name.startsWith("worker ") && c.status === "ok")).toBe(true);
  });

  it("uses the configured verify commands and the endpoints of the config", async () => {
    server = await startFakeOllama({ models: [{ name: "llama3.1:8b" }] });
    repo = await createTempRepo({
      ".haco/config.yaml": `worker:\n  endpoints:\n    - name: box\n      url: ${server.url}\n      models: [llama3.1:8b]\nverify:\n  - "no-such-linter-xyz --check"\n`,
    });
    await repo.commitAll("init");
    const report = await runDoctor({ cwd: repo.root, env: env({ OLLAMA_HOST: "127.0.0.1:1" }) });
    expect(report.checks.find((c) => c.name === "model llama3.1:8b @ box")?.status).toBe("ok");
    const program = report.checks.find((c) => c.name === "program no-such-linter-xyz")!;
    expect(program.status).toBe("warn");
    expect(program.detail).toContain("verify[0]");
  });
});
