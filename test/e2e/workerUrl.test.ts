import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco, type HacoRun } from "../helpers/runHaco.js";
import { startFakeOllama } from "../servers/fakeOllama.js";

/**
 * A worker URL that cannot be used, wherever it is set (OLLAMA_HOST,
 * worker.host, worker.endpoints[].url, --worker), stops `haco run` and
 * `haco worker` with exit 2 and a message naming the setting, never with
 * the client's "internal error: TypeError: Invalid URL"; `haco doctor`
 * reports it as a failed check. Credentials in one are never repeated.
 */

const PLAN = "# Plan\n\n## T-001: Add f\n- files: src/f.js (create)\n\nExport f.\n";

let repo: TempRepo;

beforeEach(async () => {
  repo = await createTempRepo({ "PLAN.md": PLAN });
  await repo.commitAll("plan");
});

afterEach(async () => {
  await repo.cleanup();
});

const run = (args: string[], env: Record<string, string> = {}) => runHaco(["run", "--json", ...args], { cwd: repo.root, env });

function expectUsageError(result: HacoRun, ...words: string[]): void {
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stderr).not.toContain("internal error");
  expect(result.stderr).not.toContain("Invalid URL");
  for (const word of words) expect(result.stderr).toContain(word);
}

async function logText(): Promise<string> {
  const dir = path.join(repo.root, ".haco", "logs");
  if (!existsSync(dir)) return "";
  const files = await readdir(dir);
  return (await Promise.all(files.map((f) => readFile(path.join(dir, f), "utf8")))).join("\n");
}

describe("a worker URL that cannot be used", () => {
  it.each([
    ["::::", "is not a URL"],
    ["http://127.0.0.1:99999", "is not a port"],
    ["ftp://127.0.0.1:9", "http:// or https:// only"],
  ])("OLLAMA_HOST=%s is exit 2 naming OLLAMA_HOST and the form it takes", async (value, why) => {
    const result = await run([], { OLLAMA_HOST: value });
    expectUsageError(result, "OLLAMA_HOST:", why, "expected host, host:port or http(s)://host:port");
  });

  it("worker.host in the config is named as such", async () => {
    await repo.write(".haco/config.yaml", 'worker:\n  host: "::::"\n');
    expectUsageError(await run([]), "worker.host in .haco/config.yaml:", "is not a URL");
  });

  it("worker.endpoints[i].url is named with its index, for either kind", async () => {
    await repo.write(".haco/config.yaml", "worker:\n  endpoints:\n    - url: http://127.0.0.1:11434\n    - kind: openai\n      url: 'http://127.0.0.1:70000'\n");
    expectUsageError(await run([]), "worker.endpoints[1].url in .haco/config.yaml:", "expected http(s)://host:port");
  });

  it("--worker ollama:javascript:alert(1) is exit 2 naming --worker", async () => {
    expectUsageError(await run(["--worker", "ollama:javascript:alert(1)"]), "--worker:", '"javascript:alert(1)"');
  });

  it("haco worker refuses a bad OLLAMA_HOST the same way", async () => {
    const result = await runHaco(["worker", "hello"], { cwd: repo.root, env: { OLLAMA_HOST: "::::" } });
    expectUsageError(result, "OLLAMA_HOST:", "is not a URL");
  });

  it("haco doctor reports it as a failed check with the fix, and goes on with the other checks", async () => {
    const result = await runHaco(["doctor", "--json"], { cwd: repo.root, env: { OLLAMA_HOST: "::::", TMUX: "" } });
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { checks: { name: string; status: string; detail: string; fix?: string }[] };
    const worker = report.checks.find((c) => c.name === "worker OLLAMA_HOST");
    expect(worker).toMatchObject({ status: "fail", fix: expect.stringMatching(/^set OLLAMA_HOST to host, host:port/) });
    expect(worker!.detail).toContain('"::::" is not a URL');
    expect(report.checks.map((c) => c.name)).toContain("plan");
  });

  it("haco doctor fails a bad endpoint even when another one is up", async () => {
    const server = await startFakeOllama();
    try {
      await repo.write(".haco/config.yaml", `worker:\n  endpoints:\n    - url: ${server.url}\n    - url: 'gpu-box:abc'\n`);
      const result = await runHaco(["doctor", "--json"], { cwd: repo.root, env: { TMUX: "" } });
      const report = JSON.parse(result.stdout) as { checks: { name: string; status: string; detail: string; fix?: string }[] };
      expect(report.checks.find((c) => c.name.startsWith("worker 127.0.0.1:"))).toMatchObject({ status: "ok" });
      expect(report.checks.find((c) => c.name === "worker worker.endpoints[1]")).toMatchObject({
        status: "fail",
        fix: expect.stringContaining("fix worker.endpoints[1].url in .haco/config.yaml"),
      });
    } finally {
      await server.close();
    }
  });
});

describe("credentials in a worker URL", () => {
  const SECRET = "s3cret-pw";

  it.each([
    ["--worker ollama:", (url: string) => run(["--worker", `ollama:${url}`])],
    ["--worker openai:", (url: string) => run(["--worker", `openai:${url}`])],
    ["OLLAMA_HOST", (url: string) => run([], { OLLAMA_HOST: url })],
  ])("%s with user:password is refused with exit 2, and the password is shown or logged nowhere", async (_label, start) => {
    const result = await start(`http://admin:${SECRET}@127.0.0.1:9`);
    expectUsageError(result, "has a user name or password in it", '"http://***@127.0.0.1:9"');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(await logText()).not.toContain(SECRET);
  });

  it("haco doctor names the setting without the password", async () => {
    const result = await runHaco(["doctor", "--json"], { cwd: repo.root, env: { OLLAMA_HOST: `http://admin:${SECRET}@127.0.0.1:9`, TMUX: "" } });
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout).toContain("has a user name or password in it");
  });
});
