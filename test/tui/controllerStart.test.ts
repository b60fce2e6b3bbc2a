import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/adapters/config/config.js";
import { loadTemplates } from "../../src/adapters/prompt/loadTemplates.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { loadSendPolicy } from "../../src/adapters/workspace/sendPolicy.js";
import { ticketSchema } from "../../src/domain/tickets/ticket.js";
import type { HacoEvent } from "../../src/domain/events/events.js";
import { CockpitController } from "../../src/tui/controller.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startConflictingMerge } from "../helpers/gitConflict.js";

/** The cockpit does not start a ticket that must not run now: a notice says why, and the ticket stays pending. */

let server: FakeOllama;
let repo: TempRepo;
afterEach(async () => {
  await server?.close();
  await repo?.cleanup();
});

async function controllerFor(events: HacoEvent[]): Promise<CockpitController> {
  return new CockpitController({
    repoRoot: repo.root,
    config: defaultConfig(),
    worker: createOllamaWorker({ host: server.url }),
    model: "qwen2.5-coder:7b",
    tickets: [ticketSchema.parse({ id: "T-1", title: "Say hi", files: [{ path: "hello.txt", intent: "create" }] }), ticketSchema.parse({ id: "T-2", title: "Say bye", files: [{ path: "bye.txt", intent: "create" }] })],
    templatesFor: (kind) => loadTemplates(repo.root, kind),
    sendPolicy: await loadSendPolicy(repo.root),
    reviewer: { decide: async (_t, proposal) => ({ changes: proposal.changes, accepted: new Set() }), cancel: () => undefined },
    emit: (event) => events.push(event),
    raise: () => undefined,
  });
}

describe("CockpitController.start", () => {
  it("refuses a ticket whose interrupted run's journal is pending, with a notice to run haco rollback first", async () => {
    server = await startFakeOllama({ reply: () => ({ text: "=== NEW FILE: hello.txt ===\n```\nhi\n```\n" }) });
    repo = await createTempRepo({ "README.md": "x\n" });
    await repo.commitAll("base");
    await repo.write(".haco/journal/T-1.json", '{"ticket":"T-1","entries":[]}');
    const events: HacoEvent[] = [];
    const controller = await controllerFor(events);

    expect(controller.start("T-1")).toBeNull();
    await controller.idle();
    expect(events.map((e) => e.type)).toEqual(["error"]);
    expect(events[0]).toMatchObject({ code: "pending_journal" });
    expect((events[0] as { message: string }).message).toContain("run 'haco rollback' first");
    expect((events[0] as { ticket?: string }).ticket).toBeUndefined();
    expect(server.chats).toHaveLength(0);
    expect(await readFile(path.join(repo.root, ".haco/journal/T-1.json"), "utf8")).toBe('{"ticket":"T-1","entries":[]}');

    // Another ticket still runs.
    controller.start("T-2");
    await controller.idle();
    expect(events.some((e) => e.type === "ticket.start" && e.ticket === "T-2")).toBe(true);
  });

  it("refuses to start during a merge, naming it and how to finish or abort it", async () => {
    server = await startFakeOllama();
    repo = await createTempRepo({ "a.txt": "base\n" });
    await repo.commitAll("base");
    await startConflictingMerge(repo, "a.txt");
    const events: HacoEvent[] = [];
    const controller = await controllerFor(events);

    controller.start("T-1");
    await controller.idle();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "error", code: "git_operation_in_progress" });
    expect((events[0] as { message: string }).message).toMatch(/T-1 was not started: a merge is in progress.*git merge --abort/);
    expect(server.chats).toHaveLength(0);
  });
});
