import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/adapters/testing/runCommand.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "haco-cmd-"));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

describe("runCommand", () => {
  it("streams stdout and stderr line by line and reports the exit code", async () => {
    const lines: string[] = [];
    const result = await runCommand(`node -e "console.log('one'); console.error('two'); process.stdout.write('three'); process.exit(4)"`, {
      cwd,
      timeoutMs: 20_000,
      onLine: (stream, line) => lines.push(`${stream}:${line}`),
    });
    expect(result.exitCode).toBe(4);
    expect(result.timedOut).toBe(false);
    expect(lines).toEqual(expect.arrayContaining(["stdout:one", "stderr:two", "stdout:three"]));
    expect(result.tail).toEqual(expect.arrayContaining(["one", "two", "three"]));
  });

  it("runs in the given directory through the shell", async () => {
    const lines: string[] = [];
    const result = await runCommand("pwd && echo $((2+3))", { cwd, timeoutMs: 20_000, onLine: (_s, line) => lines.push(line) });
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual([await import("node:fs/promises").then((fs) => fs.realpath(cwd)), "5"]);
  });

  it("stops a command that runs past its timeout", async () => {
    const result = await runCommand(`node -e "setTimeout(() => {}, 60000)"`, { cwd, timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).not.toBe(0);
  });
});
