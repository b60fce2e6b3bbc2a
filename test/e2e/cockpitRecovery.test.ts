import { existsSync } from "node:fs";
import { chmod, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/adapters/config/config.js";
import { loadTemplates } from "../../src/adapters/prompt/loadTemplates.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { loadSendPolicy } from "../../src/adapters/workspace/sendPolicy.js";
import type { HacoEvent } from "../../src/domain/events/events.js";
import { CockpitController } from "../../src/tui/controller.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startHaco } from "../helpers/hacoProcess.js";
import { MATH, plan, RUN, SUBTRACT_DIFF, WITH_SUBTRACT } from "./faults/fixture.js";

/** The cockpit, opened after a run was killed between moving HEAD and the index, finishes that commit first. */

let server: FakeOllama;
let repo: TempRepo;
afterEach(async () => {
  await server?.close();
  await repo?.cleanup();
});

describe("CockpitController.reportInterrupted", () => {
  it("finishes a commit a killed run had landed: index up to date, files untouched, a warning that says so", async () => {
    server = await startFakeOllama({ reply: () => ({ text: SUBTRACT_DIFF }) });
    repo = await createTempRepo({ "src/math.js": MATH });
    await repo.write("plan.json", plan("node -e 0"));
    await repo.commitAll("initial");
    const pidFile = path.join(path.dirname(repo.root), "haco.pid");
    const hook = path.join(repo.root, ".git", "hooks", "reference-transaction");
    await writeFile(hook, `#!/bin/sh\n[ "$1" = committed ] || exit 0\nwhile [ ! -s '${pidFile}' ]; do :; done\nkill -9 "$(cat '${pidFile}')"\n`);
    await chmod(hook, 0o755);
    const haco = startHaco(RUN, { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    await writeFile(pidFile, String(haco.pid));
    expect((await haco.ended).signal).toBe("SIGKILL");
    await rm(hook);
    // HEAD has the commit; the index still stages the old file, under haco's own lock.
    expect(existsSync(path.join(repo.root, ".git", "index.lock"))).toBe(true);

    const events: HacoEvent[] = [];
    const controller = new CockpitController({
      repoRoot: repo.root,
      config: defaultConfig(),
      worker: createOllamaWorker({ host: server.url }),
      model: "qwen2.5-coder:7b",
      tickets: [],
      templatesFor: (kind) => loadTemplates(repo.root, kind),
      sendPolicy: await loadSendPolicy(repo.root),
      reviewer: { decide: async (_t, proposal) => ({ changes: proposal.changes, accepted: new Set() }), cancel: () => undefined },
      emit: (event) => events.push(event),
      raise: () => undefined,
    });
    await controller.reportInterrupted();

    const warning = events.find((e): e is Extract<HacoEvent, { type: "warning" }> => e.type === "warning" && e.code === "commit_recovered");
    expect(warning?.message).toContain("T-001 had been committed");
    expect(events.some((e) => e.type === "warning" && e.code === "interrupted_ticket")).toBe(false);
    expect(await repo.git("diff", "--cached")).toBe("");
    expect(await repo.git("status", "--porcelain")).toBe("?? .haco/\n");
    expect(await repo.read("src/math.js")).toBe(WITH_SUBTRACT);
    expect(existsSync(path.join(repo.root, ".git", "index.lock"))).toBe(false);
  });
});
