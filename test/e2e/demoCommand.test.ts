import { existsSync } from "node:fs";
import { mkdtemp, readdir, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";

// End to end, as a new user would run it: the built CLI (`npm run build` first), no Ollama.
// Each run gets its own TMPDIR, so what the demo leaves behind (or not) is plain to see.

const RUN_TIMEOUT = 120_000;

/** A directory of the test's own, removed when the test ends (the tests below run concurrently). */
async function ownDir(onTestFinished: (fn: () => Promise<void>) => void): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "haco-demo-cli-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The repository path from the demo's label on stderr. */
function repositoryOf(stderr: string): string {
  const match = /^demo: scripted worker at http:\/\/127\.0\.0\.1:\d+ \(not a real model\) — repository: (.+)$/m.exec(stderr);
  if (!match) throw new Error(`no demo label on stderr:\n${stderr}`);
  return match[1]!;
}

async function demo(args: string[], onTestFinished: (fn: () => Promise<void>) => void) {
  const cwd = await ownDir(onTestFinished);
  const tmp = await ownDir(onTestFinished);
  // A worker named by the environment must not replace the demo worker. The tests need the loop,
  // not a model's speed: --pace streams the scripted answers fast.
  const result = await runHaco(["demo", "--pace", "5000", ...args], {
    cwd,
    env: { TMPDIR: tmp, OLLAMA_HOST: "127.0.0.1:9", HACO_WORKER_MODEL: "qwen2.5-coder:7b" },
  });
  return { ...result, tmp };
}

describe.concurrent("haco demo, headless", () => {
  it(
    "--json runs every ticket to a commit with the scripted worker, NDJSON only on stdout, and removes its repository",
    async ({ expect, onTestFinished }) => {
      const result = await demo(["--json"], onTestFinished);
      expect(result.exitCode, result.stderr).toBe(0);
      const events = parseEvents(result.stdout);
      expect(eventsOf(events, "run.start")[0]).toMatchObject({ tickets: ["T-001", "T-002", "T-003"], model: "haco-demo-worker:7b" });
      expect(eventsOf(events, "ticket.done").map((e) => [e.ticket, e.status])).toEqual([
        ["T-001", "committed"],
        ["T-002", "committed"],
        ["T-003", "committed"],
      ]);
      const done = eventsOf(events, "worker.done");
      expect(done).toHaveLength(3);
      for (const d of done) expect(d.vram?.processor).toBe("100% GPU");
      expect(eventsOf(events, "worker.token").length).toBeGreaterThan(300);
      expect(eventsOf(events, "run.done")[0]).toMatchObject({ exitCode: 0 });

      const repo = repositoryOf(result.stderr);
      expect(path.dirname(repo)).toBe(await realpath(result.tmp));
      expect(existsSync(repo)).toBe(false);
      expect(await readdir(result.tmp)).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  it(
    "--keep leaves the repository, with one commit per ticket on top of the project",
    async ({ expect, onTestFinished }) => {
      const result = await demo(["--json", "--keep"], onTestFinished);
      expect(result.exitCode, result.stderr).toBe(0);
      const repo = repositoryOf(result.stderr);
      expect(result.stderr).toContain(`demo: kept the repository at ${repo}`);
      expect(existsSync(repo)).toBe(true);
      const git = async (...args: string[]) => String((await execa("git", args, { cwd: repo })).stdout);
      expect(await git("rev-list", "--count", "HEAD")).toBe("4");
      expect((await git("log", "--format=%(trailers:key=Haco-Ticket,valueonly)", "-3")).split(/\n+/).filter(Boolean)).toEqual([
        "T-003",
        "T-002",
        "T-001",
      ]);
      expect(await git("status", "--porcelain", "--untracked-files=no")).toBe("");
      const tests = await execa(process.execPath, ["--test"], { cwd: repo, reject: false });
      expect(tests.exitCode).toBe(0);
    },
    RUN_TIMEOUT,
  );

  it(
    "without a terminal and without --json, reports on stderr and leaves stdout empty",
    async ({ expect, onTestFinished }) => {
      const result = await demo([], onTestFinished);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("runs headless");
      expect(result.stderr).toContain("T-003: committed");
      expect(existsSync(repositoryOf(result.stderr))).toBe(false);
    },
    RUN_TIMEOUT,
  );
});

describe("haco demo, usage", () => {
  it("prints its help", async ({ onTestFinished }) => {
    const cwd = await ownDir(onTestFinished);
    const result = await runHaco(["demo", "--help"], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Usage: haco demo [--keep] [--json]");
  });

  it("refuses arguments and unknown flags with exit 2", async ({ onTestFinished }) => {
    const cwd = await ownDir(onTestFinished);
    expect((await runHaco(["demo", "T-001"], { cwd })).exitCode).toBe(2);
    expect((await runHaco(["demo", "--fast"], { cwd })).exitCode).toBe(2);
    for (const pace of ["0", "-5", "fast", "1e9"]) {
      const refused = await runHaco(["demo", "--pace", pace], { cwd });
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain(`--pace ${pace}: expected tokens a second`);
    }
  });
});
