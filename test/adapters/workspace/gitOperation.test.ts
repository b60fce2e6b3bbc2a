import { afterEach, describe, expect, it } from "vitest";
import { commitChanges } from "../../../src/adapters/workspace/commitChanges.js";
import { operationBlockingCommits, operationInProgress, operationRefusal } from "../../../src/adapters/workspace/gitOperation.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { divergeBranches, stopOnConflict } from "../../helpers/gitConflict.js";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

/** main and other both changed a.txt: merging, rebasing or cherry-picking one onto the other stops on a conflict. */
async function divergedRepo(): Promise<TempRepo> {
  const r = await createTempRepo({ "a.txt": "base\n", "b.txt": "b\n" });
  await r.commitAll("base");
  await divergeBranches(r, "a.txt");
  return r;
}

describe("operationInProgress", () => {
  it("finds nothing in a repository at rest", async () => {
    repo = await divergedRepo();
    expect(await operationInProgress(repo.root)).toBeNull();
  });

  it.each([
    [["merge", "other"], "a merge", "git merge --abort"],
    [["cherry-pick", "other"], "a cherry-pick", "git cherry-pick --abort"],
  ])("names the operation a stopped `git %j` left, and how to finish or abort it", async (args, what, fix) => {
    repo = await divergedRepo();
    await stopOnConflict(repo, ...args);
    const operation = await operationBlockingCommits(repo.root);
    expect(operation?.what).toBe(what);
    expect(operation?.fix).toContain(fix);
    expect(operationRefusal(operation!)).toMatchObject({ code: "git_operation_in_progress", exitCode: 2 });
    expect(operationRefusal(operation!).message).toContain(`${what} is in progress in this repository, and haco would commit in the middle of it — ${operation!.fix}`);
  });

  it("names a revert stopped on a conflict", async () => {
    repo = await divergedRepo();
    // Reverting "ours" under a newer change of the same line conflicts.
    await repo.write("a.txt", "newer\n");
    await repo.commitAll("newer");
    await stopOnConflict(repo, "revert", "--no-edit", "HEAD~1");
    expect((await operationBlockingCommits(repo.root))?.fix).toContain("git revert --abort");
  });

  it("names a rebase stopped on a conflict", async () => {
    repo = await divergedRepo();
    await repo.git("checkout", "-q", "other");
    await stopOnConflict(repo, "rebase", "main");
    expect((await operationBlockingCommits(repo.root))?.fix).toContain("git rebase --abort");
  });

  it("sees a bisect, which does not block commits", async () => {
    repo = await divergedRepo();
    await repo.git("bisect", "start");
    expect((await operationInProgress(repo.root))?.what).toBe("a bisect");
    expect(await operationBlockingCommits(repo.root)).toBeNull();
  });
});

describe("commitChanges during a merge", () => {
  it("refuses to commit, leaves HEAD and the index alone, and says the change stays applied", async () => {
    repo = await divergedRepo();
    await stopOnConflict(repo, "merge", "other");
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const index = await repo.git("ls-files", "--stage");
    await repo.write("b.txt", "b (ticket)\n");
    const err = await commitChanges(repo.root, [{ path: "b.txt", before: "b\n", after: "b (ticket)\n" }], "feat: x\n").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "git_operation_in_progress", exitCode: 1 });
    expect((err as Error).message).toContain("a merge is in progress in this repository, so haco did not commit — the change is applied and left uncommitted");
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(await repo.git("ls-files", "--stage")).toBe(index);
    expect(await repo.read("b.txt")).toBe("b (ticket)\n");
  });
});
