import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkGit } from "../../../src/adapters/doctor/gitChecks.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { divergeBranches, startConflictingMerge, stopOnConflict } from "../../helpers/gitConflict.js";

let repo: TempRepo | undefined;
let outside: string | undefined;

afterEach(async () => {
  await repo?.cleanup();
  if (outside) await rm(outside, { recursive: true, force: true });
  repo = undefined;
  outside = undefined;
});

const byName = (checks: { name: string }[]) => checks.map((c) => c.name);

describe("checkGit", () => {
  it("passes a repository with a commit on a branch, nothing in progress and no journal", async () => {
    repo = await createTempRepo({ "a.txt": "a\n" });
    const sha = await repo.commitAll("init");
    const found = await checkGit(repo.root);
    expect(found.repoRoot).toBe(await realRoot(repo));
    expect(byName(found.checks)).toEqual(["git repository", "git state", "interrupted run"]);
    expect(found.checks.map((c) => c.status)).toEqual(["ok", "ok", "ok"]);
    expect(found.checks[0]!.detail).toContain(`main at ${sha.slice(0, 7)}`);
  });

  it("works from a subdirectory", async () => {
    repo = await createTempRepo({ "src/a.txt": "a\n" });
    await repo.commitAll("init");
    const found = await checkGit(path.join(repo.root, "src"));
    expect(found.repoRoot).toBe(await realRoot(repo));
  });

  it("fails outside a repository, with how to get into one, and nothing else to say", async () => {
    outside = await mkdtemp(path.join(tmpdir(), "haco-doctor-norepo-"));
    const found = await checkGit(outside);
    expect(found.repoRoot).toBeNull();
    expect(found.checks).toHaveLength(1);
    expect(found.checks[0]).toMatchObject({ name: "git repository", status: "fail" });
    expect(found.checks[0]!.detail).toContain("not inside a git repository");
    expect(found.checks[0]!.fix).toContain("git init");
  });

  it("warns about a repository without a commit, and about a detached HEAD", async () => {
    repo = await createTempRepo({ "a.txt": "a\n" });
    const unborn = (await checkGit(repo.root)).checks[0]!;
    expect(unborn.status).toBe("warn");
    expect(unborn.detail).toContain("no commit yet");
    expect(unborn.fix).toContain("git commit --allow-empty");

    const sha = await repo.commitAll("init");
    await repo.git("checkout", "-q", "--detach", sha);
    const detached = (await checkGit(repo.root)).checks[0]!;
    expect(detached.status).toBe("warn");
    expect(detached.detail).toContain("detached");
    expect(detached.fix).toBe("git switch -c <branch-name>");
  });

  it("fails while a merge is stopped on a conflict, with how to finish or abort it", async () => {
    repo = await createTempRepo({ "a.txt": "base\n" });
    await repo.commitAll("base");
    await startConflictingMerge(repo, "a.txt");

    const state = (await checkGit(repo.root)).checks[1]!;
    expect(state).toMatchObject({ name: "git state", status: "fail" });
    expect(state.detail).toContain("a merge is in progress");
    expect(state.fix).toContain("git merge --abort");
  });

  it("fails during a rebase stopped on a conflict", async () => {
    repo = await createTempRepo({ "a.txt": "base\n" });
    await repo.commitAll("base");
    await divergeBranches(repo, "a.txt");
    await repo.git("checkout", "-q", "other");
    await stopOnConflict(repo, "rebase", "main");

    const state = (await checkGit(repo.root)).checks[1]!;
    expect(state.status).toBe("fail");
    expect(state.detail).toContain("rebase");
    expect(state.fix).toContain("git rebase --abort");
  });

  it("fails when an interrupted run left its journal, naming the ticket and haco rollback", async () => {
    repo = await createTempRepo({ "a.txt": "a\n" });
    await repo.commitAll("init");
    await repo.write(".haco/journal/T-002.json", JSON.stringify({ ticket: "T-002", entries: [] }));
    const journal = (await checkGit(repo.root)).checks[2]!;
    expect(journal).toMatchObject({ name: "interrupted run", status: "fail", fix: "haco rollback" });
    expect(journal.detail).toContain("T-002");
  });
});

/** macOS puts tmpdir behind a symlink; git reports the real path. */
async function realRoot(repo: TempRepo): Promise<string> {
  return (await repo.git("rev-parse", "--show-toplevel")).trim();
}
