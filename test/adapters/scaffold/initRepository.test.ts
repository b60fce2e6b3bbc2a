import { lstat, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HacoError } from "../../../src/domain/errors.js";
import { SECTION_BEGIN } from "../../../src/adapters/scaffold/claudeSection.js";
import { createFileExclusive } from "../../../src/adapters/workspace/createExclusive.js";
import { initRepository } from "../../../src/adapters/scaffold/initRepository.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe("initRepository", () => {
  it("keeps the bytes of a CLAUDE.md that is not UTF-8 exactly, before the appended section", async () => {
    repo = await createTempRepo();
    const latin1 = Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xfe, 0x0a]);
    await writeFile(path.join(repo.root, "CLAUDE.md"), latin1);
    const report = await initRepository(repo.root, { force: false });
    expect(report.appended).toEqual(["CLAUDE.md"]);
    const after = await readFile(path.join(repo.root, "CLAUDE.md"));
    expect(after.subarray(0, latin1.length).equals(latin1)).toBe(true);
    expect(after.subarray(latin1.length).toString("utf8")).toMatch(/^\n<!-- haco:begin -->\n## Supervising with haco\n[\s\S]*are the supervisor — you plan[\s\S]*<!-- haco:end -->\n$/);
  });

  it("writes through a CLAUDE.md that is a symlink, leaving the link in place", async () => {
    repo = await createTempRepo({ "AGENTS.md": "# Agents\n" });
    await symlink("AGENTS.md", path.join(repo.root, "CLAUDE.md"));
    await initRepository(repo.root, { force: false });
    expect((await lstat(path.join(repo.root, "CLAUDE.md"))).isSymbolicLink()).toBe(true);
    expect(await repo.read("AGENTS.md")).toMatch(new RegExp(`^# Agents\\n\\n${SECTION_BEGIN}`));
  });

  it("reports every file once, in one of the four lists", async () => {
    repo = await createTempRepo({ ".hacoignore": "mine\n" });
    const first = await initRepository(repo.root, { force: false });
    expect(first.kept).toEqual([".hacoignore"]);
    expect(first.notes[".hacoignore"]).toBe("exists");
    const second = await initRepository(repo.root, { force: true });
    expect(second.replaced).toEqual([".hacoignore"]);
    expect(second.created).toEqual([]);
    expect([...second.kept].sort()).toEqual(
      ["CLAUDE.md", ".haco/.gitignore", ".haco/config.yaml", ".haco/prompts/ticket-code.md", ".haco/prompts/ticket-test.md", ".haco/prompts/ticket-refactor.md", ".haco/prompts/ticket-doc.md"].sort(),
    );
    expect(Object.values(second.notes).every((note) => note === "unchanged")).toBe(true);
  });

  it("names the file when something on disk is in the way", async () => {
    repo = await createTempRepo();
    await mkdir(path.join(repo.root, ".hacoignore"));
    const failure = await initRepository(repo.root, { force: false }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(HacoError);
    expect((failure as HacoError).message).toMatch(/^\.hacoignore: cannot be set up \(EISDIR/);
  });
});

describe("createFileExclusive", () => {
  it("creates a missing file and never replaces an existing one, leaving no temporary file behind", async () => {
    repo = await createTempRepo({ "taken.txt": "mine\n" });
    expect(await createFileExclusive(path.join(repo.root, "new.txt"), "new\n")).toBe(true);
    expect(await createFileExclusive(path.join(repo.root, "taken.txt"), "theirs\n")).toBe(false);
    expect(await repo.read("new.txt")).toBe("new\n");
    expect(await repo.read("taken.txt")).toBe("mine\n");
    expect((await repo.git("status", "--porcelain", "--untracked-files=all")).split("\n").filter(Boolean).sort()).toEqual(["?? new.txt", "?? taken.txt"]);
  });
});
