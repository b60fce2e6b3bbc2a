import { execFileSync } from "node:child_process";
import { lstat, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama, type Reply } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { BIN, eventsOf, hacoEnv, parseEvents, type HacoRun } from "../helpers/runHaco.js";
import type { HacoEvent } from "../../src/domain/events/events.js";

/**
 * Files haco must not read or write as if they were plain text files: bytes
 * that are not UTF-8, symbolic links, FIFOs and device nodes, and paths that
 * run through a file. Each is tried through both `haco apply` and `haco run`,
 * which share one reading of the repository, and each must be refused by name
 * with nothing written — never a hang, a re-encoded byte or an internal error.
 */

const CONFIG = "verify:\n  - node -e \"process.exit(0)\"\n";
const NEW_FILE = (file: string, body: string) => [`=== NEW FILE: ${file} ===`, "```", body, "```", ""].join("\n");
const DIFF = (file: string, context: string, from: string, to: string) =>
  ["```diff", `--- a/${file}`, `+++ b/${file}`, "@@ -1,2 +1,2 @@", ` ${context}`, `-${from}`, `+${to}`, "```", ""].join("\n");

/** A haco that is broken would block on a FIFO forever: the child is killed at this bound, and the test then fails on its result. */
const BOUND_MS = 20_000;

/** Whether this machine lets us create a character device node (root, no restricting container): decided once, when the tests are collected. */
const MKNOD_WORKS = ((): boolean => {
  const dir = path.join(tmpdir(), `haco-mknod-probe-${process.pid}`);
  try {
    execFileSync("mkdir", ["-p", dir]);
    execFileSync("mknod", [path.join(dir, "zero"), "c", "1", "5"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync("rm", ["-rf", dir]);
  }
})();

let server: FakeOllama;
let repo: TempRepo;
let reply: () => Reply;

beforeEach(async () => {
  reply = () => ({ text: NEW_FILE("notes.txt", "hello") });
  server = await startFakeOllama({ reply: () => reply() });
  repo = await createTempRepo({ "src/a.js": "export const a = 1;\n", "real.txt": "one\ntwo\n", ".haco/config.yaml": CONFIG });
  await repo.commitAll("initial");
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

async function haco(args: string[], input = ""): Promise<HacoRun> {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: repo.root,
    reject: false,
    input,
    env: hacoEnv({ OLLAMA_HOST: server.url }),
    timeout: BOUND_MS,
    stripFinalNewline: false,
  });
  if (result.timedOut) throw new Error(`haco ${args[0]} did not end within ${BOUND_MS} ms (it blocked)`);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const apply = (answer: string | Buffer) => haco(["apply", "-", "--json"], answer as string);

async function runTicket(fields: string, answer: string | Buffer): Promise<HacoRun> {
  reply = () => ({ text: answer.toString() });
  await repo.write("PLAN.md", `# Plan\n\n## T-001: Change things\n${fields}\n\nDo it.\n`);
  return haco(["run", "--json", "--accept", "all"]);
}

function refusedFor(events: HacoEvent[], file: string) {
  return eventsOf(events, "edit.refused").find((e) => e.file === file);
}

function ticketDone(events: HacoEvent[]) {
  return eventsOf(events, "ticket.done")[0];
}

async function headAndStatus(): Promise<string> {
  return `${(await repo.git("rev-parse", "HEAD")).trim()}\n${await repo.git("status", "--porcelain", "--", ".", ":!PLAN.md", ":!.haco")}`;
}

describe("a file that is not UTF-8", () => {
  const LATIN1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x74, 0x77, 0x6f, 0x0a]); // "café\ntwo\n" in Latin-1

  beforeEach(async () => {
    await writeFile(path.join(repo.root, "latin.txt"), LATIN1);
    await repo.commitAll("latin-1 file");
  });

  it("is refused by haco apply, by name and with what to do, and its bytes are untouched", async () => {
    // The answer shows the line as the model saw it: decoded, with U+FFFD for the byte e9.
    const result = await apply(DIFF("latin.txt", "caf\ufffd", "two", "TWO"));
    expect(result.stderr).not.toContain("internal error");
    expect(result.exitCode).toBe(1);
    const refused = refusedFor(parseEvents(result.stdout), "latin.txt");
    expect(refused?.code).toBe("unsafe-path");
    expect(refused?.reason).toMatch(/latin\.txt is not UTF-8/);
    expect(refused?.reason).toMatch(/convert it to UTF-8/);
    expect(await readFile(path.join(repo.root, "latin.txt"))).toEqual(LATIN1);
  });

  it("is refused by haco run before it is shown to the worker, and nothing is committed", async () => {
    const before = await headAndStatus();
    const result = await runTicket("- files: latin.txt (edit)", DIFF("latin.txt", "caf\ufffd", "two", "TWO"));
    expect(result.stderr).not.toContain("internal error");
    expect(ticketDone(parseEvents(result.stdout))).toMatchObject({ status: "refused" });
    expect(ticketDone(parseEvents(result.stdout))!.reason).toMatch(/latin\.txt is not UTF-8/);
    expect(server.chats).toHaveLength(0);
    expect(await readFile(path.join(repo.root, "latin.txt"))).toEqual(LATIN1);
    expect(await headAndStatus()).toBe(before);
  });

  it("is refused when the answer only names it as a file to create over", async () => {
    const result = await apply(NEW_FILE("latin.txt", "café"));
    expect(result.exitCode).toBe(1);
    expect(refusedFor(parseEvents(result.stdout), "latin.txt")?.reason).toMatch(/not UTF-8/);
    expect(await readFile(path.join(repo.root, "latin.txt"))).toEqual(LATIN1);
  });
});

describe("bytes outside the hunks", () => {
  it.each([
    ["a byte-order mark", "\ufeffone\ntwo\nthree\n", "\ufeffone\nTWO\nthree\n"],
    ["mixed line endings (CRLF and LF in one file)", "one\r\ntwo\r\nthree\nfour\r\n", "one\r\nTWO\r\nthree\nfour\r\n"],
    ["no final newline", "one\ntwo\nthree", "one\nTWO\nthree"],
  ])("keeps %s byte for byte, through haco apply and haco run", async (_what, before, after) => {
    await repo.write("kept.txt", before);
    await repo.commitAll("the file");
    const answer = ["```diff", "--- a/kept.txt", "+++ b/kept.txt", "@@ -1,3 +1,3 @@", " one", "-two", "+TWO", " three", "```", ""].join("\n");

    const applied = await apply(answer);
    expect(applied.stderr).not.toContain("internal error");
    expect(applied.exitCode).toBe(0);
    expect(await readFile(path.join(repo.root, "kept.txt"))).toEqual(Buffer.from(after, "utf8"));

    await repo.git("checkout", "--", "kept.txt");
    const ran = await runTicket("- files: kept.txt (edit)", answer);
    expect(ticketDone(parseEvents(ran.stdout))).toMatchObject({ status: "committed" });
    expect(await readFile(path.join(repo.root, "kept.txt"))).toEqual(Buffer.from(after, "utf8"));
    expect(Buffer.from(await repo.git("show", "HEAD:kept.txt"), "utf8")).toEqual(Buffer.from(after, "utf8"));
  });
});

describe("a symbolic link inside the repository", () => {
  beforeEach(async () => {
    await symlink("real.txt", path.join(repo.root, "alias.txt"));
    await symlink("src", path.join(repo.root, "lib"));
    await repo.commitAll("links");
  });

  it("is refused as the file an answer edits, saying where it points and to edit the target instead; the link stays a link", async () => {
    const before = await headAndStatus();
    const result = await apply(DIFF("alias.txt", "one", "two", "TWO"));
    expect(result.exitCode).toBe(1);
    const refused = refusedFor(parseEvents(result.stdout), "alias.txt");
    expect(refused?.code).toBe("unsafe-path");
    expect(refused?.reason).toContain("alias.txt is a symbolic link to real.txt");
    expect(refused?.reason).toContain("edit real.txt instead");
    expect((await lstat(path.join(repo.root, "alias.txt"))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(repo.root, "alias.txt"))).toBe("real.txt");
    expect(await repo.read("real.txt")).toBe("one\ntwo\n");
    expect(await headAndStatus()).toBe(before);
  });

  it("is refused as a folder on the way to the file (a new file too), naming the link and the real path", async () => {
    const result = await apply(NEW_FILE("lib/b.js", "export const b = 2;"));
    expect(result.exitCode).toBe(1);
    const reason = refusedFor(parseEvents(result.stdout), "lib/b.js")?.reason;
    expect(reason).toContain("lib/b.js goes through lib, a symbolic link to src");
    expect(reason).toContain("src/b.js");
    expect(await headAndStatus()).toMatch(/^[0-9a-f]+\n$/);
  });

  it("is refused by haco run as a ticket's file, before anything is sent", async () => {
    const result = await runTicket("- files: alias.txt (edit)", DIFF("alias.txt", "one", "two", "TWO"));
    expect(result.stderr).not.toContain("internal error");
    expect(ticketDone(parseEvents(result.stdout))).toMatchObject({ status: "refused" });
    expect(ticketDone(parseEvents(result.stdout))!.reason).toContain("alias.txt is a symbolic link to real.txt");
    expect(server.chats).toHaveLength(0);
    expect((await lstat(path.join(repo.root, "alias.txt"))).isSymbolicLink()).toBe(true);
  });

  it.each([
    [".git", "g", "g/config", "inside .git/"],
    [".haco", "h", "h/config.yaml", "inside .haco/"],
  ])("to %s is refused by haco's own path rule (unsafe-path), not by a failing git command", async (target, link, file, why) => {
    await symlink(target, path.join(repo.root, link));
    const gitConfig = await readFile(path.join(repo.root, ".git/config"));
    for (const answer of [NEW_FILE(`${link}/new.txt`, "x"), DIFF(file, "[core]", "x", "y")]) {
      const result = await apply(answer);
      expect(result.stderr).not.toMatch(/git check-ignore failed|internal error/);
      expect(result.exitCode).toBe(1);
      const refused = eventsOf(parseEvents(result.stdout), "edit.refused")[0];
      expect(refused?.code).toBe("unsafe-path");
      expect(refused?.reason).toContain(why);
    }
    expect(await readFile(path.join(repo.root, ".git/config"))).toEqual(gitConfig);
    expect(await repo.read(".haco/config.yaml")).toBe(CONFIG);
  });
});

describe("a FIFO in the repository", () => {
  beforeEach(() => {
    execFileSync("mkfifo", [path.join(repo.root, "pipe")]);
  });

  it.each([
    ["a diff", DIFF("pipe", "one", "two", "TWO")],
    ["a NEW FILE block", NEW_FILE("pipe", "hello")],
  ])("named by %s is refused by haco apply without blocking, by name", async (_what, answer) => {
    const result = await apply(answer);
    expect(result.exitCode).toBe(1);
    const refused = refusedFor(parseEvents(result.stdout), "pipe");
    expect(refused?.code).toBe("unsafe-path");
    expect(refused?.reason).toContain("pipe is a FIFO, not a regular file; haco only edits regular files");
    expect((await lstat(path.join(repo.root, "pipe"))).isFIFO()).toBe(true);
  });

  it("named as a ticket's file is refused by haco run before the prompt is built, without blocking", async () => {
    const result = await runTicket("- files: pipe (edit)", DIFF("pipe", "one", "two", "TWO"));
    expect(ticketDone(parseEvents(result.stdout))).toMatchObject({ status: "refused" });
    expect(ticketDone(parseEvents(result.stdout))!.reason).toContain("pipe is a FIFO, not a regular file");
    expect(server.chats).toHaveLength(0);
  });

  it("named only by the worker's answer is refused by haco run without blocking, and nothing is committed", async () => {
    const before = await headAndStatus();
    const result = await runTicket("- files: notes.txt (create)", NEW_FILE("notes.txt", "hi") + NEW_FILE("pipe", "hello"));
    const events = parseEvents(result.stdout);
    expect(refusedFor(events, "pipe")?.reason).toContain("pipe is a FIFO, not a regular file");
    expect(ticketDone(events)).toMatchObject({ status: "refused" });
    expect(await headAndStatus()).toBe(before);
  });
});

describe("a device node in the repository", () => {
  it(
    MKNOD_WORKS
      ? "(a character device made with mknod) is refused by name through haco apply and haco run, never read"
      : "(a character device) is not checked on this machine: mknod is not permitted here",
    async () => {
      if (!MKNOD_WORKS) return;
      execFileSync("mknod", [path.join(repo.root, "zero"), "c", "1", "5"]);
      const applied = await apply(DIFF("zero", "one", "two", "TWO"));
      expect(applied.stderr).not.toContain("internal error");
      expect(refusedFor(parseEvents(applied.stdout), "zero")?.reason).toContain("zero is a character device, not a regular file; haco only edits regular files");
      const ran = await runTicket("- files: zero (edit)", DIFF("zero", "one", "two", "TWO"));
      expect(ran.stderr).not.toContain("internal error");
      expect(ticketDone(parseEvents(ran.stdout))!.reason).toContain("zero is a character device, not a regular file");
      expect(server.chats).toHaveLength(0);
    },
  );
});

describe("a path that runs through a file", () => {
  it("is refused with the same reason by haco apply and haco run, never as an internal error", async () => {
    const answer = NEW_FILE("notes.txt", "hi") + NEW_FILE("src/a.js/x.txt", "hello");
    const applied = await apply(answer);
    expect(applied.exitCode).toBe(1);
    const fromApply = refusedFor(parseEvents(applied.stdout), "src/a.js/x.txt");
    expect(fromApply?.reason).toContain("src/a.js is a file");

    const ran = await runTicket("- files: notes.txt (create)", answer);
    expect(ran.stderr).not.toContain("internal error");
    const events = parseEvents(ran.stdout);
    expect(refusedFor(events, "src/a.js/x.txt")?.reason).toBe(fromApply?.reason);
    expect(ticketDone(events)).toMatchObject({ status: "refused" });
    expect(await repo.read("src/a.js")).toBe("export const a = 1;\n");
  });
});

describe("C1 control characters", () => {
  it("in a path are refused like C0 ones, and never reach --json raw", async () => {
    const result = await apply(NEW_FILE("a\u009bb.txt", "hello\u0085there"));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toMatch(/[\u0080-\u009f]/);
    expect(result.stdout).toContain("\\u009b");
    const refused = eventsOf(parseEvents(result.stdout), "edit.refused")[0];
    expect(refused?.file).toBe("a\u009bb.txt");
    expect(refused?.reason).toMatch(/control characters/);
    expect(await repo.git("status", "--porcelain", "--untracked-files=all")).toBe("");
  });

  it("in the worker's tokens and the test output are escaped in haco run --json", async () => {
    await repo.write("PLAN.md", "# Plan\n\n## T-001: Add notes\n- files: notes.txt (create)\n- test: node -e \"console.log('out\\u009bput')\"\n\nDo it.\n");
    reply = () => ({ text: `${NEW_FILE("notes.txt", "hi")}\u009b[31m` });
    const result = await haco(["run", "--json", "--accept", "all"]);
    expect(result.stdout).not.toMatch(/[\u0080-\u009f]/);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "worker.token").map((e) => e.text).join("")).toContain("\u009b[31m");
    expect(eventsOf(events, "test.output").map((e) => e.line)).toContain("out\u009bput");
    // The run log holds the same events, escaped the same way.
    const logDir = path.join(repo.root, ".haco", "logs");
    const logs = (await readdir(logDir)).filter((name) => name.endsWith(".jsonl"));
    expect(logs.length).toBeGreaterThan(0);
    for (const name of logs) {
      const text = await readFile(path.join(logDir, name), "utf8");
      expect(text).not.toMatch(/[\u0080-\u009f]/);
      expect(text).toContain("\\u009b");
    }
  });
});

describe("many NEW FILE blocks", () => {
  /** A `git` first on PATH that logs each subcommand haco runs, then runs the real one. */
  async function countingGit(): Promise<{ env: Record<string, string>; count: () => Promise<number>; cleanup: () => Promise<void> }> {
    const dir = await mkdtemp(path.join(tmpdir(), "haco-git-count-"));
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    const log = path.join(dir, "calls.log");
    await writeFile(path.join(dir, "git"), `#!/bin/sh\necho "$1" >> "${log}"\nexec "${realGit}" "$@"\n`, { mode: 0o755 });
    await writeFile(log, "");
    return {
      env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}` },
      count: async () => (await readFile(log, "utf8")).split("\n").filter(Boolean).length,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }

  it("cost haco apply the same number of git processes for 3 files as for 120", async () => {
    const counts: number[] = [];
    for (const n of [3, 120]) {
      const gitLog = await countingGit();
      try {
        const answer = Array.from({ length: n }, (_, i) => NEW_FILE(`gen${n}/f${i}.txt`, `line ${i}`)).join("\n");
        const result = await execa(process.execPath, [BIN, "apply", "-", "--json"], { cwd: repo.root, input: answer, reject: false, env: hacoEnv(gitLog.env), timeout: BOUND_MS });
        expect(result.exitCode).toBe(0);
        expect(eventsOf(parseEvents(String(result.stdout)), "apply.done")[0]!.files).toHaveLength(n);
        counts.push(await gitLog.count());
      } finally {
        await gitLog.cleanup();
      }
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
