import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco } from "../helpers/runHaco.js";
import { NEEDS_TERMINAL } from "../../src/tui/terminal.js";

// These run the built CLI (bin/haco.js → dist/): `npm test` builds first.
let repo: TempRepo;

beforeEach(async () => {
  repo = await createTempRepo({ "PLAN.md": "# Plan\n\n## T-001: Add hello\n- files: a.js (create)\n\nAdd it.\n" });
});

afterEach(async () => {
  await repo.cleanup();
});

describe("haco without a subcommand", () => {
  it("refuses to draw the cockpit into a pipe and points at the headless mode", async () => {
    const result = await runHaco([], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`${NEEDS_TERMINAL}\n`);
    expect(result.stdout).toBe("");
  });

  it("treats cockpit flags the same way", async () => {
    const result = await runHaco(["--plan", "PLAN.md", "--theme", "light"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("the cockpit needs a terminal");
  });

  it("still prints the help for --help, naming the cockpit", async () => {
    const result = await runHaco(["--help"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("haco [--plan FILE] [--theme T] [--model M]");
  });

  it("rejects an unknown flag with a usage error", async () => {
    const result = await runHaco(["--colour", "red"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("haco: unknown option --colour — check its spelling; 'haco --help' lists the options");
  });
});
