import { readdir, readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueTickets } from "../../../src/adapters/queue/enqueue.js";
import { listQueue } from "../../../src/adapters/queue/listQueue.js";
import { TicketQueue } from "../../../src/adapters/queue/ticketQueue.js";
import { InputError } from "../../../src/domain/errors.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { BAD_YAML, drop, listed, PLAN_MD, queueDir, SPEC_YAML, TASK_JSON } from "./queueKit.js";

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo();
});
afterEach(() => repo.cleanup());

describe("enqueueTickets", () => {
  it("validates, then writes the text under its format's extension", async () => {
    const queued = await enqueueTickets(repo.root, { text: SPEC_YAML, format: "juniorspec", display: "spec.txt", name: "spec.txt" });
    expect(queued.file).toBe(".haco/queue/spec.yaml");
    expect(queued.ids).toEqual(["T-010"]);
    expect(await readFile(queueDir(repo.root, "spec.yaml"), "utf8")).toBe(SPEC_YAML);
    // No temporary file is left in the queue.
    expect((await readdir(queueDir(repo.root))).sort()).toEqual([".gitignore", "done", "rejected", "spec.yaml", "taken"]);
  });

  it("never reuses a name that is pending, taken or rejected", async () => {
    const add = () => enqueueTickets(repo.root, { text: TASK_JSON, format: "taskspec", display: "t.json", name: "t.json" });
    expect((await add()).file).toBe(".haco/queue/t.json");
    expect((await add()).file).toBe(".haco/queue/t-2.json");
    await new TicketQueue(repo.root, { settleMs: 0 }).takeNew();
    expect((await add()).file).toBe(".haco/queue/t-3.json");
    const together = await Promise.all([add(), add(), add()]);
    expect(new Set(together.map((q) => q.file)).size).toBe(3);
  });

  it("refuses a bad file with the loader's message and writes nothing", async () => {
    const error = await enqueueTickets(repo.root, { text: BAD_YAML, format: "juniorspec", display: "bad.yaml", name: "bad.yaml" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^bad\.yaml: owner \(line 3\): expected "worker" or "supervisor", got "bot"/);
    expect(await listed(repo.root)).toEqual([]);
  });

  it("is read back by the queue as it was validated", async () => {
    await enqueueTickets(repo.root, { text: PLAN_MD, format: "planmd", display: "-", name: "stdin" });
    const batch = await new TicketQueue(repo.root, { settleMs: 0 }).takeNew();
    expect(batch.tickets.map((t) => t.id)).toEqual(["T-001", "T-002"]);
    expect(batch.taken[0]!.ticketFile).toBe(".haco/queue/taken/stdin.md");
  });
});

describe("listQueue", () => {
  it("is empty, and creates nothing, when there is no queue", async () => {
    expect(await listQueue(repo.root)).toEqual({ pending: [], ignored: [], taken: [], rejected: [], done: [] });
    expect(await listed(repo.root)).toEqual([]);
  });

  it("lists pending, ignored, taken and rejected files and the results", async () => {
    const queue = new TicketQueue(repo.root);
    await drop(repo.root, "a.md", PLAN_MD);
    await drop(repo.root, "bad.yaml", BAD_YAML);
    await queue.takeNew();
    await queue.writeDone({ id: "T-001", status: "committed", commit: "abc", reasons: [], testOutputTail: [], finishedAt: "2030-01-01T00:00:00.000Z" });
    await drop(repo.root, "b.json", TASK_JSON);
    await drop(repo.root, "notes.txt", "hello");
    expect(await listQueue(repo.root)).toEqual({
      pending: ["b.json"],
      ignored: ["notes.txt"],
      taken: ["a.md"],
      rejected: [{ file: "bad.yaml", error: expect.stringMatching(/^\.haco\/queue\/bad\.yaml: owner \(line 3\)/) as unknown }],
      done: [expect.objectContaining({ id: "T-001", status: "committed", commit: "abc", ticketFile: ".haco/queue/taken/a.md" })],
    });
  });
});
