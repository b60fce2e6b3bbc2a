import { existsSync } from "node:fs";
import { appendFile, chmod, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../../helpers/runHaco.js";
import { startHaco } from "../../helpers/hacoProcess.js";
import { Journal } from "../../../src/adapters/workspace/journal.js";
import { MATH, plan, RUN, SUBTRACT_DIFF, WITH_SUBTRACT } from "./fixture.js";

/**
 * A rollback never overwrites what someone else wrote since haco did: the
 * user in their editor, or Claude Code in the next pane, editing the
 * ticket's file while its tests run, or after a crash.
 */

let server: FakeOllama;
let repo: TempRepo;
let go: string;

beforeEach(async () => {
  server = await startFakeOllama({ reply: () => ({ text: SUBTRACT_DIFF }) });
  repo = await createTempRepo({ "src/math.js": MATH, "README.md": "# demo\n" });
  go = path.join(path.dirname(repo.root), "go");
  // The ticket's test fails, but only once the test says so: the other editor writes in between.
  await repo.write("wait-then-fail.mjs", `import { existsSync } from "node:fs";\nsetInterval(() => { if (existsSync(${JSON.stringify(go)})) process.exit(1); }, 20);\n`);
  await repo.write("plan.json", plan("node wait-then-fail.mjs"));
  await repo.commitAll("initial");
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

describe("a failed ticket's rollback with another editor at work", () => {
  it("keeps a line appended to the ticket's file while its tests ran, names the file, and the journal keeps the earlier version", async () => {
    const haco = startHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    await haco.waitFor((e) => e.type === "test.start", "the tests' start");
    await appendFile(path.join(repo.root, "src/math.js"), "// added in the next pane\n");
    await writeFile(go, "");
    const { exitCode, stdout } = await haco.ended;

    expect(exitCode).toBe(1);
    const events = parseEvents(stdout);
    expect(eventsOf(events, "rollback.done")[0]).toMatchObject({ files: [], kept: ["src/math.js"] });
    const warning = eventsOf(events, "warning").find((w) => w.code === "rollback_kept");
    expect(warning?.message).toContain("src/math.js (it was changed since haco wrote it)");
    expect(warning?.message).toContain(".haco/journal/T-001.json");
    expect(warning?.message).toContain("haco rollback --overwrite");
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ status: "failed" });
    // Nothing of the other editor's work is lost, and nothing of the draft was silently undone under it.
    expect(await repo.read("src/math.js")).toBe(`${WITH_SUBTRACT}// added in the next pane\n`);
    const journal = JSON.parse(await repo.read(".haco/journal/T-001.json")) as { entries: { path: string; contentBase64: string }[] };
    expect(journal.entries.map((e) => e.path)).toEqual(["src/math.js"]);
    expect(Buffer.from(journal.entries[0]!.contentBase64, "base64").toString("utf8")).toBe(MATH);
  });

  it("still restores every file nobody touched", async () => {
    const haco = startHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    await haco.waitFor((e) => e.type === "test.start", "the tests' start");
    await writeFile(go, "");
    const { exitCode, stdout } = await haco.ended;
    expect(exitCode).toBe(1);
    expect(eventsOf(parseEvents(stdout), "rollback.done")[0]).toMatchObject({ files: ["src/math.js"], kept: [] });
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect(existsSync(path.join(repo.root, ".haco/journal/T-001.json"))).toBe(false);
  });
});

describe("haco rollback after a crash, with files edited since", () => {
  /** What a run killed after writing left: a journal of its pre-images, and its writes. */
  async function crashedRun(writes: Record<string, string | null>): Promise<void> {
    const journal = await Journal.open(repo.root, "T-001");
    for (const [file, after] of Object.entries(writes)) await journal.record(file, after);
    for (const [file, after] of Object.entries(writes)) if (after !== null) await repo.write(file, after);
  }

  it("restores the files still as haco wrote them, keeps the one edited since (exit 1), and keeps it in the journal", async () => {
    await crashedRun({ "src/math.js": WITH_SUBTRACT, "README.md": "# demo, by haco\n", "src/new.js": "export const x = 1;\n" });
    await appendFile(path.join(repo.root, "src/math.js"), "// edited after the crash\n");
    await writeFile(path.join(repo.root, "src/new.js"), "// the user took this file over\n");
    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain("restored README.md from .haco/journal/T-001.json");
    expect(result.stderr).toContain("src/math.js (it was changed since haco wrote it), src/new.js (it was changed since haco wrote it)");
    expect(await repo.read("README.md")).toBe("# demo\n");
    expect(await repo.read("src/math.js")).toBe(`${WITH_SUBTRACT}// edited after the crash\n`);
    expect(await repo.read("src/new.js")).toBe("// the user took this file over\n");
    const kept = JSON.parse(await repo.read(".haco/journal/T-001.json")) as { entries: { path: string }[] };
    expect(kept.entries.map((e) => e.path)).toEqual(["src/math.js", "src/new.js"]);

    // Asked by name, it puts them back after all.
    const forced = await runHaco(["rollback", "--overwrite"], { cwd: repo.root });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect(existsSync(path.join(repo.root, "src/new.js"))).toBe(false);
    expect(existsSync(path.join(repo.root, ".haco/journal/T-001.json"))).toBe(false);
  });

  it("keeps a file whose mode was changed since haco wrote it (chmod +x), content and mode as they are", async () => {
    await crashedRun({ "src/math.js": WITH_SUBTRACT });
    await chmod(path.join(repo.root, "src/math.js"), 0o755);
    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("src/math.js (it was changed since haco wrote it)");
    expect(await repo.read("src/math.js")).toBe(WITH_SUBTRACT);
    expect((await stat(path.join(repo.root, "src/math.js"))).mode & 0o777).toBe(0o755);
  });

  it("never deletes a file haco removed that someone created again", async () => {
    await crashedRun({ "README.md": null });
    await writeFile(path.join(repo.root, "README.md"), "# written again by the user\n");
    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode).toBe(1);
    expect(await repo.read("README.md")).toBe("# written again by the user\n");
  });

  it("counts a file already back as it was as restored, and removes the temporary files killed writes left", async () => {
    await crashedRun({ "src/math.js": WITH_SUBTRACT });
    await writeFile(path.join(repo.root, "src/math.js"), MATH);
    await writeFile(path.join(repo.root, "src", ".math.js.haco-0123456789ab.tmp"), "half a write");
    await writeFile(path.join(repo.root, ".haco", "journal", ".T-001.json.haco-ba9876543210.tmp"), "half a journal");
    await writeFile(path.join(repo.root, "src", ".math.js.haco-keep.tmp"), "not haco's");
    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain("restored src/math.js");
    expect(existsSync(path.join(repo.root, "src", ".math.js.haco-0123456789ab.tmp"))).toBe(false);
    expect(existsSync(path.join(repo.root, ".haco", "journal", ".T-001.json.haco-ba9876543210.tmp"))).toBe(false);
    expect(await readFile(path.join(repo.root, "src", ".math.js.haco-keep.tmp"), "utf8")).toBe("not haco's");
  });
});
