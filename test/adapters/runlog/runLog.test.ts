import { mkdtemp, mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRunLog, type RunLogOptions } from "../../../src/adapters/runlog/runLog.js";
import { SECRET } from "../../../src/adapters/runlog/maskSecrets.js";
import { stamp, type EventInput, type HacoEvent } from "../../../src/domain/events/events.js";

const NOW = new Date("2025-03-03T09:15:30.000Z");
const LOGS = { enabled: true, maxFileBytes: 5_000_000, keepFiles: 50 };
const ANTHROPIC = ["sk", "ant", "api03-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0-abcdEFGH_ijkl"].join("-");

let root: string;
let logs: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "haco-runlog-"));
  logs = path.join(root, ".haco", "logs");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const ev = (event: EventInput): HacoEvent => stamp(event, NOW);
const options = (over: Partial<RunLogOptions> = {}): RunLogOptions => ({ config: LOGS, run: { id: "r1", command: "run" }, env: {}, now: () => NOW, version: "0.1.0", ...over });

/** Each line of the file parsed on its own: the file must be NDJSON and end with a newline. */
async function lines(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path.join(logs, file), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const logFiles = async () => (await readdir(logs)).filter((n) => n.endsWith(".jsonl")).sort();

const draft = (ticket: string, tokens: string[]): HacoEvent[] => [
  ev({ type: "worker.start", ticket, model: "m", host: "http://h:1" }),
  ...tokens.map((text) => ev({ type: "worker.token", ticket, text })),
  ev({ type: "worker.done", ticket, model: "m", tokens: tokens.length, tokensPerSec: 10, ttftMs: 5, totalMs: 9, promptTokens: 3, loadMs: null, doneReason: "stop", vram: null }),
];

describe("openRunLog: the file", () => {
  it("writes the meta line, then every event in order, one JSON object a line, into .haco/logs/<date>-<run>.jsonl", async () => {
    const log = await openRunLog(root, options());
    expect(log.runId).toBe("r1");
    expect(log.file).toBe(path.join(logs, "2025-03-03-r1.jsonl"));
    log.write(ev({ type: "run.start", tickets: ["T-1"], plan: "PLAN.md", model: "m", host: "http://h:1" }));
    log.write(ev({ type: "ticket.start", ticket: "T-1", title: "Title", owner: "worker" }));
    log.write(ev({ type: "test.output", ticket: "T-1", stream: "stdout", line: 'quotes " and \\ and\nnewline ✓' }));
    log.write(ev({ type: "ticket.done", ticket: "T-1", status: "committed" }));
    await log.close();
    const written = await lines("2025-03-03-r1.jsonl");
    expect(written[0]).toEqual({ type: "log.meta", run: "r1", command: "run", startedAt: "2025-03-03T09:15:30.000Z", version: "0.1.0" });
    expect(written.slice(1).map((r) => r.type)).toEqual(["run.start", "ticket.start", "test.output", "ticket.done"]);
    expect(written[3]!.line).toBe('quotes " and \\ and\nnewline ✓');
    // Logs hold prompts and answers: kept out of git.
    expect(await readFile(path.join(logs, ".gitignore"), "utf8")).toMatch(/^\*$/m);
  });

  it("names a run without an id by its UTC start time and a random suffix, and makes a given id file-name safe", async () => {
    const log = await openRunLog(root, options({ run: { command: "cockpit" } }));
    expect(log.runId).toMatch(/^091530-[0-9a-f]{6}$/);
    expect(log.file).toBe(path.join(logs, `2025-03-03-${log.runId}.jsonl`));
    await log.close();
    const odd = await openRunLog(root, options({ run: { id: "../my run.v2", command: "run" } }));
    expect(odd.runId).toBe("my-run-v2");
    expect(odd.file).toBe(path.join(logs, "2025-03-03-my-run-v2.jsonl"));
    await odd.close();
  });

  it("never overwrites a log: a run id used again continues in the next free part", async () => {
    const first = await openRunLog(root, options());
    await first.close();
    const second = await openRunLog(root, options());
    expect(second.file).toBe(path.join(logs, "2025-03-03-r1.2.jsonl"));
    await second.close();
    expect(await logFiles()).toEqual(["2025-03-03-r1.2.jsonl", "2025-03-03-r1.jsonl"]);
  });

  it("writes nothing and creates nothing when logs.enabled is false", async () => {
    const log = await openRunLog(root, options({ config: { ...LOGS, enabled: false } }));
    log.write(ev({ type: "ticket.start", ticket: "T-1", title: "t", owner: "worker" }));
    await log.close();
    expect(log.file).toBeNull();
    await expect(readdir(path.join(root, ".haco"))).rejects.toThrow(/ENOENT/);
  });
});

describe("openRunLog: worker answers", () => {
  it("writes a draft's tokens as one worker.answer just before its worker.done, and no worker.token", async () => {
    const log = await openRunLog(root, options());
    for (const e of draft("T-1", ["Hello", ", ", "world"])) log.write(e);
    await log.close();
    const written = await lines("2025-03-03-r1.jsonl");
    expect(written.map((r) => r.type)).toEqual(["log.meta", "worker.start", "worker.answer", "worker.done"]);
    expect(written[2]).toEqual({ type: "worker.answer", ts: NOW.toISOString(), ticket: "T-1", text: "Hello, world" });
  });

  it("keeps interleaved drafts of two tickets apart", async () => {
    const log = await openRunLog(root, options());
    const [s1, a1, b1, d1] = draft("T-1", ["a", "b"]);
    const [s2, a2, d2] = draft("T-2", ["x"]);
    for (const e of [s1!, s2!, a1!, a2!, b1!, d2!, d1!]) log.write(e);
    await log.close();
    const answers = (await lines("2025-03-03-r1.jsonl")).filter((r) => r.type === "worker.answer");
    expect(answers.map((r) => [r.ticket, r.text])).toEqual([["T-2", "x"], ["T-1", "ab"]]);
  });

  it("writes what arrived of an unfinished draft as a partial answer: before the next draft, before ticket.done, at close", async () => {
    const log = await openRunLog(root, options());
    log.write(ev({ type: "worker.start", ticket: "T-1", model: "m", host: "h" }));
    log.write(ev({ type: "worker.token", ticket: "T-1", text: "cut " }));
    for (const e of draft("T-1", ["whole"])) log.write(e);
    log.write(ev({ type: "worker.start", ticket: "T-2", model: "m", host: "h" }));
    log.write(ev({ type: "worker.token", ticket: "T-2", text: "aborted" }));
    log.write(ev({ type: "ticket.done", ticket: "T-2", status: "failed", reason: "stopped" }));
    log.write(ev({ type: "worker.token", ticket: "T-3", text: "open at close" }));
    await log.close();
    const written = await lines("2025-03-03-r1.jsonl");
    expect(written.map((r) => (r.type === "worker.answer" ? `answer ${r.ticket} ${r.text}${r.partial ? " (partial)" : ""}` : r.type))).toEqual([
      "log.meta",
      "worker.start",
      "answer T-1 cut  (partial)",
      "worker.start",
      "answer T-1 whole",
      "worker.done",
      "worker.start",
      "answer T-2 aborted (partial)",
      "ticket.done",
      "answer T-3 open at close (partial)",
    ]);
  });

  it("adds the prompts the caller records, stamped and in order", async () => {
    const log = await openRunLog(root, options());
    log.write(ev({ type: "ticket.start", ticket: "T-1", title: "t", owner: "worker" }));
    log.record({ type: "prompt.text", ticket: "T-1", system: "You draft code.", prompt: "Ticket T-1" });
    log.write(ev({ type: "worker.start", ticket: "T-1", model: "m", host: "h" }));
    await log.close();
    const written = await lines("2025-03-03-r1.jsonl");
    expect(written.map((r) => r.type)).toEqual(["log.meta", "ticket.start", "prompt.text", "worker.start"]);
    expect(written[2]).toEqual({ type: "prompt.text", ts: NOW.toISOString(), ticket: "T-1", system: "You draft code.", prompt: "Ticket T-1" });
  });
});

describe("openRunLog: secrets", () => {
  it("masks secrets in every string: events, prompts, answers split over tokens, the environment's values", async () => {
    const log = await openRunLog(root, options({ env: { MY_SERVICE_TOKEN: "plain words but secret", PATH: "/usr/bin" } }));
    log.write(ev({ type: "test.output", ticket: "T-1", stream: "stderr", line: `401 with key ${ANTHROPIC} at /usr/bin` }));
    log.write(ev({ type: "error", code: "x", message: "token plain words but secret refused", ticket: "T-1" }));
    log.record({ type: "prompt.text", ticket: "T-1", system: "s", prompt: `use ANTHROPIC_API_KEY=${ANTHROPIC}` });
    // The key arrives in three tokens: only the joined answer shows it.
    for (const e of draft("T-1", ["const k = \"sk-ant-", "api03-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0", "-abcdEFGH_ijkl\";"])) log.write(e);
    log.write(ev({ type: "edit.proposed", ticket: "T-1", file: "a.ts", kind: "edit", hunks: [{ id: "h1", header: `@@ ${ANTHROPIC} @@`, added: 1, removed: 0 }] }));
    await log.close();
    const text = await readFile(path.join(logs, "2025-03-03-r1.jsonl"), "utf8");
    expect(text).not.toContain("sk-ant-");
    expect(text).not.toContain("plain words but secret");
    const written = await lines("2025-03-03-r1.jsonl");
    expect(written[1]!.line).toBe(`401 with key ${SECRET} at /usr/bin`);
    expect(written[2]!.message).toBe(`token ${SECRET} refused`);
    expect(written[3]!.prompt).toBe(`use ANTHROPIC_API_KEY=${SECRET}`);
    expect(written.find((r) => r.type === "worker.answer")!.text).toBe(`const k = "${SECRET}";`);
    expect((written.at(-1)!.hunks as { header: string }[])[0]!.header).toBe(`@@ ${SECRET} @@`);
  });

  it("masks the process environment's secret values by default", async () => {
    const name = "HACO_TEST_RUNLOG_TOKEN";
    process.env[name] = "value-from-the-environment-42";
    try {
      const log = await openRunLog(root, { config: LOGS, run: { id: "r1", command: "run" }, now: () => NOW });
      log.write(ev({ type: "warning", code: "w", message: "saw value-from-the-environment-42" }));
      await log.close();
    } finally {
      delete process.env[name];
    }
    expect((await lines("2025-03-03-r1.jsonl"))[1]!.message).toBe(`saw ${SECRET}`);
  });
});

describe("openRunLog: rotation and retention", () => {
  const message = (i: number) => `message number ${String(i).padStart(3, "0")} ${"x".repeat(60)}`;
  const warning = (i: number) => ev({ type: "warning", code: "w", message: message(i) });

  it("continues in <base>.2.jsonl, .3… past maxFileBytes; every file starts with the meta line and stays within the limit", async () => {
    const maxFileBytes = 600;
    const log = await openRunLog(root, options({ config: { ...LOGS, maxFileBytes } }));
    for (let i = 0; i < 20; i++) log.write(warning(i));
    await log.close();
    const files = await logFiles();
    expect(files.length).toBeGreaterThan(3);
    const ordered = ["2025-03-03-r1.jsonl", ...Array.from({ length: files.length - 1 }, (_, i) => `2025-03-03-r1.${i + 2}.jsonl`)];
    expect([...files].sort()).toEqual([...ordered].sort());
    const messages: unknown[] = [];
    for (const file of ordered) {
      const text = await readFile(path.join(logs, file), "utf8");
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxFileBytes);
      const written = await lines(file);
      expect(written[0]).toEqual({ type: "log.meta", run: "r1", command: "run", startedAt: NOW.toISOString(), version: "0.1.0" });
      expect(written.length).toBeGreaterThan(1);
      messages.push(...written.slice(1).map((r) => r.message));
    }
    expect(messages).toEqual(Array.from({ length: 20 }, (_, i) => message(i)));
  });

  it("writes a single record larger than the limit, alone after the meta line", async () => {
    const log = await openRunLog(root, options({ config: { ...LOGS, maxFileBytes: 300 } }));
    log.write(warning(1));
    log.write(ev({ type: "warning", code: "big", message: "y".repeat(1000) }));
    log.write(warning(2));
    await log.close();
    const [first, second, third] = await Promise.all(["2025-03-03-r1.jsonl", "2025-03-03-r1.2.jsonl", "2025-03-03-r1.3.jsonl"].map(lines));
    expect(first!.map((r) => r.code)).toEqual([undefined, "w"]);
    expect(second!.map((r) => r.code)).toEqual([undefined, "big"]);
    expect(third!.map((r) => r.code)).toEqual([undefined, "w"]);
  });

  it("keeps at most keepFiles log files, deleting the oldest, and never touches other files", async () => {
    await mkdir(logs, { recursive: true });
    const old = ["2025-01-01-a.jsonl", "2025-01-02-b.jsonl", "2025-01-02-b.2.jsonl", "2025-01-03-c.jsonl"];
    for (const [i, name] of old.entries()) {
      await writeFile(path.join(logs, name), "{}\n");
      const t = new Date(Date.UTC(2025, 0, 1 + i));
      await utimes(path.join(logs, name), t, t);
    }
    await writeFile(path.join(logs, "notes.txt"), "mine\n");
    await writeFile(path.join(logs, "export.jsonl"), "mine\n");
    const log = await openRunLog(root, options({ config: { ...LOGS, keepFiles: 3 } }));
    await log.close();
    expect(await logFiles()).toEqual(["2025-01-02-b.2.jsonl", "2025-01-03-c.jsonl", "2025-03-03-r1.jsonl", "export.jsonl"]);
    expect(await readFile(path.join(logs, "notes.txt"), "utf8")).toBe("mine\n");
  });

  it("applies retention on rotation too, and never deletes the file being written", async () => {
    const log = await openRunLog(root, options({ config: { ...LOGS, maxFileBytes: 300, keepFiles: 1 } }));
    for (let i = 0; i < 6; i++) log.write(warning(i));
    await log.close();
    const files = await logFiles();
    expect(files).toEqual([path.basename(log.file!)]);
    expect((await lines(files[0]!)).at(-1)!.message).toBe(message(5));
  });
});

describe("openRunLog: failures", () => {
  it("reports a write failure once through onError, stops, and never throws into the caller", async () => {
    const errors: Error[] = [];
    const log = await openRunLog(root, options({ config: { ...LOGS, maxFileBytes: 300 }, onError: (e) => errors.push(e) }));
    log.write(ev({ type: "warning", code: "w", message: "first" }));
    await log.flush();
    // The next rotation cannot create its file.
    await rm(logs, { recursive: true, force: true });
    for (let i = 0; i < 10; i++) expect(() => log.write(ev({ type: "warning", code: "w", message: `m${i} ${"z".repeat(200)}` }))).not.toThrow();
    await log.flush();
    for (let i = 0; i < 3; i++) log.write(ev({ type: "warning", code: "w", message: "after" }));
    await expect(log.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/the run log .* stopped: .*ENOENT/);
    expect(log.file).toBeNull();
  });

  it("resolves with a log that writes nothing when the directory cannot be created, and says why", async () => {
    await mkdir(path.join(root, ".haco"), { recursive: true });
    await writeFile(logs, "a file where the directory should be\n");
    const errors: Error[] = [];
    const log = await openRunLog(root, options({ onError: (e) => errors.push(e) }));
    expect(log.file).toBeNull();
    expect(() => log.write(ev({ type: "warning", code: "w", message: "x" }))).not.toThrow();
    await log.close();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^cannot open the run log in .*logs: .*(EEXIST|ENOTDIR)/)]);
  });

  it("ignores writes after close, and close twice", async () => {
    const log = await openRunLog(root, options());
    log.write(ev({ type: "warning", code: "w", message: "kept" }));
    await log.close();
    log.write(ev({ type: "warning", code: "w", message: "after close" }));
    await log.close();
    expect((await lines("2025-03-03-r1.jsonl")).map((r) => r.message)).toEqual([undefined, "kept"]);
  });
});
