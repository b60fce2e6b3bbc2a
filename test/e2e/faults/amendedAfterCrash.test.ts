import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { runHaco } from "../../helpers/runHaco.js";
import { MATH, plan, RUN, SUBTRACT_DIFF, WITH_SUBTRACT } from "./fixture.js";

/**
 * haco killed just after its commit was complete, before it removed its
 * journal; the user then amends the commit. The journal's commit is no longer
 * in HEAD's history, but it did land: rolling its files back would undo what
 * the amended commit holds.
 */

let server: FakeOllama;
let repo: TempRepo;

beforeEach(async () => {
  server = await startFakeOllama({ reply: () => ({ text: SUBTRACT_DIFF }) });
  repo = await createTempRepo({ "src/math.js": MATH });
  await repo.write("plan.json", plan("node -e 0"));
  await repo.commitAll("initial");
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

describe("a landed commit amended after the crash", () => {
  it("is finished, not rolled back: the files stay as the amended commit has them", async () => {
    const parent = (await repo.git("rev-parse", "HEAD")).trim();
    const run = await runHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(run.exitCode, run.stderr).toBe(0);
    const sha = (await repo.git("rev-parse", "HEAD")).trim();
    // What a run killed after publishing the index, before removing its journal, leaves (its writer long gone).
    await repo.write(
      ".haco/journal/T-001.json",
      JSON.stringify({
        ticket: "T-001",
        pid: 2 ** 22 + 1,
        phase: "committing",
        commit: { parent, sha, lockIno: null },
        entries: [{ path: "src/math.js", existed: true, mode: 0o644, contentBase64: Buffer.from(MATH).toString("base64"), afterSha256: createHash("sha256").update(WITH_SUBTRACT).digest("hex") }],
      }),
    );
    await repo.git("commit", "-q", "--amend", "-m", "feat: subtract, reworded");

    const result = await runHaco(["rollback"], { cwd: repo.root });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain("HEAD has been rewritten since");
    expect(await repo.read("src/math.js")).toBe(WITH_SUBTRACT);
    expect(await repo.git("status", "--porcelain", "--", "src")).toBe("");
    expect(existsSync(path.join(repo.root, ".haco/journal/T-001.json"))).toBe(false);
  });
});
