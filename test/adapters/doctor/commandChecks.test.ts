import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkCommands, findExecutable } from "../../../src/adapters/doctor/commandChecks.js";
import type { LoadedTicket } from "../../../src/domain/tickets/ticket.js";

/** PATH points at a folder of our own, so which programs "exist" is up to the test. */
let bin: string;
let repoRoot: string;

beforeEach(async () => {
  bin = await mkdtemp(path.join(tmpdir(), "haco-doctor-bin-"));
  repoRoot = await mkdtemp(path.join(tmpdir(), "haco-doctor-repo-"));
  await tool(bin, "fakenpm");
  await tool(bin, "fakenode");
});

afterEach(async () => {
  await rm(bin, { recursive: true, force: true });
  await rm(repoRoot, { recursive: true, force: true });
});

async function tool(dir: string, name: string, mode = 0o755): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, "#!/bin/sh\nexit 0\n");
  await chmod(file, mode);
  return file;
}

function ticket(id: string, testCommand?: string): LoadedTicket {
  return {
    id,
    title: id,
    description: "",
    owner: "worker",
    files: [],
    contextFiles: [],
    acceptanceCriteria: [],
    constraints: [],
    steps: [],
    kind: "code",
    ...(testCommand ? { testCommand } : {}),
    source: { file: "PLAN.md", format: "planmd" },
  };
}

const env = () => ({ PATH: bin });

describe("findExecutable", () => {
  it("finds a program on PATH and refuses one that is not executable", async () => {
    expect(await findExecutable("fakenpm", { cwd: repoRoot, env: env() })).toBe(path.join(bin, "fakenpm"));
    await tool(bin, "notexec", 0o644);
    expect(await findExecutable("notexec", { cwd: repoRoot, env: env() })).toBeNull();
    expect(await findExecutable("nowhere", { cwd: repoRoot, env: env() })).toBeNull();
    expect(await findExecutable("fakenpm", { cwd: repoRoot, env: {} })).toBeNull();
  });

  it("reads a name with a slash as a path from the repository", async () => {
    await tool(repoRoot, "test.sh");
    expect(await findExecutable("./test.sh", { cwd: repoRoot, env: env() })).toBe(path.join(repoRoot, "test.sh"));
    expect(await findExecutable("./missing.sh", { cwd: repoRoot, env: env() })).toBeNull();
  });
});

describe("checkCommands", () => {
  it("passes every distinct program once, naming who uses it", async () => {
    const checks = await checkCommands(
      [ticket("T-001", "fakenpm test"), ticket("T-002", "fakenpm run lint && fakenode -e \"process.exit(0)\"")],
      ["fakenpm run build"],
      { repoRoot, cwd: repoRoot, env: env() },
    );
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ["program fakenpm", "ok"],
      ["program fakenode", "ok"],
    ]);
    expect(checks[0]!.detail).toBe(`${path.join(bin, "fakenpm")} (T-001's test_command, T-002's test_command, verify[0])`);
  });

  it("warns with the missing program and the commands that need it", async () => {
    const checks = await checkCommands([ticket("T-001", "CI=1 pytest -q tests/")], ["fakenpm test", "./scripts/check.sh"], {
      repoRoot,
      cwd: repoRoot,
      env: env(),
    });
    const pytest = checks.find((c) => c.name === "program pytest")!;
    expect(pytest.status).toBe("warn");
    expect(pytest.detail).toBe("pytest is not on PATH: T-001's test_command would fail");
    expect(pytest.fix).toContain("install pytest");
    const script = checks.find((c) => c.name === "program ./scripts/check.sh")!;
    expect(script.status).toBe("warn");
    expect(script.detail).toContain("does not exist or is not executable");
    expect(checks.find((c) => c.name === "program fakenpm")!.status).toBe("ok");
  });

  it("warns when tickets have no test command and no verify command is set", async () => {
    const checks = await checkCommands([ticket("T-001"), ticket("T-002", "fakenpm test"), ticket("T-003")], [], {
      repoRoot,
      cwd: repoRoot,
      env: env(),
    });
    expect(checks[0]).toMatchObject({ name: "tests", status: "warn" });
    expect(checks[0]!.detail).toContain("T-001, T-003 have no test_command");
    expect(checks[0]!.fix).toContain("verify:");
    expect(checks[1]).toMatchObject({ name: "program fakenpm", status: "ok" });
  });

  it("says there is nothing to check without commands", async () => {
    expect(await checkCommands([], [], { repoRoot: null, cwd: repoRoot, env: env() })).toEqual([
      { name: "tests", status: "ok", detail: "no test or verify commands to check" },
    ]);
  });
});
