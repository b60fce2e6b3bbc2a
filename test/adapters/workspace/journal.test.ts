import { chmod, readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal, pendingJournals, rollbackFromJournal } from "../../../src/adapters/workspace/journal.js";
import { writeFileAtomic } from "../../../src/adapters/workspace/atomicWrite.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe("Journal", () => {
  it("restores edited files byte for byte (CRLF, no final newline, mode) and removes created ones", async () => {
    repo = await createTempRepo({ "win.txt": "a\r\nb\r\nno final newline" , "tool.sh": "#!/bin/sh\n" });
    await chmod(path.join(repo.root, "tool.sh"), 0o755);
    const journal = await Journal.open(repo.root, "T-9");
    for (const [file, after] of [["win.txt", "changed\n"], ["tool.sh", "changed\n"], ["new/dir/file.txt", "created\n"]] as const) await journal.record(file, after);
    expect(existsSync(journal.file)).toBe(true);

    await writeFileAtomic(path.join(repo.root, "win.txt"), "changed\n");
    await writeFileAtomic(path.join(repo.root, "tool.sh"), "changed\n");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(repo.root, "new/dir"), { recursive: true });
    await writeFileAtomic(path.join(repo.root, "new/dir/file.txt"), "created\n");

    expect((await journal.rollback()).restored.sort()).toEqual(["new/dir/file.txt", "tool.sh", "win.txt"]);
    expect(await readFile(path.join(repo.root, "win.txt"), "utf8")).toBe("a\r\nb\r\nno final newline");
    expect((await stat(path.join(repo.root, "tool.sh"))).mode & 0o777).toBe(0o755);
    expect(existsSync(path.join(repo.root, "new/dir/file.txt"))).toBe(false);
    expect(existsSync(journal.file)).toBe(false);
  });

  it("survives the process: a journal left behind restores the files later", async () => {
    repo = await createTempRepo({ "a.txt": "original\n" });
    const journal = await Journal.open(repo.root, "T-3");
    await journal.record("a.txt", "half-done\n");
    await writeFileAtomic(path.join(repo.root, "a.txt"), "half-done\n");
    expect(await pendingJournals(repo.root)).toEqual(["T-3.json"]);
    expect((await rollbackFromJournal(repo.root, "T-3.json")).restored).toEqual(["a.txt"]);
    expect(await repo.read("a.txt")).toBe("original\n");
    expect(await pendingJournals(repo.root)).toEqual([]);
  });

  it("keeps its scratch files out of git status", async () => {
    repo = await createTempRepo({ "a.txt": "x\n" });
    await repo.commitAll("base");
    const journal = await Journal.open(repo.root, "T-1");
    await journal.record("a.txt", "y\n");
    expect(await repo.git("status", "--porcelain")).toBe("?? .haco/\n");
    expect(await repo.git("status", "--porcelain", "--untracked-files=all")).toBe("?? .haco/.gitignore\n");
  });
});

describe("writeFileAtomic", () => {
  it("keeps an existing file's mode and leaves no temporary file behind", async () => {
    repo = await createTempRepo({ "s.sh": "old\n" });
    await chmod(path.join(repo.root, "s.sh"), 0o750);
    await writeFileAtomic(path.join(repo.root, "s.sh"), "new\n");
    expect(await repo.read("s.sh")).toBe("new\n");
    expect((await stat(path.join(repo.root, "s.sh"))).mode & 0o777).toBe(0o750);
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(repo.root)).filter((f) => f.includes("haco-"))).toEqual([]);
  });
});
