import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WorkspaceSnapshot } from "../../src/session/workspaceSnapshot.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe("WorkspaceSnapshot", () => {
  it("refuses a directory with a reason naming it, instead of failing on EISDIR", async () => {
    repo = await createTempRepo({ "src/a.js": "a\n" });
    const snapshot = new WorkspaceSnapshot(repo.root);
    expect(await snapshot.load("src")).toEqual({ ok: false, reason: "src is a directory — name a file in it instead" });
    expect(await snapshot.load("src/a.js")).toEqual({ ok: true, path: "src/a.js", content: "a\n" });
    expect(await snapshot.load("src/new.js")).toEqual({ ok: true, path: "src/new.js", content: null });
  });

  it("refuses haco's own control files", async () => {
    repo = await createTempRepo({ ".haco/config.yaml": "verify: []\n" });
    const loaded = await new WorkspaceSnapshot(repo.root).load(".haco/config.yaml");
    expect(loaded.ok).toBe(false);
  });

  it("says a file became a directory since the draft, rather than failing", async () => {
    repo = await createTempRepo({ "out.txt": "x\n" });
    const snapshot = new WorkspaceSnapshot(repo.root);
    await snapshot.load("out.txt");
    await rm(path.join(repo.root, "out.txt"));
    await mkdir(path.join(repo.root, "out.txt"));
    expect(await snapshot.changedOnDisk("out.txt")).toContain("out.txt became a directory after the worker read it — nothing was written");
  });
});
