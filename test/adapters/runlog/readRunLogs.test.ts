import { cp, mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readRunLogs } from "../../../src/adapters/runlog/readRunLogs.js";
import { openRunLog } from "../../../src/adapters/runlog/runLog.js";
import { computeStats } from "../../../src/session/stats/computeStats.js";
import { stamp } from "../../../src/domain/events/events.js";
import { FIXTURE_DIR, FIXTURE_FILES, fixtureRecords } from "../../session/stats/fixtureRecords.js";

let root: string;
let logs: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "haco-readlogs-"));
  logs = path.join(root, ".haco", "logs");
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("readRunLogs", () => {
  it("reads nothing when there is no .haco/logs", async () => {
    expect(await readRunLogs(root)).toEqual({ files: [], records: [], skipped: [] });
  });

  it("reads the recorded log's files in run then part order, skipping its torn line and other files", async () => {
    await cp(FIXTURE_DIR, logs, { recursive: true }); // README.md comes along: not a log
    const contents = await readRunLogs(root);
    expect(contents.files).toEqual(FIXTURE_FILES);
    expect(contents.records).toEqual(fixtureRecords());
    expect(contents.skipped).toEqual([{ file: "2025-03-10-r2.2.jsonl", line: 25 }]);
  });

  it("gives a file whose meta line was lost a meta made from its name, so its lines stay with their run", async () => {
    await mkdir(logs, { recursive: true });
    const done = (ticket: string) => JSON.stringify({ type: "ticket.done", ts: "2025-03-04T10:00:00.000Z", ticket, status: "committed" });
    await writeFile(path.join(logs, "2025-03-04-a.jsonl"), `${JSON.stringify({ type: "log.meta", run: "a", command: "run", startedAt: "2025-03-04T09:00:00.000Z" })}\n${done("T-1")}\n`);
    await writeFile(path.join(logs, "2025-03-04-a.2.jsonl"), `{"type":"log.me\n\n${done("T-2")}\n[1,2]\n"text"\n`);
    const contents = await readRunLogs(root);
    expect(contents.records).toEqual([
      { type: "log.meta", run: "a", command: "run", startedAt: "2025-03-04T09:00:00.000Z" },
      JSON.parse(done("T-1")),
      { type: "log.meta", run: "a", command: "unknown", startedAt: "2025-03-04T00:00:00.000Z" },
      JSON.parse(done("T-2")),
    ]);
    expect(contents.skipped).toEqual([
      { file: "2025-03-04-a.2.jsonl", line: 1 },
      { file: "2025-03-04-a.2.jsonl", line: 4 },
      { file: "2025-03-04-a.2.jsonl", line: 5 },
    ]);
    // The made-up meta keys the same run (its date and id): T-1 and T-2 are one run's.
    expect(computeStats(contents.records).runs).toBe(1);
  });

  it("reads back what openRunLog wrote, rotated over several files", async () => {
    const now = new Date("2025-03-03T09:00:00.000Z");
    const log = await openRunLog(root, { config: { enabled: true, maxFileBytes: 400, keepFiles: 50 }, run: { id: "r9", command: "run" }, env: {}, now: () => now });
    for (let i = 1; i <= 8; i++) {
      log.write(stamp({ type: "ticket.start", ticket: `T-${i}`, title: `ticket ${i}`, owner: "worker" }, now));
      log.write(stamp({ type: "ticket.done", ticket: `T-${i}`, status: i % 2 ? "committed" : "refused" }, now));
    }
    await log.close();
    const contents = await readRunLogs(root);
    expect(contents.files.length).toBeGreaterThan(2);
    expect(contents.files[0]).toBe("2025-03-03-r9.jsonl");
    expect(contents.skipped).toEqual([]);
    const stats = computeStats(contents.records);
    expect(stats.runs).toBe(1);
    expect(stats.tickets.byStatus).toMatchObject({ committed: 4, refused: 4 });
  });
});
