import { existsSync } from "node:fs";
import { chmod, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commitChanges } from "../../../src/adapters/workspace/commitChanges.js";
import { undoCommit } from "../../../src/adapters/workspace/undoCommit.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

/**
 * `git update-ref` killed by a signal (the Ctrl-C that reaches every process
 * of the terminal) before or after it moved HEAD. Its exit code says nothing
 * of which: haco must read HEAD, and either finish (index published) or give
 * its index.lock back — never leave the lock, never a HEAD that moved under
 * an index still holding the old blobs.
 */

const BASE = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const AFTER = BASE.replace("line 3\n", "line 3 (ticket)\n");
let repo: TempRepo;
afterEach(() => repo?.cleanup());

const head = async () => (await repo.git("rev-parse", "HEAD")).trim();
const lock = () => path.join(repo.root, ".git", "index.lock");

/** A reference-transaction hook that kills its git update-ref with SIGINT in `state`. */
async function killUpdateRefIn(state: "prepared" | "committed"): Promise<void> {
  const hook = path.join(repo.root, ".git", "hooks", "reference-transaction");
  await writeFile(hook, `#!/bin/sh\n[ "$1" = ${state} ] && kill -INT "$PPID"\nexit 0\n`);
  await chmod(hook, 0o755);
}

const removeHook = () => rm(path.join(repo.root, ".git", "hooks", "reference-transaction"));

describe("commitChanges with git update-ref killed", () => {
  it("before HEAD moved: refuses, and gives back its index.lock", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    const base = await repo.commitAll("base");
    await repo.write("a.txt", AFTER);
    await killUpdateRefIn("prepared");
    await expect(commitChanges(repo.root, [{ path: "a.txt", before: BASE, after: AFTER }], "feat: x\n")).rejects.toThrow(/update-ref/);
    expect(await head()).toBe(base);
    expect(existsSync(lock())).toBe(false);
    expect(await repo.git("diff", "--cached")).toBe("");
  });

  it("after HEAD moved: the commit stands and the index matches it", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    const base = await repo.commitAll("base");
    await repo.write("a.txt", AFTER);
    await killUpdateRefIn("committed");
    const { sha } = await commitChanges(repo.root, [{ path: "a.txt", before: BASE, after: AFTER }], "feat: x\n");
    expect(await head()).toBe(sha);
    expect(sha).not.toBe(base);
    expect(existsSync(lock())).toBe(false);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });
});

describe("undoCommit with git update-ref killed", () => {
  it("before HEAD moved: nothing is undone, and no index.lock is left", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    await repo.commitAll("base");
    await repo.write("a.txt", AFTER);
    const { sha } = await commitChanges(repo.root, [{ path: "a.txt", before: BASE, after: AFTER }], "feat: x\n");
    await killUpdateRefIn("prepared");
    await expect(undoCommit(repo.root, { sha, files: [{ path: "a.txt", before: BASE, after: AFTER }] })).rejects.toThrow(/update-ref/);
    await removeHook();
    expect(await head()).toBe(sha);
    expect(existsSync(lock())).toBe(false);
    expect(await repo.read("a.txt")).toBe(AFTER);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });

  it("after HEAD moved: the undo is finished, files and index with it", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    const base = await repo.commitAll("base");
    await repo.write("a.txt", AFTER);
    const { sha } = await commitChanges(repo.root, [{ path: "a.txt", before: BASE, after: AFTER }], "feat: x\n");
    await killUpdateRefIn("committed");
    await undoCommit(repo.root, { sha, files: [{ path: "a.txt", before: BASE, after: AFTER }] });
    await removeHook();
    expect(await head()).toBe(base);
    expect(existsSync(lock())).toBe(false);
    expect(await repo.read("a.txt")).toBe(BASE);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });
});
