import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commitChanges } from "../../../src/adapters/workspace/commitChanges.js";
import { HacoError } from "../../../src/domain/errors.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

/**
 * haco commits with commit-tree, so it runs the repository's hooks itself,
 * the way `git commit -- <paths>` does: pre-commit sees exactly the ticket's
 * change staged, commit-msg may check or rewrite the message, and a hook that
 * refuses leaves the change applied and uncommitted.
 */

const BEFORE = "one\ntwo\nthree\n";
const AFTER = "one\ntwo (ticket)\nthree\n";
let repo: TempRepo;
afterEach(() => repo?.cleanup());

async function repoWithTicketChange(): Promise<string> {
  repo = await createTempRepo({ "a.txt": BEFORE, "user.txt": "mine\n" });
  await repo.commitAll("base");
  // The user's own work: one file staged, and the ticket's change on disk.
  await repo.write("user.txt", "mine, staged\n");
  await repo.git("add", "user.txt");
  await repo.write("a.txt", AFTER);
  return (await repo.git("rev-parse", "HEAD")).trim();
}

async function hook(name: string, script: string, dir = path.join(repo.root, ".git", "hooks")): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
}

const commit = (message = "feat: tune two (T-1)\n", hooks?: boolean) =>
  commitChanges(repo.root, [{ path: "a.txt", before: BEFORE, after: AFTER }], message, hooks === undefined ? {} : { hooks });

async function refusal(promise: Promise<unknown>): Promise<HacoError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HacoError);
  return err as HacoError;
}

describe("the repository's hooks on haco's commits", () => {
  it("runs pre-commit with exactly the ticket's change staged, not the user's index", async () => {
    await repoWithTicketChange();
    await hook("pre-commit", "git diff --cached --name-only > .git/seen-staged && git diff --cached > .git/seen-diff");
    await commit();
    expect(await repo.read(".git/seen-staged")).toBe("a.txt\n");
    expect(await repo.read(".git/seen-diff")).toContain("+two (ticket)");
    // The user's staged file is still staged, and not in the commit.
    expect(await repo.git("diff", "--cached", "--name-only")).toBe("user.txt\n");
    expect(await repo.git("show", "--name-only", "--format=", "HEAD")).toBe("a.txt\n");
  });

  it("refuses the commit when pre-commit fails, saying what it printed, without its escape sequences", async () => {
    const head = await repoWithTicketChange();
    await hook("pre-commit", `printf '\\033[31mlint: a.txt:2 trailing words\\033[0m\\n' >&2; exit 7`);
    const err = await refusal(commit());
    expect(err.code).toBe("commit_hook_failed");
    expect(err.message).toContain("the pre-commit hook refused the commit: lint: a.txt:2 trailing words (exit code 7)");
    expect(err.message).not.toContain("\x1b");
    expect(err.message).toContain("left uncommitted");
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(await repo.read("a.txt")).toBe(AFTER);
    expect(await repo.git("diff", "--cached", "--name-only")).toBe("user.txt\n");
  });

  it("commits the message as commit-msg rewrote it, and refuses one it rejects", async () => {
    await repoWithTicketChange();
    await hook("commit-msg", `grep -qE '^(feat|fix)(\\(.+\\))?: ' "$1" || { echo "not a Conventional Commit: $(head -1 "$1")"; exit 1; }\nprintf '\\nReviewed-by: hook\\n' >> "$1"`);
    const err = await refusal(commit("tune two\n"));
    expect(err.code).toBe("commit_hook_failed");
    expect(err.message).toContain("the commit-msg hook refused the commit: not a Conventional Commit: tune two (exit code 1)");
    const result = await commit();
    expect(result.message).toBe("feat: tune two (T-1)\n\nReviewed-by: hook\n");
    expect(await repo.git("log", "-1", "--format=%B")).toContain("Reviewed-by: hook");
  });

  it("refuses when pre-commit stages something nobody reviewed", async () => {
    const head = await repoWithTicketChange();
    await hook("pre-commit", "echo generated > other.txt && git add other.txt");
    const err = await refusal(commit());
    expect(err.code).toBe("commit_hook_restaged");
    expect(err.message).toContain("other.txt");
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(await repo.git("diff", "--cached", "--name-only")).toBe("user.txt\n");
  });

  it("runs post-commit after the commit and ignores its failure, as git does", async () => {
    await repoWithTicketChange();
    await hook("post-commit", "git rev-parse HEAD > .git/seen-head; exit 1");
    const { sha } = await commit();
    expect((await repo.read(".git/seen-head")).trim()).toBe(sha);
  });

  it("finds hooks where core.hooksPath points, and runs none with hooks off", async () => {
    const head = await repoWithTicketChange();
    await repo.git("config", "core.hooksPath", ".githooks");
    await hook("pre-commit", "echo 'blocked by the team hook'; exit 1", path.join(repo.root, ".githooks"));
    const err = await refusal(commit());
    expect(err.message).toContain("blocked by the team hook");
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    const { sha } = await commit(undefined, false);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(sha);
  });
});
