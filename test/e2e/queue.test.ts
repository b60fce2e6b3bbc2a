import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TicketQueue } from "../../src/adapters/queue/ticketQueue.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco } from "../helpers/runHaco.js";

const PLAN_MD = `# Plan

## T-001: Add slugify helper
- files: src/slugify.ts (create)

## T-002: Use it in the route
- files: src/routes.ts
`;

const TASK_JSON = `{ "task_id": "T-100", "description": "Format chips. As currency.", "output_file": "src/chips.js" }\n`;

const BAD_YAML = "id: T-020\ntitle: Bad owner\nowner: bot\n";

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo();
});
afterEach(() => repo.cleanup());

const queueFiles = async () => {
  try {
    return (await readdir(path.join(repo.root, ".haco", "queue"))).sort();
  } catch {
    return [];
  }
};

describe("haco queue add", () => {
  it("validates a ticket file and queues it, printing the ids as JSON", async () => {
    await repo.write("plans/next.md", PLAN_MD);
    const result = await runHaco(["queue", "add", "plans/next.md", "--json"], { cwd: repo.root });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ queued: ["T-001", "T-002"], file: ".haco/queue/next.md" });
    expect(await repo.read(".haco/queue/next.md")).toBe(PLAN_MD);
    expect(await queueFiles()).toEqual([".gitignore", "done", "next.md", "rejected", "taken"]);
    expect(await repo.git("status", "--porcelain", "--untracked-files=all")).toBe("?? plans/next.md\n");

    // What haco's queue then takes, under the same ids.
    const batch = await new TicketQueue(repo.root, { settleMs: 0 }).takeNew();
    expect(batch.tickets.map((t) => t.id)).toEqual(["T-001", "T-002"]);
  });

  it("says what it queued on stderr without --json, and never reuses a name", async () => {
    await repo.write("next.md", PLAN_MD);
    const first = await runHaco(["queue", "add", "next.md"], { cwd: repo.root });
    const second = await runHaco(["queue", "add", "next.md"], { cwd: repo.root });
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(first.stdout).toBe("");
    expect(first.stderr).toBe("haco: queued T-001, T-002 as .haco/queue/next.md\n");
    expect(second.stderr).toBe("haco: queued T-001, T-002 as .haco/queue/next-2.md\n");
  });

  it("reads stdin, its format sniffed from the content or given by --format", async () => {
    const sniffed = await runHaco(["queue", "add", "-", "--json"], { cwd: repo.root, input: TASK_JSON });
    expect(sniffed.exitCode).toBe(0);
    expect(JSON.parse(sniffed.stdout)).toEqual({ queued: ["T-100"], file: ".haco/queue/stdin.json" });

    const given = await runHaco(["queue", "add", "--format", "md", "--json"], { cwd: repo.root, input: PLAN_MD });
    expect(given.exitCode).toBe(0);
    expect(JSON.parse(given.stdout)).toEqual({ queued: ["T-001", "T-002"], file: ".haco/queue/stdin.md" });
    expect(await repo.read(".haco/queue/stdin.md")).toBe(PLAN_MD);
  });

  it("refuses a bad file with the loader's message, exit 2, and queues nothing", async () => {
    await repo.write("bad.yaml", BAD_YAML);
    const result = await runHaco(["queue", "add", "bad.yaml"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('haco: bad.yaml: owner (line 3): expected "worker" or "supervisor", got "bot"\n');
    expect(result.stdout).toBe("");
    expect(await queueFiles()).toEqual([]);

    const json = await runHaco(["queue", "add", "-", "--format", "yaml", "--json"], { cwd: repo.root, input: BAD_YAML });
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      queued: [],
      error: { code: "bad_input", message: 'stdin: owner (line 3): expected "worker" or "supervisor", got "bot"' },
    });
    expect(await queueFiles()).toEqual([]);
  });

  it("refuses a missing file and a bad --format with exit 2", async () => {
    const missing = await runHaco(["queue", "add", "nope.md"], { cwd: repo.root });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^haco: nope\.md: file does not exist/);
    const format = await runHaco(["queue", "add", "-", "--format", "toml"], { cwd: repo.root, input: PLAN_MD });
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of md, yaml, json, got "toml"/);
    expect(await queueFiles()).toEqual([]);
  });

  it("refuses to run outside a git repository (exit 2)", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), "haco-queue-outside-"));
    try {
      await writeFile(path.join(outside, "next.md"), PLAN_MD);
      const result = await runHaco(["queue", "add", "next.md"], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: path.dirname(outside) } });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/is not inside a git repository/);
      expect(await readdir(outside)).toEqual(["next.md"]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe("haco queue list", () => {
  it("lists pending, taken and rejected files and the results", async () => {
    await repo.write("next.md", PLAN_MD);
    await runHaco(["queue", "add", "next.md"], { cwd: repo.root });
    const queue = new TicketQueue(repo.root, { settleMs: 0, rejectAfterMs: 0 });
    await queue.takeNew();
    await queue.writeDone({ id: "T-001", status: "committed", commit: "0123456789abcdef", reasons: [], testOutputTail: [], finishedAt: new Date() });
    await repo.write(".haco/queue/bad.yaml", BAD_YAML);
    await queue.takeNew();
    await runHaco(["queue", "add", "-"], { cwd: repo.root, input: TASK_JSON });

    const json = await runHaco(["queue", "list", "--json"], { cwd: repo.root });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      pending: ["stdin.json"],
      ignored: [],
      taken: ["next.md"],
      rejected: [{ file: "bad.yaml", error: '.haco/queue/bad.yaml: owner (line 3): expected "worker" or "supervisor", got "bot"' }],
      done: [{ id: "T-001", status: "committed", ticketFile: ".haco/queue/taken/next.md" }],
    });

    const human = await runHaco(["queue", "list"], { cwd: repo.root });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toContain("pending in .haco/queue/ (1):\n  stdin.json\n");
    expect(human.stdout).toContain("T-001: committed 0123456789");
  });

  it("explains its usage", async () => {
    const none = await runHaco(["queue"], { cwd: repo.root });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/haco queue: add or list\?/);
    const help = await runHaco(["queue", "--help"], { cwd: repo.root });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: haco queue add FILE\|-/);
    expect((await runHaco(["--help"], { cwd: repo.root })).stdout).toContain("haco queue add");
  });
});

describe("haco run and the queue", () => {
  it("runs a queued ticket after the plan's and writes its result to .haco/queue/done/<id>.json", async () => {
    const { startFakeOllama } = await import("../servers/fakeOllama.js");
    const { createTempRepo } = await import("../helpers/tempRepo.js");
    const { runHaco, parseEvents, eventsOf } = await import("../helpers/runHaco.js");
    const ollama = await startFakeOllama({ reply: () => ({ text: "=== NEW FILE: src/q.js ===\n```js\nexport const q = 1;\n```\n" }) });
    const repo = await createTempRepo({ "package.json": '{ "type": "module" }\n' });
    try {
      await repo.commitAll("start");
      const ticket = "## Q-1: Add q\n- files: src/q.js (create)\n- test: node -e \"import('./src/q.js').then(m => process.exit(m.q === 1 ? 0 : 1))\"\n\nExport q = 1.\n";
      const queued = await runHaco(["queue", "add", "-", "--format", "md"], { cwd: repo.root, input: ticket });
      expect(queued.exitCode, queued.stderr).toBe(0);
      const result = await runHaco(["run", "--json", "--accept", "all"], { cwd: repo.root, env: { OLLAMA_HOST: ollama.url } });
      expect(result.exitCode, result.stderr).toBe(0);
      const done = eventsOf(parseEvents(result.stdout), "ticket.done");
      expect(done).toMatchObject([{ ticket: "Q-1", status: "committed" }]);
      const record = JSON.parse(await repo.read(".haco/queue/done/Q-1.json")) as Record<string, unknown>;
      expect(record).toMatchObject({ id: "Q-1", status: "committed", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
      expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(record.commit);
    } finally {
      await ollama.close();
      await repo.cleanup();
    }
  });

  it("renames a queued ticket whose id a committed plan ticket already carries, so no trailer is reused", async () => {
    const { startFakeOllama } = await import("../servers/fakeOllama.js");
    const { createTempRepo } = await import("../helpers/tempRepo.js");
    const { runHaco, parseEvents, eventsOf } = await import("../helpers/runHaco.js");
    const newFile = (file: string) => ({ text: `=== NEW FILE: ${file} ===\n\`\`\`js\nexport const x = 1;\n\`\`\`\n` });
    const ollama = await startFakeOllama({ reply: (req) => newFile(req.messages.at(-1)!.content.includes("src/neg2.js") ? "src/neg2.js" : "src/neg.js") });
    const repo = await createTempRepo({ "PLAN.md": "# Plan\n\n## T-001: Add a\n- files: src/a.js (create)\n\n## T-002: Add b\n- files: src/b.js (create)\n" });
    try {
      await repo.commitAll("plan");
      // Both plan tickets are done: their commits carry the trailer `haco run` matches them by.
      await repo.git("commit", "-q", "--allow-empty", "-m", "feat: add a (T-001)", "-m", "Haco-Ticket: T-001");
      await repo.git("commit", "-q", "--allow-empty", "-m", "feat: add b (T-002)", "-m", "Haco-Ticket: T-002");
      await repo.write("q.md", "## T-002: Add neg2\n- files: src/neg2.js (create)\n\nExport x.\n");
      // `Q1` is no id to the PLAN.md reader (see docs/ticket-formats.md): the ticket is numbered T-001 by position.
      await repo.write("q1.md", "## Q1: Add neg\n- files: src/neg.js (create)\n\nExport x.\n");
      for (const file of ["q.md", "q1.md"]) expect((await runHaco(["queue", "add", file], { cwd: repo.root })).exitCode).toBe(0);

      const result = await runHaco(["run", "--json", "--accept", "all"], { cwd: repo.root, env: { OLLAMA_HOST: ollama.url } });
      expect(result.exitCode, result.stderr).toBe(0);
      const done = eventsOf(parseEvents(result.stdout), "ticket.done").map((e) => [e.ticket, e.status]);
      expect(done.sort()).toEqual([
        ["Q-q-T-002", "committed"],
        ["Q-q1-T-001", "committed"],
      ]);
      const trailers = (await repo.git("log", "--format=%(trailers:key=Haco-Ticket,valueonly)")).split("\n").filter(Boolean).sort();
      expect(trailers).toEqual(["Q-q-T-002", "Q-q1-T-001", "T-001", "T-002"]);
      expect(JSON.parse(await repo.read(".haco/queue/done/Q-q-T-002.json"))).toMatchObject({ id: "Q-q-T-002", originalId: "T-002", status: "committed" });
      expect(JSON.parse(await repo.read(".haco/queue/done/Q-q1-T-001.json"))).toMatchObject({ id: "Q-q1-T-001", originalId: "T-001", status: "committed" });
    } finally {
      await ollama.close();
      await repo.cleanup();
    }
  });

  it("leaves queued tickets pending when the worker cannot be reached (exit 3), so the next run takes them", async () => {
    const { startFakeOllama } = await import("../servers/fakeOllama.js");
    const { createTempRepo } = await import("../helpers/tempRepo.js");
    const { runHaco, parseEvents, eventsOf } = await import("../helpers/runHaco.js");
    const ollama = await startFakeOllama({ reply: () => ({ text: "=== NEW FILE: src/q.js ===\n```js\nexport const q = 1;\n```\n" }) });
    const down = ollama.url;
    await ollama.close();
    const repo = await createTempRepo({ "package.json": '{ "type": "module" }\n' });
    try {
      await repo.commitAll("start");
      const ticket = "## Q-1: Add q\n- files: src/q.js (create)\n\nExport q = 1.\n";
      expect((await runHaco(["queue", "add", "-", "--format", "md"], { cwd: repo.root, input: ticket })).exitCode).toBe(0);
      const result = await runHaco(["run", "--json", "--accept", "all"], { cwd: repo.root, env: { OLLAMA_HOST: down } });
      expect(result.exitCode).toBe(3);
      expect(eventsOf(parseEvents(result.stdout), "error")[0]!.message).toContain(`cannot reach Ollama at ${down}`);
      expect(result.stderr).toContain("haco: the run stopped before Q-1: .haco/queue/stdin.md is back in the queue for the next run");
      const listing = JSON.parse((await runHaco(["queue", "list", "--json"], { cwd: repo.root })).stdout) as Record<string, unknown>;
      expect(listing).toMatchObject({ pending: ["stdin.md"], taken: [], done: [] });
    } finally {
      await repo.cleanup();
    }
  });
});

describe("haco queue: secrets and a broken .haco", () => {
  it("refuses to queue a .env file without reading it, also with --json", async () => {
    await repo.write(".env.local", "ANTHROPIC_API_KEY=sk-ant-secret-456\n");
    for (const args of [["queue", "add", ".env.local"], ["queue", "add", ".env.local", "--json"]]) {
      const result = await runHaco(args, { cwd: repo.root });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(".env.local: is an environment file (.env*) and may hold secrets; haco does not read it as tickets");
      expect(result.stdout + result.stderr).not.toContain("sk-ant-secret");
    }
    expect(await queueFiles()).toEqual([]);
  });

  it("says .haco is a file for add and list (exit 2), not an internal error", async () => {
    await repo.write(".haco", "");
    await repo.write("next.md", PLAN_MD);
    for (const args of [["queue", "list"], ["queue", "add", "next.md"]]) {
      const result = await runHaco(args, { cwd: repo.root });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe("haco: .haco is a file, but haco needs a folder there (to reach .haco/queue) — rename or remove the file .haco, then try again\n");
    }
  });
});
