import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRunLog } from "../../../src/adapters/runlog/runLog.js";
import { readRunLogs } from "../../../src/adapters/runlog/readRunLogs.js";
import { CUT_MARK, MAX_RECORD_BYTES, recordLine } from "../../../src/adapters/runlog/capRecord.js";
import { SECRET } from "../../../src/adapters/runlog/maskSecrets.js";
import { stamp, type EventInput } from "../../../src/domain/events/events.js";

/** No single record may make a run log file pass logs.maxFileBytes: a 50 MB answer or test line is cut, marked. */

const NOW = new Date("2025-03-03T09:15:30.000Z");
const MAX_FILE = 64 * 1024;
const TOKEN = ["sk", "ant", "api03-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0-abcdEFGH_ijkl"].join("-");

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "haco-reccap-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const ev = (event: EventInput) => stamp(event, NOW);
const logsDir = () => path.join(root, ".haco", "logs");

async function writeLog(maxFileBytes: number, events: EventInput[]) {
  const log = await openRunLog(root, { config: { enabled: true, maxFileBytes, keepFiles: 50 }, run: { id: "r1", command: "run" }, env: {}, now: () => NOW });
  for (const event of events) log.write(ev(event));
  await log.close();
  const files = (await readdir(logsDir())).filter((f) => f.endsWith(".jsonl")).sort();
  const sizes = await Promise.all(files.map(async (f) => (await stat(path.join(logsDir(), f))).size));
  // In reading order (a file's continuations after it), every line a JSON object.
  const contents = await readRunLogs(root);
  expect(contents.skipped).toEqual([]);
  return { sizes, records: contents.records as Record<string, unknown>[] };
}

describe("the run log's limit for one record", () => {
  it("a 50 MB answer and a 50 MB test line are cut to fit logs.maxFileBytes, their heads kept and marked, secrets still masked", async () => {
    const answer = `// ${TOKEN}\n${"a".repeat(50 * 1024 * 1024)}`;
    const { sizes, records } = await writeLog(MAX_FILE, [
      { type: "worker.start", ticket: "T-1", model: "m", host: "http://h:1" },
      { type: "worker.token", ticket: "T-1", text: answer },
      { type: "worker.done", ticket: "T-1", model: "m", tokens: 1, tokensPerSec: 1, ttftMs: 1, totalMs: 1, promptTokens: 1, loadMs: null, doneReason: "stop", vram: null },
      { type: "test.output", ticket: "T-1", stream: "stdout", line: `"quoted\\" ${"é\n".repeat(20 * 1024 * 1024)}` },
      { type: "ticket.done", ticket: "T-1", status: "failed", reason: "x" },
    ]);

    for (const size of sizes) expect(size).toBeLessThanOrEqual(MAX_FILE);
    const saved = records.find((r) => r.type === "worker.answer")!;
    expect(saved.logCut).toBe(true);
    expect((saved.text as string).startsWith(`// ${SECRET}\naaaa`)).toBe(true);
    expect((saved.text as string).endsWith(CUT_MARK)).toBe(true);
    expect(JSON.stringify(records)).not.toContain(TOKEN);
    expect(records.find((r) => r.type === "test.output")!.logCut).toBe(true);
    // Every event still made it, in order.
    expect(records.filter((r) => r.type !== "log.meta").map((r) => r.type)).toEqual(["worker.start", "worker.answer", "worker.done", "test.output", "ticket.done"]);
  });

  it("records within the limit are written exactly as before", async () => {
    const { records } = await writeLog(MAX_FILE, [{ type: "test.output", ticket: "T-1", stream: "stdout", line: "x".repeat(1000) }]);
    expect(records[1]).toEqual({ type: "test.output", ts: NOW.toISOString(), ticket: "T-1", stream: "stdout", line: "x".repeat(1000) });
  });

  it("even with a large logs.maxFileBytes, no record passes 2 MiB", () => {
    const line = recordLine({ type: "worker.answer", text: "\u0001".repeat(3 * 1024 * 1024) }, MAX_RECORD_BYTES);
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(JSON.parse(line)).toMatchObject({ type: "worker.answer", logCut: true });
  });

  it("a record of many small values keeps its kind, time and ticket", () => {
    const many = Array.from({ length: 5000 }, (_, i) => i);
    const line = recordLine({ type: "edit.proposed", ts: "t", ticket: "T-1", hunks: many }, 1024);
    expect(JSON.parse(line)).toEqual({ type: "edit.proposed", ts: "t", ticket: "T-1", logCut: true, note: CUT_MARK });
  });

  it("never leaves half a surrogate pair", () => {
    const line = recordLine({ type: "worker.answer", text: "🚀".repeat(4000) }, 2000);
    const text = (JSON.parse(line) as { text: string }).text;
    expect(text.endsWith(CUT_MARK)).toBe(true);
    expect(text.slice(0, -CUT_MARK.length)).toMatch(/^(🚀)+$/u);
  });
});
