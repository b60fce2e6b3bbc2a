import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeCommandEnd, runCommand } from "../../../src/adapters/testing/runCommand.js";

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

  it("reports the signal that stopped a command, and no exit code", async () => {
    const result = await runCommand("kill -INT $$", { cwd, timeoutMs: 20_000 });
    expect(result).toMatchObject({ exitCode: null, signal: "SIGINT", timedOut: false });
    expect(describeCommandEnd(result, 20_000)).toBe("was stopped by SIGINT");
  });

  it("reports SIGTERM for a command stopped through its abort signal", async () => {
    const controller = new AbortController();
    const started = runCommand("echo ready; exec sleep 30", { cwd, timeoutMs: 60_000, signal: controller.signal, onLine: () => controller.abort() });
    const result = await started;
    expect(result).toMatchObject({ exitCode: null, signal: "SIGTERM" });
  });

  it("has a signal only when no exit code was given", async () => {
    const result = await runCommand("exit 3", { cwd, timeoutMs: 20_000 });
    expect(result).toMatchObject({ exitCode: 3, signal: null });
    expect(describeCommandEnd(result, 20_000)).toBe("exited with 3");
    expect(describeCommandEnd({ exitCode: null, signal: "SIGTERM", timedOut: true }, 500)).toBe("timed out after 500 ms");
  });
});
