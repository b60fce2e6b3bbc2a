import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";
import { startFakeOpenAI, type OpenAIFlavour } from "../servers/fakeOpenAI.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";

const SECRET = "sk-ant-test-SECRET";
const PLAN = `# Plan

## T-001: Add slugify
Test: \`node -e "process.exit(0)"\`

## T-002: Use slugify in the router
Test: \`npm test\`
`;
const fakeNvidia = fileURLToPath(new URL("../fixtures/bin/nvidia", import.meta.url));

let server: FakeOllama;
let repo: TempRepo;

beforeEach(async () => {
  server = await startFakeOllama();
  repo = await createTempRepo({ "PLAN.md": PLAN });
  await repo.commitAll("init");
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

/** The doctor as a user runs it, against the scripted Ollama, with a key set and outside tmux. */
function doctor(args: string[], env: Record<string, string> = {}, cwd = repo.root) {
  return runHaco(["doctor", ...args], {
    cwd,
    env: { OLLAMA_HOST: server.url, ANTHROPIC_API_KEY: SECRET, TMUX: "", PATH: `${fakeNvidia}${path.delimiter}${process.env.PATH ?? ""}`, ...env },
  });
}

function expectNoSecret(result: { stdout: string; stderr: string }): void {
  expect(result.stdout).not.toContain(SECRET);
  expect(result.stderr).not.toContain(SECRET);
  expect(result.stdout).not.toContain("SECRET");
}

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe("haco doctor", () => {
  it("exits 0 when everything is in place, naming every check, and never prints the key", async () => {
    const result = await doctor([]);
    expect(result.exitCode).toBe(0);
    const host = new URL(server.url).host;
    for (const name of [
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
      "program npm",
      "tmux",
    ]) {
      expect(result.stdout).toContain(`✓ ${name}`);
    }
    expect(result.stdout).toContain("Ollama 0.33.0");
    expect(result.stdout).toContain("PLAN.md: 2 tickets");
    expect(result.stdout).toContain("GPU0 RTX 4090");
    expect(result.stdout).toContain("ANTHROPIC_API_KEY is set");
    expect(result.stdout).toContain("0 warnings, 0 failures — haco is ready");
    expect(result.stdout).not.toContain("\u001b[");
    expectNoSecret(result);
  });

  it("prints {ok, checks} with --json, and --warm loads the model to read where it runs", async () => {
    const result = await doctor(["--json", "--warm"]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: { name: string; status: string; detail: string; fix?: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.status === "ok" && typeof c.detail === "string")).toBe(true);
    const vram = report.checks.find((c) => c.name.startsWith("vram "))!;
    expect(vram.detail).toContain("100% GPU");
    expect(server.chats).toHaveLength(1);
    expect(result.stderr).toContain("warming up qwen2.5-coder:7b");
    expectNoSecret(result);
  });

  it("exits 1 when Ollama is down, naming ollama serve", async () => {
    const down = await closedPortUrl();
    const result = await doctor([], { OLLAMA_HOST: down });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`✗ worker ${new URL(down).host}`);
    expect(result.stdout).toContain("cannot reach Ollama");
    expect(result.stdout).toContain("fix: ollama serve");
    expectNoSecret(result);
  });

  it("exits 1 when the model is missing, naming ollama pull <model>", async () => {
    const result = await doctor(["--json"], { HACO_WORKER_MODEL: "codellama:13b" });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: { name: string; status: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    const model = report.checks.find((c) => c.name.startsWith("model codellama:13b"))!;
    expect(model.status).toBe("fail");
    expect(model.fix).toContain("ollama pull codellama:13b");
  });

  it.each([
    ["vllm", "✗", 3],
    ["llamacpp", "✓", 0],
  ] as [OpenAIFlavour, string, number][])(
    "on an OpenAI-compatible %s serving only qwen-x, passes the default model exactly when haco run can draft with it",
    async (flavour, verdict, runExit) => {
      const answer = "=== NEW FILE: src/slugify.js ===\n```js\nexport const slugify = (s) => s;\n```\n";
      const openai = await startFakeOpenAI({ flavour, models: [{ id: "qwen-x" }], reply: () => ({ text: answer }) });
      try {
        await repo.write(".haco/config.yaml", `worker:\n  endpoints:\n    - { kind: openai, url: "${openai.url}" }\n`);
        await repo.commitAll("config");
        const host = new URL(openai.url).host;

        const checked = await doctor([]);
        expect(checked.stdout).toContain(`${verdict} model qwen2.5-coder:7b @ ${host}`);
        expect(checked.exitCode, checked.stdout).toBe(runExit === 0 ? 0 : 1);

        const run = await runHaco(["run", "--json", "--accept", "all", "T-001"], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
        expect(run.exitCode, run.stderr).toBe(runExit);
        const errors = eventsOf(parseEvents(run.stdout), "error");
        if (runExit === 0) {
          expect(errors).toEqual([]);
        } else {
          // Refused at preflight, naming what the server does serve, before any draft was asked for.
          expect(errors[0]).toMatchObject({ code: "model_missing", message: expect.stringContaining("(it lists: qwen-x)") });
          expect(checked.stdout).toContain("qwen2.5-coder:7b is not available at");
          expect(openai.chats).toHaveLength(0);
        }
      } finally {
        await openai.close();
      }
    },
  );

  it("exits 1 on a plan that does not parse, naming the file and the field", async () => {
    await repo.write(".haco/plan.yaml", "tickets:\n  - title: fine\n  - title: broken\n    owner: intern\n");
    const result = await doctor([]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✗ plan +\.haco\/plan\.yaml: tickets\[1\]\.owner/);
    expect(result.stdout).toContain("fix: fix .haco/plan.yaml");
  });

  it("names a test program that is not installed, as a warning", async () => {
    await repo.write("PLAN.md", "# Plan\n\n## T-001: Add slugify\nTest: `surely-not-installed-xyz --run`\n");
    const result = await doctor([]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("! program surely-not-installed-xyz");
    expect(result.stdout).toContain("surely-not-installed-xyz is not on PATH: T-001's test_command would fail");
  });

  it("warns without ANTHROPIC_API_KEY and about a slow tmux escape-time, still exit 0", async () => {
    // A fake tmux first on PATH, answering escape-time with tmux's default of 500 ms.
    const bin = await mkdtemp(path.join(tmpdir(), "haco-doctor-tmux-"));
    try {
      await writeFile(path.join(bin, "tmux"), "#!/bin/sh\nprintf '500\\n'\n");
      await chmod(path.join(bin, "tmux"), 0o755);
      const result = await doctor([], { ANTHROPIC_API_KEY: "", TMUX: "/tmp/tmux-test/default,1,0", PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("! anthropic key");
      expect(result.stdout).toMatch(/! tmux +escape-time is 500 ms/);
      expect(result.stdout).toContain("fix: add 'set -sg escape-time 10' to ~/.tmux.conf");
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it("still reports outside a git repository: the git check fails, the others run", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), "haco-doctor-outside-"));
    try {
      const result = await doctor([], {}, outside);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain("✗ git repository");
      expect(result.stdout).toContain("git init");
      expect(result.stdout).toContain(`✓ worker ${new URL(server.url).host}`);
      expect(result.stderr).not.toContain("internal error");
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("--plan naming a file that does not exist says how to create one or which to name, not 'fix' it", async () => {
    const result = await doctor(["--json", "--plan", "nonexist.md"]);
    expect(result.exitCode).toBe(1);
    const plan = (JSON.parse(result.stdout) as { checks: { name: string; status: string; fix?: string }[] }).checks.find((c) => c.name === "plan")!;
    expect(plan.status).toBe("fail");
    expect(plan.fix).toContain('haco plan "<what you want done>" --out nonexist.md');
    expect(plan.fix).toContain("point --plan at an existing plan file");
    expect(plan.fix).not.toMatch(/^fix /);
  });
});
