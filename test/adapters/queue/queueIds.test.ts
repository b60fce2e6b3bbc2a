import { describe, expect, it } from "vitest";
import { uniqueQueuedId } from "../../../src/adapters/queue/queueIds.js";
import { safeStem } from "../../../src/adapters/queue/queueLayout.js";
import { TICKET_ID_PATTERN } from "../../../src/domain/tickets/ticket.js";

describe("uniqueQueuedId", () => {
  it("keeps a free id", () => {
    expect(uniqueQueuedId("T-001", "plan", new Set(["T-002"]))).toBe("T-001");
  });

  it("prefixes an id in use with Q-<stem>-, then counts", () => {
    expect(uniqueQueuedId("T-001", "plan", new Set(["T-001"]))).toBe("Q-plan-T-001");
    expect(uniqueQueuedId("T-001", "plan", new Set(["T-001", "Q-plan-T-001"]))).toBe("Q-plan-T-001-2");
    expect(uniqueQueuedId("T-001", "plan", new Set(["T-001", "Q-plan-T-001", "Q-plan-T-001-2"]))).toBe("Q-plan-T-001-3");
  });

  it("stays a valid ticket id of at most 64 characters", () => {
    const long = `T-${"9".repeat(62)}`;
    const stem = safeStem(`${"very long plan name ".repeat(5)}.md`);
    const inUse = new Set([long]);
    for (let i = 0; i < 12; i++) {
      const id = uniqueQueuedId(long, stem, inUse);
      expect(id).toMatch(TICKET_ID_PATTERN);
      expect(inUse.has(id)).toBe(false);
      inUse.add(id);
    }
  });
});

describe("safeStem", () => {
  it("keeps the characters ids allow", () => {
    expect(safeStem("fix-login.md")).toBe("fix-login");
    expect(safeStem("my plan (v2).yaml")).toBe("my-plan-v2");
    expect(safeStem("---.json")).toBe("tickets");
    expect(safeStem("stdin")).toBe("stdin");
  });
});
