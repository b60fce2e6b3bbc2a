import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TicketQueue } from "../../../src/adapters/queue/ticketQueue.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { drop, PLAN_MD } from "./queueKit.js";

/**
 * A queued ticket must not run under an id a commit already carries: its
 * commit would repeat the trailer, and `haco run` would then skip the plan's
 * ticket of that id. Both `haco run` and the cockpit's watcher take files
 * through takeNew, so the queue itself keeps those ids off.
 */

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo({ "a.txt": "a\n" });
  await repo.commitAll("start");
});
afterEach(() => repo.cleanup());

describe("TicketQueue and the ids commits carry", () => {
  it("renames a queued id that a commit's Haco-Ticket trailer carries, and keeps the others", async () => {
    await repo.git("commit", "-q", "--allow-empty", "-m", "feat: slugify (T-001)", "-m", "Haco-Ticket: T-001");
    await drop(repo.root, "plan.md", PLAN_MD);
    const batch = await new TicketQueue(repo.root).takeNew();
    expect(batch.tickets.map((t) => [t.id, t.queue.originalId])).toEqual([
      ["Q-plan-T-001", "T-001"],
      ["T-002", "T-002"],
    ]);
  });

  it("reads the same ids in a repository without commits yet", async () => {
    const fresh = await createTempRepo();
    try {
      await drop(fresh.root, "plan.md", PLAN_MD);
      const batch = await new TicketQueue(fresh.root).takeNew();
      expect(batch.tickets.map((t) => t.id)).toEqual(["T-001", "T-002"]);
    } finally {
      await fresh.cleanup();
    }
  });
});
