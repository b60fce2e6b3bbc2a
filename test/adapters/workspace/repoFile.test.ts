import { execFileSync } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inspectRepoPath } from "../../../src/adapters/workspace/repoPaths.js";
import { readRepoFile } from "../../../src/adapters/workspace/repoFile.js";
import { WorkspaceSnapshot } from "../../../src/session/workspaceSnapshot.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const reasonOf = async (relative: string) => {
  const read = await readRepoFile(repo.root, relative);
  return read.ok ? null : read.reason;
};

describe("inspectRepoPath: the path rule on disk", () => {
  it("accepts regular files and absent paths, whatever folders they would need", async () => {
    repo = await createTempRepo({ "src/a.js": "a\n" });
    expect(await inspectRepoPath(repo.root, "src/a.js")).toEqual({ ok: true, absolute: path.join(repo.root, "src/a.js"), exists: true });
    expect(await inspectRepoPath(repo.root, "src/new/deep.js")).toMatchObject({ ok: true, exists: false });
  });

  it.each([
    [".git", "g", "g/config", 'g/config goes through g, a symbolic link to .git: ".git/config" is inside .git/'],
    [".git/hooks", "hooks", "hooks/pre-commit", '".git/hooks/pre-commit" is inside .git/'],
    [".haco", "h", "h/config.yaml", '".haco/config.yaml" is inside .haco/'],
    [".hacoignore", "ignore-rules", "ignore-rules", "is .hacoignore"],
    ["..", "up", "up/x.txt", "up/x.txt goes through a symlink that leads outside the repository (up → ..)"],
    ["/etc", "etc", "etc/hosts", "leads outside the repository"],
  ])("refuses a link to %s by where it really leads, even when nothing is at the end yet", async (target, link, file, why) => {
    repo = await createTempRepo({ ".haco/config.yaml": "verify: []\n", ".hacoignore": "x\n" });
    await symlink(target, path.join(repo.root, link));
    const inspected = await inspectRepoPath(repo.root, file);
    expect(inspected.ok).toBe(false);
    expect(!inspected.ok && inspected.reason).toContain(why);
  });

  it("refuses a link inside the repository, saying which path to edit instead, and a dangling link by where it would lead", async () => {
    repo = await createTempRepo({ "docs/real.md": "x\n" });
    await symlink("docs/real.md", path.join(repo.root, "alias.md"));
    await symlink("docs", path.join(repo.root, "d"));
    await symlink("nowhere.md", path.join(repo.root, "dangling.md"));
    expect(await reasonOf("alias.md")).toBe(
      "alias.md is a symbolic link to docs/real.md; haco does not edit through symbolic links (the link would become a regular file) — edit docs/real.md instead",
    );
    expect(await reasonOf("d/new.md")).toContain("d/new.md goes through d, a symbolic link to docs; haco does not edit through symbolic links (the link would become a regular file) — edit docs/new.md instead");
    expect(await reasonOf("dangling.md")).toContain("edit nowhere.md instead");
  });

  it("refuses a path through a file, and anything that is not a regular file, by name", async () => {
    repo = await createTempRepo({ "src/a.js": "a\n" });
    execFileSync("mkfifo", [path.join(repo.root, "pipe")]);
    await mkdir(path.join(repo.root, "dir"));
    expect(await reasonOf("src/a.js/x.txt")).toBe("src/a.js is a file, not a folder, so there can be no src/a.js/x.txt — name a path whose folders are folders");
    expect(await reasonOf("pipe")).toBe("pipe is a FIFO, not a regular file; haco only edits regular files");
    expect(await reasonOf("pipe/x")).toContain("pipe is a FIFO, not a folder");
    expect(await reasonOf("dir")).toBe("dir is a directory — name a file in it instead");
  });
});

describe("readRepoFile", () => {
  it("reads UTF-8 exactly (a BOM, CRLF, no final newline) and refuses other bytes by name with what to do", async () => {
    repo = await createTempRepo();
    await writeFile(path.join(repo.root, "bom.txt"), "\ufeffa\r\nb");
    await writeFile(path.join(repo.root, "latin.txt"), Buffer.from([0x6f, 0x6b, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await writeFile(path.join(repo.root, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]));
    expect(await readRepoFile(repo.root, "bom.txt")).toMatchObject({ ok: true, content: "\ufeffa\r\nb" });
    expect(await reasonOf("latin.txt")).toMatch(/^latin\.txt is not UTF-8 \(line 2 .*convert it to UTF-8/);
    expect(await reasonOf("image.png")).toMatch(/^image\.png is not UTF-8/);
    expect(await readRepoFile(repo.root, "missing.txt")).toMatchObject({ ok: true, content: null });
  });
});

describe("WorkspaceSnapshot.changedOnDisk", () => {
  it.each([
    ["a FIFO", (file: string) => execFileSync("mkfifo", [file]), "pipe.txt is a FIFO, not a regular file"],
    ["a symbolic link", (file: string) => symlink("other.txt", file), "symbolic link to other.txt"],
  ])("says a file became %s since the draft, without opening it", async (_what, make, why) => {
    repo = await createTempRepo({ "pipe.txt": "x\n", "other.txt": "x\n" });
    const snapshot = new WorkspaceSnapshot(repo.root);
    await snapshot.load("pipe.txt");
    execFileSync("rm", [path.join(repo.root, "pipe.txt")]);
    await make(path.join(repo.root, "pipe.txt"));
    const changed = await snapshot.changedOnDisk("pipe.txt");
    expect(changed).toContain("pipe.txt changed on disk");
    expect(changed).toContain(why);
    expect(changed).toContain("nothing was written");
  });
});
