import { existsSync } from "node:fs";
import { chmod, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { runHaco } from "../../helpers/runHaco.js";
import { spawn } from "node:child_process";
import { BIN, hacoEnv } from "../../helpers/runHaco.js";
import { MATH, plan, RUN, SUBTRACT_DIFF, WITH_SUBTRACT } from "./fixture.js";

/**
 * The moment HEAD moves, stopped from outside: a forced stop of haco (a
 * signal it did not wind down from in time) while `git update-ref` is under
 * way, and `git update-ref` itself killed by the Ctrl-C that reached the
 * whole process group. Either way the end state, once `haco rollback` has
 * run, is one of the two whole ones: the commit made with the files and the
 * index matching it, or no commit and the files as before — never the files
 * rolled back under a commit, never haco's index.lock left behind.
 */

let server: FakeOllama;
let repo: TempRepo;
let dir: string;

beforeEach(async () => {
  server = await startFakeOllama({ reply: () => ({ text: SUBTRACT_DIFF }) });
  repo = await createTempRepo({ "src/math.js": MATH, "README.md": "# demo\n", "notes.md": "notes\n" });
  await repo.write("plan.json", plan("node -e 0"));
  await repo.commitAll("initial");
  await repo.write("notes.md", "notes\nstaged by the user\n");
  await repo.git("add", "notes.md");
  await repo.write("README.md", "# demo\nunstaged by the user\n");
  dir = path.dirname(repo.root);
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

/** The built CLI as a child whose stderr the test watches as it comes. */
function spawnHaco(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.root, env: { ...process.env, ...hacoEnv(env) }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    for (const w of [...watchers]) if (w.pattern.test(stderr)) (watchers.splice(watchers.indexOf(w), 1), w.resolve());
  });
  const ended = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => child.on("close", (exitCode) => resolve({ exitCode, stderr })));
  return {
    pid: child.pid!,
    ended,
    stderrShows: (pattern: RegExp) => new Promise<void>((resolve) => watchers.push({ pattern, resolve })),
  };
}

const head = async () => (await repo.git("rev-parse", "HEAD")).trim();

/** git's reference-transaction hook, running `script` in the given state. */
async function transactionHook(state: "prepared" | "committed", script: string): Promise<void> {
  const hook = path.join(repo.root, ".git", "hooks", "reference-transaction");
  await writeFile(
    hook,
    [
      "#!/bin/sh",
      `if [ "$1" = ${state} ]; then`,
      script,
      "fi",
      "exit 0",
      "",
    ].join("\n"),
  );
  await chmod(hook, 0o755);
}

/** git update-ref has finished or died (git removes its ref locks as it dies of a signal). */
async function refLocksGone(): Promise<void> {
  const locks = [path.join(repo.root, ".git", "HEAD.lock"), path.join(repo.root, ".git", "refs", "heads", "main.lock")];
  while (locks.some((lock) => existsSync(lock))) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * After `haco rollback`: the commit with everything matching it, or no commit and the ticket's file
 * as `uncommitted` says (restored by a stop, or applied and left uncommitted after a failed commit);
 * the user's work intact.
 */
async function expectWhole(before: string, uncommitted: string): Promise<void> {
  await rm(path.join(repo.root, ".git", "hooks", "reference-transaction"));
  const rollback = await runHaco(["rollback"], { cwd: repo.root });
  expect(rollback.exitCode, rollback.stderr).toBe(0);
  expect(existsSync(path.join(repo.root, ".git", "index.lock")), "haco's index.lock was left behind").toBe(false);
  if ((await head()) === before) {
    expect(await repo.read("src/math.js")).toBe(uncommitted);
    expect(await repo.git("diff", "--cached", "--", "src/math.js")).toBe("");
  } else {
    expect(await repo.git("show", "HEAD:src/math.js")).toBe(WITH_SUBTRACT);
    expect(await repo.read("src/math.js"), "the files were rolled back under the commit").toBe(WITH_SUBTRACT);
    expect(await repo.git("diff", "--cached", "--", "src/math.js")).toBe("");
  }
  expect(await repo.git("diff", "--cached", "--name-only")).toBe("notes.md\n");
  expect(await repo.git("show", ":notes.md")).toBe("notes\nstaged by the user\n");
  expect(await repo.read("README.md")).toBe("# demo\nunstaged by the user\n");
  expect(existsSync(path.join(repo.root, ".haco/journal/T-001.json"))).toBe(false);
}

describe("a forced stop while git update-ref moves HEAD", () => {
  it("never rolls the files back under the commit that then lands", async () => {
    const before = await head();
    const pidFile = path.join(dir, "haco.pid");
    const release = path.join(dir, "release");
    const journal = path.join(repo.root, ".haco", "journal", "T-001.json");
    const decidedEarly = path.join(dir, "decided-early");
    // Stop haco as HEAD is about to move, and hold the move until haco is gone or the test lets it go.
    await transactionHook(
      "prepared",
      [
        `while [ ! -s '${pidFile}' ]; do :; done; pid="$(cat '${pidFile}')"`,
        `kill -TERM "$pid"`,
        // Let HEAD move once haco has decided what to do (or has said it waits for this commit).
        `while kill -0 "$pid" 2>/dev/null && [ ! -e '${release}' ]; do`,
        // haco took the commit for one that never landed, while git was still moving HEAD.
        `  if [ ! -e '${journal}' ] || grep -q '"phase": "applied"' '${journal}'; then touch '${decidedEarly}'; break; fi`,
        "  sleep 0.01",
        "done",
      ].join("\n"),
    );
    const haco = spawnHaco(RUN, { OLLAMA_HOST: server.url });
    await writeFile(pidFile, String(haco.pid));
    // A haco that waits for the commit under way says so; then the test lets the commit go on.
    void haco.stderrShows(/finishing the commit under way/).then(() => writeFile(release, ""));
    const end = await haco.ended;
    expect(end.exitCode, end.stderr).toBe(143);
    await refLocksGone();
    expect(existsSync(decidedEarly), "haco settled the commit's journal while git update-ref was still moving HEAD").toBe(false);
    await expectWhole(before, MATH);
  });
});

describe.each(["prepared", "committed"] as const)("git update-ref killed by Ctrl-C (SIGINT) in the %s state", (state) => {
  it("leaves no index.lock of haco's, and the files and index match HEAD", async () => {
    const before = await head();
    // $PPID is the git update-ref that runs this hook: the Ctrl-C that reached every process of the terminal.
    await transactionHook(state, `kill -INT "$PPID"`);
    const result = await runHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(result.stdout + result.stderr).not.toContain("internal error");
    await expectWhole(before, WITH_SUBTRACT);
  });
});
