import { mkdir, readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TicketQueue, type QueueBatch } from "../../../src/adapters/queue/ticketQueue.js";
import { writeFileAtomic } from "../../../src/adapters/workspace/atomicWrite.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { BAD_YAML, listed, PLAN_MD, queueDir, TASK_JSON } from "./queueKit.js";

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo();
  // A supervisor creates the folder if it has to (mkdir -p); haco's first poll may not have yet.
  await mkdir(queueDir(repo.root), { recursive: true });
});
afterEach(() => repo.cleanup());

describe("TicketQueue.watch", () => {
  it("picks up files written after it started, once each", async () => {
    const queue = new TicketQueue(repo.root, { rejectAfterMs: 0 });
    const batches: QueueBatch[] = [];
    const watcher = queue.watch((batch) => void batches.push(batch), { intervalMs: 20, existingIds: () => ["T-002"] });
    try {
      // Written the way a supervisor should: atomically (a temp dotfile renamed into place).
      await writeFileAtomic(queueDir(repo.root, "plan.md"), PLAN_MD);
      await vi.waitFor(() => expect(batches.flatMap((b) => b.tickets.map((t) => t.id))).toEqual(["T-001", "Q-plan-T-002"]), {
        timeout: 5_000,
      });

      await writeFileAtomic(queueDir(repo.root, "bad.yaml"), BAD_YAML);
      await writeFileAtomic(queueDir(repo.root, "task.json"), TASK_JSON);
      await vi.waitFor(
        () => {
          expect(batches.flatMap((b) => b.rejected.map((r) => r.file))).toEqual(["bad.yaml"]);
          expect(batches.flatMap((b) => b.tickets.map((t) => t.id))).toEqual(["T-001", "Q-plan-T-002", "Q-task-T-001"]);
        },
        { timeout: 5_000 },
      );
    } finally {
      await watcher.stop();
    }
    expect(watcher.lastError).toBeNull();
    expect(await listed(repo.root)).toEqual(["done", "rejected", "taken"]);
    expect(await listed(repo.root, "taken")).toEqual(["plan.md", "task.json"]);
    expect(await readFile(queueDir(repo.root, "rejected", "bad.yaml.error.txt"), "utf8")).toMatch(/owner \(line 3\)/);
  });

  it("stops polling once stopped", async () => {
    const queue = new TicketQueue(repo.root);
    const batches: QueueBatch[] = [];
    const watcher = queue.watch((batch) => void batches.push(batch), { intervalMs: 10 });
    await watcher.stop();
    await writeFileAtomic(queueDir(repo.root, "plan.md"), PLAN_MD);
    // A poll of our own takes it: the stopped watcher neither did nor will.
    await vi.waitFor(async () => expect((await queue.takeNew()).tickets).toHaveLength(2), { timeout: 5_000 });
    expect(batches).toEqual([]);
  });

  it("reports a failed poll and keeps polling", async () => {
    const errors: unknown[] = [];
    const queue = new TicketQueue(repo.root);
    const batches: QueueBatch[] = [];
    let calls = 0;
    const watcher = queue.watch(
      (batch) => {
        calls++;
        if (calls === 1) throw new Error("the cockpit could not take it");
        batches.push(batch);
      },
      { intervalMs: 10, onError: (e) => errors.push(e) },
    );
    try {
      await writeFileAtomic(queueDir(repo.root, "a.md"), PLAN_MD);
      await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 5_000 });
      await writeFileAtomic(queueDir(repo.root, "b.json"), TASK_JSON);
      await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000 });
    } finally {
      await watcher.stop();
    }
    expect((errors[0] as Error).message).toBe("the cockpit could not take it");
  });
});
