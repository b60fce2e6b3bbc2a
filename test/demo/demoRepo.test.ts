import { mkdtemp, readdir, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDemoRepo } from "../../src/demo/demoRepo.js";
import { DEMO_FILES, DEMO_PLAN_FILE } from "../../src/demo/demoProject.js";
import { loadTicketsFromFile } from "../../src/adapters/tickets/loadTickets.js";

let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "haco-demo-test-"));
});

afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

const git = async (cwd: string, ...args: string[]) => String((await execa("git", args, { cwd })).stdout);

describe("the demo repository", () => {
  it("is a haco-demo-* git repository with the project committed once, by its own identity", async () => {
    const repo = await createDemoRepo(parent);
    expect(path.basename(repo.root)).toMatch(/^haco-demo-/);
    expect(path.dirname(repo.root)).toBe(await realpath(parent));
    expect(await git(repo.root, "rev-parse", "--show-toplevel")).toBe(repo.root);
    expect(await git(repo.root, "rev-list", "--count", "HEAD")).toBe("1");
    expect(await git(repo.root, "status", "--porcelain")).toBe("");
    expect((await git(repo.root, "ls-files")).split("\n").sort()).toEqual(Object.keys(DEMO_FILES).sort());
    // The identity lives in the repository's config, so haco's commits there work on any machine.
    expect(await git(repo.root, "config", "--local", "user.email")).toBe("demo@haco.invalid");
    expect(await git(repo.root, "log", "-1", "--format=%an <%ae>")).toBe("haco demo <demo@haco.invalid>");
    expect(repo.planFile).toBe(path.join(repo.root, DEMO_PLAN_FILE));
  });

  it("has tests that pass with node --test before any ticket, with nothing to install", async () => {
    const repo = await createDemoRepo(parent);
    const result = await execa(process.execPath, ["--test"], { cwd: repo.root, reject: false, env: { NODE_OPTIONS: "" } });
    expect(result.exitCode, String(result.stdout)).toBe(0);
    expect(String(result.stdout)).toMatch(/# pass 3\b/);
  });

  it("holds a plan of three worker tickets, each with a node --test command", async () => {
    const repo = await createDemoRepo(parent);
    const tickets = await loadTicketsFromFile(repo.planFile, DEMO_PLAN_FILE);
    expect(tickets.map((t) => t.id)).toEqual(["T-001", "T-002", "T-003"]);
    for (const ticket of tickets) {
      expect(ticket.owner).toBe("worker");
      expect(ticket.testCommand).toMatch(/^node --test\b/);
      expect(ticket.acceptanceCriteria.length).toBeGreaterThan(0);
    }
  });

  it("remove() deletes the repository and nothing else", async () => {
    const repo = await createDemoRepo(parent);
    await repo.remove();
    expect(await readdir(parent)).toEqual([]);
  });
});
