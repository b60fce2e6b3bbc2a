import { mkdir, readdir, readFile, rm, symlink, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { doneFileName, readDoneResults } from "../../../src/adapters/queue/doneResults.js";
import { TicketQueue } from "../../../src/adapters/queue/ticketQueue.js";
import { HacoError } from "../../../src/domain/errors.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { drop, PLAN_MD, queueDir } from "./queueKit.js";

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo();
});
afterEach(() => repo.cleanup());

const FINISHED = new Date("2030-01-02T03:04:05.000Z");

describe("TicketQueue.writeDone", () => {
  it("writes .haco/queue/done/<id>.json with the result and where the ticket came from", async () => {
    await drop(repo.root, "fix-login.md", PLAN_MD);
    const queue = new TicketQueue(repo.root);
    await queue.takeNew({ existingIds: ["T-002"] });

    const written = await queue.writeDone({
      id: "Q-fix-login-T-002",
      status: "committed",
      commit: "0123456789abcdef0123456789abcdef01234567",
      reasons: [],
      testOutputTail: ["✓ slugify (3 tests)", "Tests 3 passed"],
      finishedAt: FINISHED,
    });
    expect(written).toBe(".haco/queue/done/Q-fix-login-T-002.json");
    const text = await readFile(path.join(repo.root, written), "utf8");
    expect(JSON.parse(text)).toEqual({
      id: "Q-fix-login-T-002",
      status: "committed",
      commit: "0123456789abcdef0123456789abcdef01234567",
      reasons: [],
      testOutputTail: ["✓ slugify (3 tests)", "Tests 3 passed"],
      ticketFile: ".haco/queue/taken/fix-login.md",
      originalId: "T-002",
      finishedAt: "2030-01-02T03:04:05.000Z",
    });
    expect(text.endsWith("}\n")).toBe(true);
    // Nothing else in done/: no temporary file is left behind.
    expect(await readdir(queueDir(repo.root, "done"))).toEqual(["Q-fix-login-T-002.json"]);
  });

  it("writes a result for a ticket that did not come from the queue, as given", async () => {
    const written = await new TicketQueue(repo.root).writeDone({
      id: "T-007",
      status: "failed",
      reasons: ["tests failed (exit 1)"],
      testOutputTail: ["FAIL src/a.test.ts"],
      ticketFile: "PLAN.md",
      finishedAt: "2030-01-02T03:04:05.000Z",
    });
    expect(JSON.parse(await readFile(path.join(repo.root, written), "utf8"))).toEqual({
      id: "T-007",
      status: "failed",
      reasons: ["tests failed (exit 1)"],
      testOutputTail: ["FAIL src/a.test.ts"],
      ticketFile: "PLAN.md",
      finishedAt: "2030-01-02T03:04:05.000Z",
    });
    expect(await readDoneResults(repo.root)).toEqual([expect.objectContaining({ id: "T-007", status: "failed" })]);
  });

  it("replaces a result atomically: a reader sees the old file or the new one, never part of one", async () => {
    const queue = new TicketQueue(repo.root);
    const big = (tag: string) => Array.from({ length: 20_000 }, (_, i) => `${tag} line ${i} ${"x".repeat(40)}`);
    const result = (tag: string) => ({ id: "T-001", status: tag, reasons: [], testOutputTail: big(tag), finishedAt: FINISHED });
    await queue.writeDone(result("old"));

    const file = queueDir(repo.root, "done", "T-001.json");
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) seen.add((JSON.parse(await readFile(file, "utf8")) as { status: string }).status);
    })();
    try {
      for (let i = 0; i < 5; i++) await queue.writeDone(result(i % 2 === 0 ? "new" : "old"));
    } finally {
      writing = false;
    }
    await reader; // JSON.parse throws on a partial file, failing the test
    expect([...seen].every((status) => status === "old" || status === "new")).toBe(true);
    expect(await readdir(queueDir(repo.root, "done"))).toEqual(["T-001.json"]);
  });

  it("never names a file outside done/, whatever the id", async () => {
    expect(doneFileName("T-001")).toBe("T-001.json");
    expect(doneFileName("../../etc/passwd")).toBe("_._.._etc_passwd.json");
    expect(doneFileName(".hidden")).toBe("_hidden.json");
    expect(doneFileName("a/b\\c")).toBe("a_b_c.json");
    expect(() => doneFileName("")).toThrow(HacoError);

    const written = await new TicketQueue(repo.root).writeDone({ id: "../../x", status: "failed", reasons: [], testOutputTail: [], finishedAt: FINISHED });
    expect(written).toBe(".haco/queue/done/_._.._x.json");
    expect(await readdir(queueDir(repo.root, "done"))).toEqual(["_._.._x.json"]);
  });

  it("refuses a done/ folder that a symlink leads out of the repository", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), "haco-outside-"));
    try {
      await mkdir(queueDir(repo.root), { recursive: true });
      await symlink(outside, queueDir(repo.root, "done"));
      const error = await new TicketQueue(repo.root)
        .writeDone({ id: "T-001", status: "committed", reasons: [], testOutputTail: [], finishedAt: FINISHED })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HacoError);
      expect((error as HacoError).message).toMatch(/outside the repository/);
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
