import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco } from "../helpers/runHaco.js";

/** `haco rollback` restores interrupted tickets' files — and checks every journal before it touches anything. */

let repo: TempRepo;

beforeEach(async () => {
  repo = await createTempRepo({ "a.txt": "half-written\n" });
  await repo.commitAll("base");
});

afterEach(() => repo.cleanup());

const b64 = (text: string) => Buffer.from(text).toString("base64");
const journal = (entries: unknown[]) => JSON.stringify({ ticket: "T-1", createdAt: "then", entries });
const rollback = () => runHaco(["rollback"], { cwd: repo.root });

describe("haco rollback", () => {
  it("restores every file of a good journal and removes it", async () => {
    await repo.write(".haco/journal/T-1.json", journal([{ path: "a.txt", existed: true, mode: 420, contentBase64: b64("original\n") }, { path: "new.txt", existed: false, mode: null, contentBase64: null }]));
    await repo.write("new.txt", "created\n");
    const result = await rollback();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain("restored a.txt, new.txt from .haco/journal/T-1.json");
    expect(await repo.read("a.txt")).toBe("original\n");
    expect(existsSync(path.join(repo.root, "new.txt"))).toBe(false);
    expect(existsSync(path.join(repo.root, ".haco/journal/T-1.json"))).toBe(false);
  });

  it.each([
    ["garbage\n", "is not a haco journal: it is not valid JSON"],
    ['{"ticket":"T-9"}', "entries: missing; expected a list"],
  ])("refuses a corrupt journal (%j) with exit 2, naming it and what to do, and keeps it", async (content, what) => {
    await repo.write(".haco/journal/x.json", content);
    const result = await rollback();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toContain("internal error");
    expect(result.stderr).toContain(".haco/journal/x.json");
    expect(result.stderr).toContain(what);
    expect(result.stderr).toContain("inspect it, then restore the files it lists by hand, or delete it");
    expect(await readFile(path.join(repo.root, ".haco/journal/x.json"), "utf8")).toBe(content);
  });

  it("refuses an argument (it restores every interrupted ticket), exit 2, touching nothing", async () => {
    const result = await runHaco(["rollback", "T-001"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`haco rollback takes no arguments, got "T-001" — it restores every interrupted ticket; see 'haco rollback --help'\n`);
  });

  it("refuses a journal entry outside the repository, touching nothing (not even the other journals' files)", async () => {
    const precious = path.join(repo.root, "..", "precious.txt");
    await writeFile(precious, "precious\n");
    // A good journal first (by name), so a rollback that went file by file would already have restored it.
    await repo.write(".haco/journal/A.json", journal([{ path: "a.txt", existed: true, mode: 420, contentBase64: b64("original\n") }]));
    const bad = journal([{ path: "../precious.txt", existed: false, mode: null, contentBase64: null }]);
    await repo.write(".haco/journal/B.json", bad);
    const result = await rollback();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('.haco/journal/B.json: entries[0] ("../precious.txt"): haco never wrote this path');
    expect(result.stderr).toContain("escapes the repository");
    expect(await readFile(precious, "utf8")).toBe("precious\n");
    expect(await repo.read("a.txt")).toBe("half-written\n");
    expect(await repo.read(".haco/journal/B.json")).toBe(bad);
    expect(existsSync(path.join(repo.root, ".haco/journal/A.json"))).toBe(true);
  });
});
