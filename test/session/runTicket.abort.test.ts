import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/adapters/config/config.js";
import { loadTemplates } from "../../src/adapters/prompt/loadTemplates.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { loadSendPolicy } from "../../src/adapters/workspace/sendPolicy.js";
import { ticketSchema } from "../../src/domain/tickets/ticket.js";
import { runTicket } from "../../src/session/runTicket.js";
import type { EventInput } from "../../src/domain/events/events.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";

let server: FakeOllama;
let repo: TempRepo;
afterEach(async () => {
  await server?.close();
  await repo?.cleanup();
});

describe("runTicket stopped after the draft", () => {
  it("does not open a review, and writes nothing, once the run was stopped", async () => {
    server = await startFakeOllama({ reply: () => ({ text: "=== NEW FILE: hello.txt ===\n```\nhi\n```\n" }) });
    repo = await createTempRepo({ "README.md": "x\n" });
    await repo.commitAll("base");
    const controller = new AbortController();
    const events: EventInput[] = [];
    let decided = false;
    const status = await runTicket(ticketSchema.parse({ id: "T-1", title: "Say hi", files: [{ path: "hello.txt", intent: "create" }] }), {
      repoRoot: repo.root,
      config: defaultConfig(),
      worker: createOllamaWorker({ host: server.url }),
      model: "qwen2.5-coder:7b",
      modelInfo: { contextLength: 32768 },
      templatesFor: (kind) => loadTemplates(repo.root, kind),
      sendPolicy: await loadSendPolicy(repo.root),
      emit: (event) => {
        events.push(event);
        // The user quits the moment the draft is done, before the review opens.
        if (event.type === "worker.done") controller.abort();
      },
      decide: async (_ticket, proposal) => {
        decided = true;
        return { changes: proposal.changes, accepted: new Set(["h1"]) };
      },
      commit: true,
      keepFailed: false,
      signal: controller.signal,
    });
    expect(status).toBe("failed");
    expect(decided).toBe(false);
    expect(events.some((e) => e.type === "apply.done")).toBe(false);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });
});
