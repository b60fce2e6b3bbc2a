import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../../src/domain/errors.js";
import { Journal, loadJournal, rollbackFromJournal } from "../../../src/adapters/workspace/journal.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const entry = (over: Record<string, unknown>) => ({ path: "a.txt", existed: false, mode: null, contentBase64: null, ...over });

async function writeJournal(name: string, content: unknown): Promise<string> {
  const file = path.join(repo.root, ".haco", "journal", name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

async function refusal(name: string): Promise<InputError> {
  const err = await loadJournal(repo.root, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe("loadJournal: a journal is checked before anything is restored", () => {
  it.each([
    ["garbage\n", /x\.json: is not a haco journal: it is not valid JSON/],
    [{ ticket: "T-9" }, /x\.json: is not a haco journal: entries: missing; expected a list;/],
    [{ ticket: "T-9", createdAt: "now", entries: [{ path: "a.txt", existed: "yes" }] }, /entries\[0\]\.existed: expected true or false/],
    [{ ticket: "T-9", createdAt: "now", entries: [entry({ existed: true })] }, /existed is true but contentBase64 is null/],
    [{ ticket: "T-9", createdAt: "now", entries: [entry({ existed: true, contentBase64: "not base64!" })] }, /expected base64 text/],
  ])("refuses a malformed journal (%j), saying what is wrong and what to do", async (content, expected) => {
    repo = await createTempRepo({ "a.txt": "mine\n" });
    const file = await writeJournal("x.json", content);
    const err = await refusal("x.json");
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^\.haco\/journal\/x\.json: /);
    expect(err.message).toMatch(expected);
    expect(err.message).toContain("nothing was restored and the journal was kept — inspect it");
    expect(existsSync(file)).toBe(true);
    expect(await repo.read("a.txt")).toBe("mine\n");
  });

  it.each([
    ["../precious.txt", /escapes the repository/],
    ["/etc/hosts", /absolute path/],
    [".git/config", /inside \.git\//],
    [".haco/config.yaml", /inside \.haco\//],
    ["./a.txt", /not in the form haco records/],
  ])("refuses an entry for %j, naming the journal and the entry", async (target, expected) => {
    repo = await createTempRepo({ "a.txt": "mine\n" });
    await writeFile(path.join(repo.root, "..", "precious.txt"), "precious\n");
    const file = await writeJournal("T-9.json", { ticket: "T-9", createdAt: "now", entries: [entry({ path: "a.txt" }), entry({ path: target })] });
    const err = await refusal("T-9.json");
    expect(err.message).toContain(`.haco/journal/T-9.json: entries[1] (${JSON.stringify(target)}): haco never wrote this path`);
    expect(err.message).toMatch(expected);
    // Nothing is touched: not even the good first entry, and not the file outside.
    await expect(rollbackFromJournal(repo.root, "T-9.json")).rejects.toBeInstanceOf(InputError);
    expect(await repo.read("a.txt")).toBe("mine\n");
    expect(await readFile(path.join(repo.root, "..", "precious.txt"), "utf8")).toBe("precious\n");
    expect(existsSync(file)).toBe(true);
  });

  it("refuses an entry reached through a symlink that leads outside the repository", async () => {
    repo = await createTempRepo({ "a.txt": "mine\n" });
    const outside = path.join(repo.root, "..", "outside");
    await mkdir(outside);
    await writeFile(path.join(outside, "keep.txt"), "keep\n");
    await symlink(outside, path.join(repo.root, "vendor"));
    await writeJournal("T-9.json", { ticket: "T-9", createdAt: "now", entries: [entry({ path: "vendor/keep.txt" })] });
    const err = await refusal("T-9.json");
    expect(err.message).toContain("vendor/keep.txt goes through a symlink that leads outside the repository");
    expect(await readFile(path.join(outside, "keep.txt"), "utf8")).toBe("keep\n");
  });

  it("refuses an entry whose path is a directory now", async () => {
    repo = await createTempRepo({ "src/a.txt": "mine\n" });
    await writeJournal("T-9.json", { ticket: "T-9", createdAt: "now", entries: [entry({ path: "src" })] });
    expect((await refusal("T-9.json")).message).toContain("src is a directory now");
    expect(await repo.read("src/a.txt")).toBe("mine\n");
  });

  it("accepts the journal haco itself wrote and restores from it", async () => {
    repo = await createTempRepo({ "a.txt": "before\n" });
    const journal = await Journal.open(repo.root, "T-3");
    await journal.record("a.txt", "after\n");
    await journal.record("new/b.txt", "created\n");
    await writeFile(path.join(repo.root, "a.txt"), "after\n");
    await mkdir(path.join(repo.root, "new"));
    await writeFile(path.join(repo.root, "new/b.txt"), "created\n");
    expect((await loadJournal(repo.root, "T-3.json")).entries.map((e) => e.path)).toEqual(["a.txt", "new/b.txt"]);
    expect((await rollbackFromJournal(repo.root, "T-3.json")).restored).toEqual(["a.txt", "new/b.txt"]);
    expect(await repo.read("a.txt")).toBe("before\n");
    expect(existsSync(path.join(repo.root, "new/b.txt"))).toBe(false);
  });
});

describe("Journal.open with a journal left behind", () => {
  it("refuses, keeping the interrupted run's journal byte for byte", async () => {
    repo = await createTempRepo({ "a.txt": "x\n" });
    const left = JSON.stringify({ ticket: "T-2", createdAt: "then", entries: [entry({ path: "a.txt", existed: true, contentBase64: "b3JpZ2luYWwK" })] });
    const file = await writeJournal("T-2.json", left);
    const err = await Journal.open(repo.root, "T-2").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "pending_journal", exitCode: 2 });
    expect((err as Error).message).toContain("run 'haco rollback' first");
    expect(await readFile(file, "utf8")).toBe(left);
    // Another ticket's journal is no obstacle.
    await expect(Journal.open(repo.root, "T-3")).resolves.toBeInstanceOf(Journal);
  });
});
