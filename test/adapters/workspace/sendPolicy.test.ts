import { afterEach, describe, expect, it } from "vitest";
import { loadSendPolicy } from "../../../src/adapters/workspace/sendPolicy.js";
import { resolveInsideRepo } from "../../../src/adapters/workspace/repoPaths.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { symlink } from "node:fs/promises";
import path from "node:path";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe("send policy", () => {
  it("never sends git-ignored files, .env files or .hacoignore matches", async () => {
    repo = await createTempRepo({
      ".gitignore": "dist/\n",
      ".hacoignore": "secrets/**\n*.pem\n",
      "src/a.ts": "x",
    });
    const policy = await loadSendPolicy(repo.root);
    expect(await policy.refusal("src/a.ts")).toBeNull();
    expect(await policy.refusal("dist/out.js")).toBe("dist/out.js is ignored by git");
    expect(await policy.refusal(".env")).toMatch(/environment file/);
    expect(await policy.refusal("config/.env.local")).toMatch(/environment file/);
    // Any case: on a case-insensitive file system .ENV is .env, and either way it may hold secrets.
    expect(await policy.refusal("config/.ENV")).toMatch(/environment file/);
    expect(await policy.refusal("secrets/prod/key.txt")).toBe("secrets/prod/key.txt matches .hacoignore");
    expect(await policy.refusal("certs/server.pem")).toBe("certs/server.pem matches .hacoignore");
  });
});

describe("send policy, many paths at once", () => {
  it("answers a list in order, and calls made together alike, for names git would misread", async () => {
    repo = await createTempRepo({ ".gitignore": "build/\n:odd*\nspace dir/\n", ".hacoignore": "*.pem\n", "src/a.ts": "x", "build/tracked.js": "x" });
    await repo.git("add", "-f", "build/tracked.js");
    const policy = await loadSendPolicy(repo.root);
    const paths = ["src/a.ts", "build/out.js", ":odd-name.txt", "space dir/x y.txt", "line\nbreak.txt", ".env", "k.pem", "build/tracked.js", "src/a.ts"];
    const expected = [
      null,
      "build/out.js is ignored by git",
      ":odd-name.txt is ignored by git",
      "space dir/x y.txt is ignored by git",
      null,
      ".env is an environment file (.env*) and may hold secrets",
      "k.pem matches .hacoignore",
      // Tracked files are never reported as ignored.
      null,
      null,
    ];
    expect(await policy.refusals(paths)).toEqual(expected);
    expect(await Promise.all(paths.map((p) => policy.refusal(p)))).toEqual(expected);
    expect(await policy.refusals([])).toEqual([]);
  });
});

describe("resolveInsideRepo", () => {
  it("refuses paths through a symlink that leads outside the repository", async () => {
    repo = await createTempRepo({ "src/a.ts": "x" });
    await symlink(path.dirname(repo.root), path.join(repo.root, "escape"));
    expect(await resolveInsideRepo(repo.root, "src/a.ts")).toMatchObject({ ok: true });
    expect(await resolveInsideRepo(repo.root, "src/new/deep.ts")).toMatchObject({ ok: true });
    expect(await resolveInsideRepo(repo.root, "escape/x.txt")).toEqual({
      ok: false,
      reason: "escape/x.txt goes through a symlink that leads outside the repository",
    });
    expect(await resolveInsideRepo(repo.root, "../x.txt")).toMatchObject({ ok: false });
  });
});
