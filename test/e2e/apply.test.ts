import { cp, readFile, symlink } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";

const CORPUS = path.resolve("test/fixtures/edits");
let repo: TempRepo;
afterEach(() => repo?.cleanup());

async function repoFromCase(name: string): Promise<TempRepo> {
  repo = await createTempRepo();
  await cp(path.join(CORPUS, name, "before"), repo.root, { recursive: true });
  await repo.commitAll("before");
  return repo;
}

const answer = (name: string) => path.join(CORPUS, name, "worker.txt");

describe("haco apply", () => {
  it("applies a worker's answer from a file and reports the events", async () => {
    await repoFromCase("038-udiff-wrong-line-numbers");
    const result = await runHaco(["apply", answer("038-udiff-wrong-line-numbers"), "--json"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "edit.proposed")[0]).toMatchObject({ file: "src/services/session.ts", kind: "edit" });
    expect(eventsOf(events, "apply.done")[0]!.files).toEqual(["src/services/session.ts"]);
    expect(await repo.read("src/services/session.ts")).toBe(
      await readFile(path.join(CORPUS, "038-udiff-wrong-line-numbers/after/src/services/session.ts"), "utf8"),
    );
  });

  it("reads the answer from stdin", async () => {
    await repoFromCase("006-aider-udiff-clean-numbered-hunk");
    const text = await readFile(answer("006-aider-udiff-clean-numbered-hunk"), "utf8");
    const result = await runHaco(["apply", "-"], { cwd: repo.root, input: text });
    expect(result.exitCode).toBe(0);
    expect(await repo.read("src/todos.js")).toBe(await readFile(path.join(CORPUS, "006-aider-udiff-clean-numbered-hunk/after/src/todos.js"), "utf8"));
    expect(result.stdout).toContain("+  const trimmed = title.trim();");
  });

  it("refuses an ambiguous hunk with a reason, writes nothing and exits 1", async () => {
    await repoFromCase("061-udiff-ambiguous-hunk");
    const result = await runHaco(["apply", answer("061-udiff-ambiguous-hunk"), "--json"], { cwd: repo.root });
    expect(result.exitCode).toBe(1);
    const [refused] = eventsOf(parseEvents(result.stdout), "edit.refused");
    expect(refused!.file).toBe("src/api/handlers.ts");
    expect(refused!.reason).toMatch(/ambiguous|more than one|2 places/i);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });

  it("--dry-run shows the hunks and writes nothing", async () => {
    await repoFromCase("038-udiff-wrong-line-numbers");
    const result = await runHaco(["apply", answer("038-udiff-wrong-line-numbers"), "--dry-run"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("+  session.expiresAt = now + TTL_MS;");
    expect(result.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });

  it("writes nothing when one edit of two is refused, and writes the placeable one with --partial", async () => {
    repo = await createTempRepo({ "a.txt": "one\ntwo\nthree\n", "b.txt": "alpha\nbeta\n" });
    await repo.commitAll("base");
    const text = [
      "```diff",
      "--- a/a.txt",
      "+++ b/a.txt",
      "@@ -1,3 +1,3 @@",
      " one",
      "-two",
      "+TWO",
      " three",
      "--- a/b.txt",
      "+++ b/b.txt",
      "@@ -1,2 +1,2 @@",
      " alpha",
      "-gamma",
      "+GAMMA",
      "```",
      "",
    ].join("\n");
    const strict = await runHaco(["apply", "-", "--json"], { cwd: repo.root, input: text });
    expect(strict.exitCode).toBe(1);
    expect(eventsOf(parseEvents(strict.stdout), "apply.done")).toHaveLength(0);
    expect(await repo.git("status", "--porcelain")).toBe("");

    const partial = await runHaco(["apply", "-", "--json", "--partial"], { cwd: repo.root, input: text });
    expect(partial.exitCode).toBe(1);
    expect(eventsOf(parseEvents(partial.stdout), "apply.done")[0]!.files).toEqual(["a.txt"]);
    expect(await repo.read("a.txt")).toBe("one\nTWO\nthree\n");
    expect(await repo.read("b.txt")).toBe("alpha\nbeta\n");
  });

  it("refuses a path through a symlink that leads outside the repository", async () => {
    repo = await createTempRepo({ "keep.txt": "x\n" });
    await repo.commitAll("base");
    await symlink(path.dirname(repo.root), path.join(repo.root, "up"));
    const text = "=== NEW FILE: up/escaped.txt ===\n```\npwned\n```\n";
    const result = await runHaco(["apply", "-", "--json"], { cwd: repo.root, input: text });
    expect(result.exitCode).toBe(1);
    const [refused] = eventsOf(parseEvents(result.stdout), "edit.refused");
    expect(refused!.reason).toContain("symlink");
    expect(existsSync(path.join(path.dirname(repo.root), "escaped.txt"))).toBe(false);
  });

  it("never lets an answer write a file the worker may not see (.env, git-ignored)", async () => {
    repo = await createTempRepo({ ".gitignore": "build/\n", "keep.txt": "x\n" });
    await repo.commitAll("base");
    const text = "=== NEW FILE: .env ===\n```\nTOKEN=stolen\n```\n\n=== NEW FILE: build/out.js ===\n```js\nrun();\n```\n";
    const result = await runHaco(["apply", "-", "--json", "--partial"], { cwd: repo.root, input: text });
    expect(result.exitCode).toBe(1);
    const refused = eventsOf(parseEvents(result.stdout), "edit.refused");
    expect(refused.map((r) => r.file).sort()).toEqual([".env", "build/out.js"]);
    expect(existsSync(path.join(repo.root, ".env"))).toBe(false);
    expect(existsSync(path.join(repo.root, "build/out.js"))).toBe(false);
  });

  it("exits 2 naming a missing answer file", async () => {
    repo = await createTempRepo();
    const result = await runHaco(["apply", "nope.txt"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("nope.txt: does not exist");
  });
});
