import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../../helpers/runHaco.js";
import { startHaco } from "../../helpers/hacoProcess.js";
import { indexBytes, MATH, plan, RUN, SUBTRACT_DIFF, WITH_SUBTRACT } from "./fixture.js";

/**
 * The commit step under faults: git's index locked by someone else, and haco
 * killed at each point of the commit. HEAD, the user's index and the files
 * must always be recoverable to a consistent state: the commit made and the
 * index up to date with it, or no commit and the files restorable.
 */

let server: FakeOllama;
let repo: TempRepo;
let holder: ChildProcess | null = null;

beforeEach(async () => {
  server = await startFakeOllama({ reply: () => ({ text: SUBTRACT_DIFF }) });
  repo = await createTempRepo({ "src/math.js": MATH, "README.md": "# demo\n", "notes.md": "notes\n" });
  await repo.write("plan.json", plan("node -e 0"));
  await repo.commitAll("initial");
  // The user's own work: staged in one file, unstaged in another.
  await repo.write("notes.md", "notes\nstaged by the user\n");
  await repo.git("add", "notes.md");
  await repo.write("README.md", "# demo\nunstaged by the user\n");
});

afterEach(async () => {
  holder?.kill("SIGKILL");
  holder = null;
  await server.close();
  await repo.cleanup();
});

const head = async () => (await repo.git("rev-parse", "HEAD")).trim();

/** A process that takes git's index lock the way git does (O_EXCL) and holds it open until killed. */
async function holdIndexLock(): Promise<ChildProcess> {
  const lock = path.join(repo.root, ".git", "index.lock");
  const child = spawn(process.execPath, ["-e", `require("fs").openSync(${JSON.stringify(lock)}, "wx"); console.log("locked"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return child;
}

/** The user's own staged and unstaged work, exactly as it was. */
async function expectUsersWorkIntact(): Promise<void> {
  expect(await repo.git("diff", "--cached", "--name-only")).toBe("notes.md\n");
  expect(await repo.git("show", ":notes.md")).toBe("notes\nstaged by the user\n");
  expect(await repo.read("README.md")).toBe("# demo\nunstaged by the user\n");
}

describe("git's index locked by someone else", () => {
  it("refuses before writing anything of the commit, naming the process that holds the lock", async () => {
    holder = await holdIndexLock();
    const before = await head();
    const index = await indexBytes(repo);
    const result = await runHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    const error = eventsOf(events, "error").find((e) => e.code === "index_locked");
    expect(error?.message).toContain(".git/index.lock exists");
    expect(error?.message).toContain(`(pid ${holder.pid})`);
    expect(error?.message).toContain("the change is applied and left uncommitted");
    expect(eventsOf(events, "commit.done")).toEqual([]);
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ status: "applied" });
    // Nothing of the commit happened: HEAD, the index and the user's work are as they were.
    expect(await head()).toBe(before);
    expect((await indexBytes(repo)).equals(index)).toBe(true);
    expect(await repo.read("src/math.js")).toBe(WITH_SUBTRACT);
    expect(existsSync(path.join(repo.root, ".haco/journal/T-001.json"))).toBe(false);
    holder.kill("SIGKILL");
    await rm(path.join(repo.root, ".git", "index.lock"));
    await expectUsersWorkIntact();
  });

  it("refuses a lock that appeared while the tests ran, saying no process holds it and what to do", async () => {
    await repo.write("plan.json", plan(`node -e "require('fs').writeFileSync('.git/index.lock', '')"`));
    const before = await head();
    const index = await indexBytes(repo);
    const result = await runHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode).toBe(1);
    const error = eventsOf(parseEvents(result.stdout), "error").find((e) => e.code === "index_locked");
    expect(error?.message).toContain("no running process holds it");
    expect(error?.message).toContain("remove it");
    expect(await head()).toBe(before);
    expect((await indexBytes(repo)).equals(index)).toBe(true);
    await rm(path.join(repo.root, ".git", "index.lock"));
    await expectUsersWorkIntact();
  });
});

describe("haco killed (SIGKILL) while it commits", () => {
  let pidFile: string;

  beforeEach(() => {
    pidFile = path.join(path.dirname(repo.root), "haco.pid");
  });

  /** A hook that kills the haco whose pid the test wrote down, when it runs. */
  async function killingHook(name: string, script: string): Promise<void> {
    const hook = path.join(repo.root, ".git", "hooks", name);
    await writeFile(hook, `#!/bin/sh\n${script.replaceAll("KILL_HACO", `while [ ! -s '${pidFile}' ]; do :; done; kill -9 "$(cat '${pidFile}')"`)}\n`);
    await chmod(hook, 0o755);
  }

  async function killedRun(): Promise<void> {
    const haco = startHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    await writeFile(pidFile, String(haco.pid));
    const end = await haco.ended;
    expect(end.signal, end.stderr).toBe("SIGKILL");
  }

  it("after HEAD moved: the next run finishes the commit (index up to date), says so, and rolls nothing back", async () => {
    const before = await head();
    // git's reference-transaction hook runs once HEAD is updated: the moment between HEAD and the index.
    await killingHook("reference-transaction", `[ "$1" = committed ] || exit 0\nKILL_HACO`);
    await killedRun();
    expect(await head()).not.toBe(before);
    await rm(path.join(repo.root, ".git", "hooks", "reference-transaction"));
    // What a journal write killed half-way leaves: the next run clears it.
    const strayTemp = path.join(repo.root, ".haco", "journal", ".T-001.json.haco-0a1b2c3d4e5f.tmp");
    await writeFile(strayTemp, "{");

    const next = await runHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(existsSync(strayTemp)).toBe(false);
    // Nor does the killed commit's scratch space stay in .git.
    expect((await readdir(path.join(repo.root, ".git"))).filter((name) => name.startsWith("haco-"))).toEqual([]);
    const recovered = eventsOf(parseEvents(next.stdout), "warning").find((w) => w.code === "commit_recovered");
    expect(recovered?.message).toContain("T-001 had been committed");
    expect(recovered?.message).toContain("git's index was brought up to date");
    expect(await repo.git("log", "-1", "--format=%B")).toContain("Haco-Ticket: T-001");
    expect(await repo.git("show", "HEAD:src/math.js")).toBe(WITH_SUBTRACT);
    expect(await repo.read("src/math.js")).toBe(WITH_SUBTRACT);
    // The index is HEAD plus the user's staged work: no staged revert of haco's commit.
    expect(await repo.git("diff", "--cached", "--", "src/math.js")).toBe("");
    expect(existsSync(path.join(repo.root, ".git", "index.lock"))).toBe(false);
    expect(existsSync(path.join(repo.root, ".haco/journal/T-001.json"))).toBe(false);
    await expectUsersWorkIntact();
  });

  it("after HEAD moved: haco rollback finishes the commit instead of reverting the files under it", async () => {
    await killingHook("reference-transaction", `[ "$1" = committed ] || exit 0\nKILL_HACO`);
    await killedRun();
    await rm(path.join(repo.root, ".git", "hooks", "reference-transaction"));
    const doctor = await runHaco(["doctor"], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(doctor.stdout + doctor.stderr).toContain("T-001: stopped while committing, after its commit");

    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain("haco finished that commit");
    expect(await repo.read("src/math.js")).toBe(WITH_SUBTRACT);
    expect(await repo.git("diff", "--cached", "--", "src/math.js")).toBe("");
    expect(existsSync(path.join(repo.root, ".git", "index.lock"))).toBe(false);
    await expectUsersWorkIntact();
  });

  it("before HEAD moved: nothing is committed, haco's own index lock goes, and haco rollback restores the files", async () => {
    const before = await head();
    const index = await indexBytes(repo);
    // The hook refuses the transaction as it kills haco, so HEAD never moves.
    await killingHook("reference-transaction", `[ "$1" = prepared ] || exit 0\nKILL_HACO\nexit 1`);
    await killedRun();
    await rm(path.join(repo.root, ".git", "hooks", "reference-transaction"));
    expect(await head()).toBe(before);

    const next = await runHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(next.exitCode).toBe(2);
    expect(eventsOf(parseEvents(next.stdout), "error").map((e) => e.code)).toContain("pending_journal");
    // A lock haco left is gone, so git works again; someone else's would have stayed.
    expect(existsSync(path.join(repo.root, ".git", "index.lock"))).toBe(false);

    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect(await head()).toBe(before);
    expect((await indexBytes(repo)).equals(index)).toBe(true);
    await expectUsersWorkIntact();
  });

  it("in the pre-commit hook: nothing is committed and haco rollback restores the files", async () => {
    const before = await head();
    await killingHook("pre-commit", "KILL_HACO");
    await killedRun();
    await rm(path.join(repo.root, ".git", "hooks", "pre-commit"));
    expect(await head()).toBe(before);
    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect(existsSync(path.join(repo.root, ".git", "index.lock"))).toBe(false);
    await expectUsersWorkIntact();
  });
});
