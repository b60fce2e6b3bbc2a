import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama, type Reply } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startConflictingMerge } from "../helpers/gitConflict.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";
import type { HacoEvent } from "../../src/domain/events/events.js";

/**
 * What a run refuses to do, and how it says so: tickets naming directories or
 * missing files, worker answers that would change haco's own control files,
 * tickets whose interrupted run's journal is still there, runs in the middle
 * of a merge, and drafts that end because the worker fell silent.
 */

const CONFIG = "verify:\n  - node -e \"process.exit(0)\"\n";
const NEW_FILE = (file: string, body: string) => [`=== NEW FILE: ${file} ===`, "```", body, "```", ""].join("\n");

let server: FakeOllama;
let repo: TempRepo;
let reply: (body: string) => Reply;

beforeEach(async () => {
  reply = () => ({ text: NEW_FILE("src/b.js", "export const b = 2;") });
  server = await startFakeOllama({ reply: (req) => reply(req.messages.map((m) => m.content).join("\n")) });
  repo = await createTempRepo({ "src/a.js": "export const a = 1;\n", ".haco/config.yaml": CONFIG, ".hacoignore": "secrets/\n" });
  await repo.commitAll("initial");
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

async function writePlan(...tickets: string[]): Promise<void> {
  await repo.write("PLAN.md", `# Plan\n\n${tickets.join("\n")}`);
  await repo.commitAll("plan");
}

const ticket = (id: string, fields: string) => `## ${id}: Change things\n${fields}\n\nDo it.\n`;
const run = (...args: string[]) => runHaco(["run", "--json", "--accept", "all", ...args], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });

/** The events of one ticket, in order, and what came after its ticket.done. */
function ending(events: HacoEvent[], id: string) {
  const done = events.findIndex((e) => e.type === "ticket.done" && e.ticket === id);
  const runDone = events.findIndex((e) => e.type === "run.done");
  return { done: done >= 0 ? (events[done] as Extract<HacoEvent, { type: "ticket.done" }>) : null, beforeRunDone: done >= 0 && done < runDone };
}

describe("a ticket naming a directory", () => {
  it.each([
    ["files", "- files: src"],
    ["context", "- files: src/a.js\n- context: src"],
  ])("is refused (%s) with the reason, and the stream ends properly", async (_field, fields) => {
    await writePlan(ticket("T-001", fields));
    const result = await run();
    expect(result.stderr).not.toContain("internal error");
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    const { done, beforeRunDone } = ending(events, "T-001");
    expect(done).toMatchObject({ status: "refused" });
    expect(done!.reason).toContain("src is a directory — name a file");
    expect(beforeRunDone).toBe(true);
    expect(eventsOf(events, "run.done")[0]).toMatchObject({ exitCode: 1 });
    expect(server.chats).toHaveLength(0);
  });
});

describe("a ticket's file that is not where it says", () => {
  it("an (edit) of a missing file is refused before anything is drafted, saying how to fix the ticket", async () => {
    await writePlan(ticket("T-001", "- files: src/typo.js (edit)"));
    const result = await run();
    expect(result.exitCode).toBe(1);
    const { done } = ending(parseEvents(result.stdout), "T-001");
    expect(done).toMatchObject({ status: "refused" });
    expect(done!.reason).toContain("src/typo.js is marked (edit) but does not exist — fix the path in the ticket, or mark it (create)");
    expect(server.chats).toHaveLength(0);
  });
});

describe("haco's own control files", () => {
  it.each([
    [".haco/config.yaml", "verify:\n  - node -e \"require('fs').writeFileSync('pwned', '')\"", "inside .haco/"],
    [".hacoignore", "", "is .hacoignore"],
  ])("refuses an answer that writes %s, even with --accept all", async (target, body, why) => {
    await writePlan(ticket("T-001", "- files: src/b.js (create)"));
    reply = () => ({ text: NEW_FILE("src/b.js", "export const b = 2;") + NEW_FILE(target, body) });
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const result = await run();
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    const refused = eventsOf(events, "edit.refused").find((e) => e.file === target);
    expect(refused?.reason).toContain(why);
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ status: "refused" });
    expect(eventsOf(events, "apply.done")).toHaveLength(0);
    expect(await repo.read(".haco/config.yaml")).toBe(CONFIG);
    expect(await repo.read(".hacoignore")).toBe("secrets/\n");
    expect(existsSync(path.join(repo.root, "pwned"))).toBe(false);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
  });
});

describe("a ticket whose interrupted run left its journal", () => {
  it("is refused, not started, with 'haco rollback first' (exit 2), its journal kept byte for byte, while the other tickets run", async () => {
    await writePlan(ticket("T-001", "- files: src/a.js"), ticket("T-002", "- files: src/b.js (create)"));
    const left = JSON.stringify({ ticket: "T-001", createdAt: "then", entries: [{ path: "src/a.js", existed: true, mode: 420, contentBase64: "b3JpZ2luYWwK" }] });
    await repo.write(".haco/journal/T-001.json", left);
    const result = await run();
    expect(result.exitCode).toBe(2);
    const events = parseEvents(result.stdout);
    const error = eventsOf(events, "error").find((e) => e.ticket === "T-001");
    expect(error).toMatchObject({ code: "pending_journal" });
    expect(error!.message).toContain(".haco/journal/T-001.json");
    expect(error!.message).toContain("run 'haco rollback' first");
    expect(ending(events, "T-001").done).toMatchObject({ status: "refused" });
    expect(ending(events, "T-002").done).toMatchObject({ status: "committed" });
    // The warning says the ticket is not run until the journal is dealt with: the stream agrees (no ticket.start for it).
    expect(eventsOf(events, "warning").find((w) => w.code === "interrupted_ticket")!.message).toContain("until then that ticket is not run");
    expect(eventsOf(events, "ticket.start").map((e) => e.ticket)).toEqual(["T-002"]);
    // A repository to put right first ('haco rollback'), like a merge under way: exit 2, as README's exit codes say.
    expect(eventsOf(events, "run.done")[0]).toMatchObject({ exitCode: 2, statuses: { "T-001": "refused", "T-002": "committed" } });
    expect(await readFile(path.join(repo.root, ".haco/journal/T-001.json"), "utf8")).toBe(left);
    // Only T-002 was drafted.
    expect(server.chats).toHaveLength(1);
  });
});

describe("a run in the middle of a merge", () => {
  it("is refused before anything is drafted (exit 2), naming the merge and how to finish or abort it", async () => {
    await writePlan(ticket("T-001", "- files: src/b.js (create)"));
    await startConflictingMerge(repo, "src/a.js");
    const head = (await repo.git("rev-parse", "HEAD")).trim();

    const result = await run();
    expect(result.exitCode).toBe(2);
    const events = parseEvents(result.stdout);
    const [error] = eventsOf(events, "error");
    expect(error).toMatchObject({ code: "git_operation_in_progress" });
    expect(error!.message).toContain("a merge is in progress");
    expect(error!.message).toContain("git merge --abort");
    expect(eventsOf(events, "run.done")[0]).toMatchObject({ exitCode: 2 });
    expect(server.chats).toHaveLength(0);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(existsSync(path.join(repo.root, "src/b.js"))).toBe(false);
  });
});

describe("the ticket's file list", () => {
  it("refuses a (delete) of a file that does not exist, naming it", async () => {
    await writePlan(ticket("T-001", "- files: src/gone.js (delete)"));
    const result = await run();
    expect(result.exitCode).toBe(1);
    const { done } = ending(parseEvents(result.stdout), "T-001");
    expect(done).toMatchObject({ status: "refused" });
    expect(done!.reason).toContain("src/gone.js is marked (delete) but does not exist");
    expect(server.chats).toHaveLength(0);
  });

  it("shows a file listed twice once", async () => {
    await writePlan(ticket("T-001", "- files: src/a.js, ./src/a.js"));
    let prompt = "";
    reply = (body) => {
      prompt = body;
      return { text: "nothing to do" };
    };
    await run();
    expect(prompt.split("### src/a.js").length - 1).toBe(1);
  });
});

describe("a draft that ends because the worker fell silent", () => {
  it("reports the stall as the ticket's error and ticket.done before run.done, in the stream and the run log", async () => {
    await writePlan(ticket("T-001", "- files: src/b.js (create)"));
    await repo.write(".haco/config.yaml", `${CONFIG}worker:\n  firstTokenTimeoutMs: 200\n`);
    reply = () => ({ text: "x", failure: { kind: "stall", afterChunks: 0 } });
    const result = await run();
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    const error = eventsOf(events, "error").find((e) => e.ticket === "T-001");
    expect(error).toMatchObject({ code: "worker_stalled" });
    const { done, beforeRunDone } = ending(events, "T-001");
    expect(done).toMatchObject({ status: "failed", reason: error!.message });
    expect(beforeRunDone).toBe(true);

    const logged = await runLogTypes();
    expect(logged.filter((r) => r.type === "error" || r.type === "ticket.done" || r.type === "run.done").map((r) => r.type)).toEqual(["error", "ticket.done", "run.done"]);
  });

  it("ends the next ticket with its error and ticket.done too when no endpoint is left (exit 3)", async () => {
    await writePlan(ticket("T-001", "- files: src/b.js (create)"), ticket("T-002", "- files: src/c.js (create)"));
    await repo.write(".haco/config.yaml", `${CONFIG}worker:\n  firstTokenTimeoutMs: 200\n  endpoints:\n    - url: ${server.url}\n`);
    reply = () => ({ text: "x", failure: { kind: "stall", afterChunks: 0 } });
    const result = await run();
    expect(result.exitCode).toBe(3);
    const events = parseEvents(result.stdout);
    for (const id of ["T-001", "T-002"]) {
      expect(eventsOf(events, "error").find((e) => e.ticket === id)?.message.length).toBeGreaterThan(10);
      const { done, beforeRunDone } = ending(events, id);
      expect(done).toMatchObject({ status: "failed" });
      expect(beforeRunDone).toBe(true);
    }
    expect(eventsOf(events, "run.done")[0]).toMatchObject({ exitCode: 3, statuses: { "T-001": "failed", "T-002": "failed" } });
  });
});

async function runLogTypes(): Promise<{ type: string; ticket?: string }[]> {
  const dir = path.join(repo.root, ".haco", "logs");
  const [file] = (await readdir(dir)).filter((f) => f.endsWith(".jsonl"));
  const text = await readFile(path.join(dir, file!), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; ticket?: string });
}
