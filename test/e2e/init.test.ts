import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig, loadConfig } from "../../src/adapters/config/config.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco } from "../helpers/runHaco.js";

let repo: TempRepo;
let outside: string | null = null;
afterEach(async () => {
  await repo?.cleanup();
  if (outside) await rm(outside, { recursive: true, force: true });
  outside = null;
});

const ALL = [
  "CLAUDE.md",
  ".haco/.gitignore",
  ".haco/config.yaml",
  ".haco/prompts/ticket-code.md",
  ".haco/prompts/ticket-test.md",
  ".haco/prompts/ticket-refactor.md",
  ".haco/prompts/ticket-doc.md",
  ".hacoignore",
];

interface InitJson {
  created: string[];
  kept: string[];
  appended: string[];
  replaced: string[];
  backups: Record<string, string>;
}

async function initJson(...flags: string[]): Promise<InitJson> {
  const result = await runHaco(["init", "--json", ...flags], { cwd: repo.root });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout.endsWith("\n")).toBe(true);
  expect(result.stdout.trim().split("\n")).toHaveLength(1);
  return JSON.parse(result.stdout) as InitJson;
}

const sorted = (items: string[]) => [...items].sort();
const sectionCount = (text: string) => text.split("<!-- haco:begin -->").length - 1;

describe("haco init", () => {
  it("sets up a fresh repository: every file created, the config parses to the defaults", async () => {
    repo = await createTempRepo();
    const report = await initJson();
    expect(report).toEqual({ created: ALL, kept: [], appended: [], replaced: [], backups: {} });
    for (const file of ALL) expect(existsSync(path.join(repo.root, file)), file).toBe(true);
    expect(await loadConfig(repo.root)).toEqual(defaultConfig());
    const claude = await repo.read("CLAUDE.md");
    expect(claude).toMatch(/^<!-- haco:begin -->\n## Supervising with haco\n[\s\S]*\n<!-- haco:end -->\n$/);
    expect(await repo.read(".haco/.gitignore")).toBe("# haco's scratch space: rollback journals and run logs\njournal/\nlogs/\n");
    // What it wrote is meant to be committed; nothing of haco's scratch space shows up.
    expect(sorted((await repo.git("status", "--porcelain", "--untracked-files=all")).split("\n").filter(Boolean))).toEqual(sorted(ALL.map((f) => `?? ${f}`)));
  });

  it("is idempotent: a second run keeps everything and adds no second section", async () => {
    repo = await createTempRepo();
    await initJson();
    const before = await Promise.all(ALL.map((file) => readFile(path.join(repo.root, file))));
    const report = await initJson();
    expect(report).toEqual({ created: [], kept: ALL, appended: [], replaced: [], backups: {} });
    const after = await Promise.all(ALL.map((file) => readFile(path.join(repo.root, file))));
    after.forEach((bytes, i) => expect(bytes.equals(before[i]!), ALL[i]).toBe(true));
    expect(sectionCount(await repo.read("CLAUDE.md"))).toBe(1);

    const human = await runHaco(["init"], { cwd: repo.root });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toBe("");
    expect(human.stderr).toContain("CLAUDE.md (already has the haco section");
    expect(human.stderr).toContain("Nothing changed");
  });

  it("appends the section to an existing CLAUDE.md, whose content stays byte for byte", async () => {
    const mine = "# My project\n\nAlways run `make check` before committing.\r\nNo final newline here";
    repo = await createTempRepo({ "CLAUDE.md": mine });
    const report = await initJson();
    expect(report.appended).toEqual(["CLAUDE.md"]);
    expect(report.created).toEqual(ALL.filter((f) => f !== "CLAUDE.md"));
    const claude = await repo.read("CLAUDE.md");
    expect(claude.startsWith(mine)).toBe(true);
    expect(claude.slice(mine.length)).toMatch(/^\n\n<!-- haco:begin -->\n[\s\S]*<!-- haco:end -->\n$/);

    // With --force the section is replaced in place; the user's text around it is untouched.
    const edited = claude.replace("## Supervising with haco", "## Supervising with haco (edited)") + "\n## Mine again\n";
    await repo.write("CLAUDE.md", edited);
    expect((await initJson()).kept).toContain("CLAUDE.md");
    expect(await repo.read("CLAUDE.md")).toBe(edited);
    const forced = await initJson("--force");
    expect(forced.replaced).toEqual(["CLAUDE.md"]);
    expect(await repo.read("CLAUDE.md")).toBe(`${claude}\n## Mine again\n`);
  });

  it("keeps an existing config without --force and replaces it with --force", async () => {
    const mine = "worker:\n  model: qwen2.5-coder:14b\n";
    repo = await createTempRepo({ ".haco/config.yaml": mine });
    const kept = await initJson();
    expect(kept.kept).toEqual([".haco/config.yaml"]);
    expect(await repo.read(".haco/config.yaml")).toBe(mine);

    const human = await runHaco(["init"], { cwd: repo.root });
    expect(human.stderr).toMatch(/kept\s+\.haco\/config\.yaml \(exists — --force replaces it\)/);

    const forced = await initJson("--force");
    expect(forced.replaced).toEqual([".haco/config.yaml"]);
    expect(forced.kept).toEqual(ALL.filter((f) => f !== ".haco/config.yaml"));
    expect(await loadConfig(repo.root)).toEqual(defaultConfig());
  });

  it("prints what it did and the next steps on stderr, nothing on stdout", async () => {
    repo = await createTempRepo();
    const result = await runHaco(["init"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    for (const file of ALL) expect(result.stderr).toMatch(new RegExp(`created\\s+${file.replace(/\./g, "\\.")}\\n`));
    expect(result.stderr).toContain("Next steps:");
    expect(result.stderr).toContain("haco run --plan PLAN.md");
  });

  it("refuses to run outside a git repository, with exit 2 and a message", async () => {
    outside = await mkdtemp(path.join(tmpdir(), "haco-outside-"));
    const result = await runHaco(["init", "--json"], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: path.dirname(outside) } });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/not inside a git repository/);
    expect(existsSync(path.join(outside, ".haco"))).toBe(false);
    expect(existsSync(path.join(outside, "CLAUDE.md"))).toBe(false);
  });

  it("rejects arguments it does not know, with exit 2", async () => {
    repo = await createTempRepo();
    expect((await runHaco(["init", "--forse"], { cwd: repo.root })).exitCode).toBe(2);
    expect((await runHaco(["init", "somewhere"], { cwd: repo.root })).exitCode).toBe(2);
    expect(existsSync(path.join(repo.root, ".haco"))).toBe(false);
  });

  it("--force keeps a customised .hacoignore and config beside them, and says where", async () => {
    repo = await createTempRepo({ ".hacoignore": "secrets/\n", ".haco/config.yaml": "worker:\n  model: mine\n" });
    const human = await runHaco(["init", "--force"], { cwd: repo.root });
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stderr).toMatch(/replaced\s+\.haco\/config\.yaml \(the old one is kept in \.haco\/config\.yaml\.bak\)/);
    expect(human.stderr).toMatch(/replaced\s+\.hacoignore \(the old one is kept in \.hacoignore\.bak\)/);
    expect(await repo.read(".hacoignore.bak")).toBe("secrets/\n");

    await repo.write(".hacoignore", "secrets/\nagain/\n");
    const forced = await initJson("--force");
    expect(forced.backups).toEqual({ ".hacoignore": ".hacoignore.bak.1" });
    expect(await repo.read(".hacoignore.bak")).toBe("secrets/\n");
    expect(await repo.read(".hacoignore.bak.1")).toBe("secrets/\nagain/\n");
  });

  it("--force refuses a .haco/config.yaml that is a symlink out of the repository, exit 2, and leaves its target alone", async () => {
    repo = await createTempRepo();
    outside = await mkdtemp(path.join(tmpdir(), "haco-outside-"));
    const target = path.join(outside, "config.yaml");
    await writeFile(target, "not haco's\n");
    await mkdir(path.join(repo.root, ".haco"));
    await symlink(target, path.join(repo.root, ".haco", "config.yaml"));
    const result = await runHaco(["init", "--force"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(".haco/config.yaml goes through a symlink that leads outside the repository");
    expect(await readFile(target, "utf8")).toBe("not haco's\n");
  });
});
