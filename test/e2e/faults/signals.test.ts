import { existsSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { fileAppears, startHaco } from "../../helpers/hacoProcess.js";
import { MATH, plan, RUN, SUBTRACT_DIFF } from "./fixture.js";

/**
 * SIGTERM and SIGINT end a run promptly, whatever it is stuck in, and put
 * back what its journal holds: here a pre-commit hook that never returns.
 */

let server: FakeOllama;
let repo: TempRepo;
let started: string;

beforeEach(async () => {
  server = await startFakeOllama({ reply: () => ({ text: SUBTRACT_DIFF }) });
  repo = await createTempRepo({ "src/math.js": MATH });
  await repo.write("plan.json", plan("node -e 0"));
  await repo.commitAll("initial");
  started = path.join(path.dirname(repo.root), "hook-started");
  const hook = path.join(repo.root, ".git", "hooks", "pre-commit");
  await writeFile(hook, `#!/bin/sh\ntouch '${started}'\nexec sleep 600\n`);
  await chmod(hook, 0o755);
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const)("%s while a pre-commit hook hangs", (signal, code) => {
  it(`ends the run with exit ${code}, the ticket's files restored and no journal left`, async () => {
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const haco = startHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    await fileAppears(started);
    haco.kill(signal);
    const end = await haco.ended;
    expect(end.exitCode, end.stderr).toBe(code);
    expect(end.stderr).toContain("T-001: restored src/math.js");
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(existsSync(path.join(repo.root, ".haco/journal/T-001.json"))).toBe(false);
  });
});

describe("a second signal", () => {
  it("does not wait for the run to wind down", async () => {
    const haco = startHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    await fileAppears(started);
    haco.kill("SIGINT");
    haco.kill("SIGINT");
    const end = await haco.ended;
    expect(end.exitCode, end.stderr).toBe(130);
    expect(await repo.read("src/math.js")).toBe(MATH);
  });
});
