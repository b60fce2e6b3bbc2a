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

describe("initRepository --force keeps what it replaces", () => {
  it("keeps the old content beside each replaced file as <name>.bak, and reports it", async () => {
    repo = await createTempRepo({ ".hacoignore": "secrets/\n", ".haco/config.yaml": "worker:\n  model: mine\n" });
    const report = await initRepository(repo.root, { force: true });
    expect(report.replaced.sort()).toEqual([".haco/config.yaml", ".hacoignore"]);
    expect(report.backups).toEqual({ ".haco/config.yaml": ".haco/config.yaml.bak", ".hacoignore": ".hacoignore.bak" });
    expect(await repo.read(".hacoignore.bak")).toBe("secrets/\n");
    expect(await repo.read(".haco/config.yaml.bak")).toBe("worker:\n  model: mine\n");
    expect(await repo.read(".hacoignore")).not.toBe("secrets/\n");
  });

  it("never overwrites an earlier backup: the next one gets a number", async () => {
    repo = await createTempRepo({ ".hacoignore": "third\n", ".hacoignore.bak": "first\n", ".hacoignore.bak.1": "second\n" });
    const report = await initRepository(repo.root, { force: true });
    expect(report.backups[".hacoignore"]).toBe(".hacoignore.bak.2");
    expect(await repo.read(".hacoignore.bak")).toBe("first\n");
    expect(await repo.read(".hacoignore.bak.1")).toBe("second\n");
    expect(await repo.read(".hacoignore.bak.2")).toBe("third\n");
  });

  it("keeps CLAUDE.md as it was before its haco section is replaced", async () => {
    repo = await createTempRepo();
    await initRepository(repo.root, { force: false });
    const edited = (await repo.read("CLAUDE.md")).replace("## Supervising with haco", "## Supervising with haco (mine)");
    await repo.write("CLAUDE.md", edited);
    const report = await initRepository(repo.root, { force: true });
    expect(report.replaced).toEqual(["CLAUDE.md"]);
    expect(report.backups).toEqual({ "CLAUDE.md": "CLAUDE.md.bak" });
    expect(await repo.read("CLAUDE.md.bak")).toBe(edited);
  });

  it("makes no backup of a file it leaves alone", async () => {
    repo = await createTempRepo({ ".hacoignore": "mine\n" });
    const report = await initRepository(repo.root, { force: false });
    expect(report.backups).toEqual({});
    await expect(repo.read(".hacoignore.bak")).rejects.toThrow();
  });
});

describe("initRepository never writes through a symlink", () => {
  it("refuses to replace a config.yaml that is a symlink, naming it, and leaves the linked file alone", async () => {
    repo = await createTempRepo({ "elsewhere/real.yaml": "worker:\n  model: theirs\n" });
    await mkdir(path.join(repo.root, ".haco"), { recursive: true });
    await symlink(path.join(repo.root, "elsewhere/real.yaml"), path.join(repo.root, ".haco/config.yaml"));
    const failure = await initRepository(repo.root, { force: true }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(HacoError);
    expect((failure as HacoError).exitCode).toBe(2);
    expect((failure as HacoError).message).toMatch(/^\.haco\/config\.yaml is a symlink; haco init never writes through one/);
    expect(await repo.read("elsewhere/real.yaml")).toBe("worker:\n  model: theirs\n");
    expect((await lstat(path.join(repo.root, ".haco/config.yaml"))).isSymbolicLink()).toBe(true);
  });

  it("keeps a symlinked file without --force, as any existing file", async () => {
    repo = await createTempRepo({ "mine.txt": "mine\n" });
    await symlink("mine.txt", path.join(repo.root, ".hacoignore"));
    const report = await initRepository(repo.root, { force: false });
    expect(report.kept).toContain(".hacoignore");
    expect(await repo.read("mine.txt")).toBe("mine\n");
  });

  it("refuses a .haco folder that links out of the repository", async () => {
    repo = await createTempRepo();
    const outside = path.join(path.dirname(repo.root), "outside-haco");
    await mkdir(outside);
    await symlink(outside, path.join(repo.root, ".haco"));
    const failure = await initRepository(repo.root, { force: false }).catch((err: unknown) => err);
    expect((failure as HacoError).message).toMatch(/^\.haco\/\.gitignore goes through a symlink that leads outside the repository/);
    await expect(readFile(path.join(outside, ".gitignore"))).rejects.toThrow();
  });

  it("refuses a CLAUDE.md that links out of the repository", async () => {
    repo = await createTempRepo();
    const outside = path.join(path.dirname(repo.root), "CLAUDE-outside.md");
    await writeFile(outside, "# theirs\n");
    await symlink(outside, path.join(repo.root, "CLAUDE.md"));
    const failure = await initRepository(repo.root, { force: false }).catch((err: unknown) => err);
    expect((failure as HacoError).message).toContain("CLAUDE.md goes through a symlink that leads outside the repository");
    expect(await readFile(outside, "utf8")).toBe("# theirs\n");
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
