import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama, type Reply, type ChatRequestView } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";

const PLAN = `# Plan: greetings

## T-001: Add hello
- files: src/hello.js (create)
- test: node -e "import('./src/hello.js').then(m => process.exit(m.hello() === 'hello' ? 0 : 1))"

Export a function hello() that returns "hello".

### Acceptance criteria
- [ ] hello() returns "hello"

## T-002: Add bye
- files: src/bye.js (create)

Export a function bye() that returns "bye".
`;

function newFile(file: string, body: string): string {
  return `=== NEW FILE: ${file} ===\n\`\`\`js\n${body}\`\`\`\n`;
}

/** Answers each ticket by the file its prompt asks for. */
function byTicket(req: ChatRequestView): Reply {
  const prompt = req.messages.at(-1)?.content ?? "";
  if (prompt.includes("src/hello.js")) return { text: newFile("src/hello.js", 'export function hello() {\n  return "hello";\n}\n') };
  return { text: newFile("src/bye.js", 'export function bye() {\n  return "bye";\n}\n') };
}

let server: FakeOllama;
let repo: TempRepo;
let reply: (req: ChatRequestView) => Reply;

beforeEach(async () => {
  reply = byTicket;
  server = await startFakeOllama({ reply: (req) => reply(req) });
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

const run = (...args: string[]) => runHaco(["run", ...args], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });

describe("haco run with the default plan", () => {
  it("reads PLAN.md, runs every ticket, and skips committed tickets next time", async () => {
    const first = await run("--json", "--accept", "all");
    expect(first.exitCode).toBe(0);
    const events = parseEvents(first.stdout);
    expect(eventsOf(events, "run.start")[0]).toMatchObject({ tickets: ["T-001", "T-002"], plan: "PLAN.md" });
    expect(eventsOf(events, "ticket.done").map((e) => [e.ticket, e.status])).toEqual([
      ["T-001", "committed"],
      ["T-002", "committed"],
    ]);
    expect(await repo.git("log", "--format=%s", "-2")).toMatch(/\(T-002\)\n.*\(T-001\)\n$/);
    // T-001's acceptance criteria reached the worker.
    expect((server.chats[0]!.request.body as { messages: { content: string }[] }).messages.at(-1)!.content).toContain('hello() returns "hello"');

    const second = await run("--json", "--accept", "all");
    expect(second.exitCode).toBe(0);
    expect(server.chats).toHaveLength(2);
    expect(second.stderr).toContain("already has a commit");

    // A plan with one more ticket: the committed ones are skipped, and the run says which and why.
    await repo.write("PLAN.md", `${PLAN}\n## T-003: Something new\n- files: src/new.js (create)\n\nAdd it.\n`);
    const third = await run("--json", "--accept", "none", "--no-commit");
    const thirdEvents = parseEvents(third.stdout);
    expect(thirdEvents[0]).toMatchObject({ type: "run.start", tickets: ["T-003"] });
    // Scripts see each skipped ticket on the stream, right after run.start; stderr stays free of it.
    expect(thirdEvents.slice(1, 3)).toMatchObject([
      { type: "warning", code: "ticket_already_committed", ticket: "T-001", message: expect.stringContaining("haco run T-001") },
      { type: "warning", code: "ticket_already_committed", ticket: "T-002", message: expect.stringContaining("Haco-Ticket: T-002") },
    ]);
    expect(third.stderr).not.toContain("T-001");
    // People get the same warnings on stderr.
    const human = await run("--accept", "none", "--no-commit");
    expect(human.stderr).toContain("warning: T-001 is skipped: a commit in this branch already carries its ticket id (Haco-Ticket: T-001)");
    expect(human.stderr).toContain("warning: T-002 is skipped");
    await repo.git("checkout", "-q", "--", "PLAN.md");

    // Naming a ticket runs it again; its NEW FILE block now meets an existing file and is refused.
    const again = await run("T-002", "--json", "--accept", "all");
    expect(again.exitCode).toBe(1);
    const refused = eventsOf(parseEvents(again.stdout), "edit.refused");
    expect(refused[0]!.file).toBe("src/bye.js");
  });

  it("rejects an unknown ticket id with the ids the plan has", async () => {
    const result = await run("T-404", "--json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("PLAN.md has no ticket T-404 — its tickets are T-001, T-002");
  });

  it("--no-commit applies and tests but leaves the change uncommitted", async () => {
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const result = await run("T-001", "--json", "--accept", "all", "--no-commit");
    expect(result.exitCode).toBe(0);
    expect(eventsOf(parseEvents(result.stdout), "ticket.done")[0]!.status).toBe("applied");
    expect(await repo.read("src/hello.js")).toContain("return \"hello\"");
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
  });

  it("warns when Ollama's prompt count shows the prompt was cut", async () => {
    reply = (req) => ({ ...byTicket(req), promptEvalCount: Number(req.options.num_ctx) });
    const result = await run("T-001", "--json", "--accept", "all");
    const warnings = eventsOf(parseEvents(result.stdout), "warning").filter((w) => w.code === "prompt_truncated");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("num_ctx");
  });

  it("never overwrites a file that changed on disk while the worker drafted", async () => {
    await repo.write("src/hello.js", "// the user's draft\n");
    await repo.write(".haco/plan.yaml", "id: T-009\ntitle: Edit hello\nfiles:\n  - path: src/hello.js\n");
    reply = () => {
      // Someone (the user, or Claude Code in the next pane) saves the file mid-draft.
      writeFileSync(path.join(repo.root, "src/hello.js"), "// saved by someone else\n");
      return { text: "```diff\n--- a/src/hello.js\n+++ b/src/hello.js\n@@ -1 +1 @@\n-// the user's draft\n+// the worker's version\n```\n" };
    };
    const result = await run("--json", "--accept", "all");
    expect(result.exitCode).toBe(1);
    const [done] = eventsOf(parseEvents(result.stdout), "ticket.done");
    expect(done).toMatchObject({ ticket: "T-009", status: "failed" });
    expect(done!.reason).toContain("src/hello.js changed on disk after the worker read it");
    expect(await repo.read("src/hello.js")).toBe("// saved by someone else\n");
  });

  it("fails the ticket, not the terminal, when the worker stalls", async () => {
    await repo.write(".haco/config.yaml", "worker:\n  stallTimeoutMs: 300\n");
    reply = () => ({ text: "```js\nexport const", failure: { kind: "stall", afterChunks: 2 } });
    const result = await run("T-001", "--json", "--accept", "all");
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "error")[0]).toMatchObject({ code: "worker_stalled" });
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ status: "failed" });
    // The server sees the hang-up on its own schedule, not necessarily before haco has exited.
    await expect(server.chats[0]!.ended).resolves.toBe("client_aborted");
  });
});

describe("haco run --retries", () => {
  it("drafts again after failing tests, telling the worker what failed, and commits the second draft", async () => {
    let drafts = 0;
    reply = (req) => {
      const prompt = req.messages.at(-1)?.content ?? "";
      if (!prompt.includes("src/hello.js")) return byTicket(req);
      drafts++;
      // The first draft returns the wrong word; the second reads the failure and fixes it.
      const word = prompt.includes("Your previous attempt failed") ? "hello" : "hullo";
      return { text: newFile("src/hello.js", `export function hello() {\n  console.log("said ${word}");\n  return "${word}";\n}\n`) };
    };
    const result = await run("T-001", "--json", "--accept", "all", "--retries", "1");
    expect(result.exitCode).toBe(0);
    expect(drafts).toBe(2);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "ticket.retry")).toMatchObject([{ ticket: "T-001", attempt: 2 }]);
    expect(eventsOf(events, "rollback.done")).toHaveLength(1);
    expect(eventsOf(events, "ticket.done")).toMatchObject([{ ticket: "T-001", status: "committed" }]);
    const second = (server.chats[1]!.request.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    expect(second).toContain("said hullo");
    expect(await repo.read("src/hello.js")).toContain('return "hello"');
  });

  it("with --retries 0 a failing ticket is drafted once", async () => {
    reply = (req) => ({ text: newFile("src/hello.js", 'export function hello() {\n  return "hullo";\n}\n') });
    const result = await run("T-001", "--json", "--accept", "all", "--retries", "0");
    expect(result.exitCode).toBe(1);
    expect(server.chats).toHaveLength(1);
    expect(eventsOf(parseEvents(result.stdout), "ticket.retry")).toEqual([]);
  });

  it("rejects a --retries that is not a small whole number, with a usage error", async () => {
    const result = await run("--retries", "lots");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--retries lots: expected a whole number from 0 to 10");
  });
});

describe("haco run: what it is given", () => {
  it("runs a ticket named twice once", async () => {
    const result = await run("T-001", "T-001", "--json", "--accept", "all");
    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "run.start")[0]!.tickets).toEqual(["T-001"]);
    expect(eventsOf(events, "ticket.done").map((e) => [e.ticket, e.status])).toEqual([["T-001", "committed"]]);
    expect(server.chats).toHaveLength(1);
  });

  it("reads --retries -1 as the value, and says what --retries takes", async () => {
    for (const args of [["--retries", "-1"], ["--retries=-1"]]) {
      const result = await run(...args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe("haco: --retries -1: expected a whole number from 0 to 10 (how many times to draft again after failing tests) — e.g. --retries 2\n");
    }
    expect(server.chats).toHaveLength(0);
  });

  it("names an unknown option plainly", async () => {
    const result = await run("--bogus");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("haco run: unknown option --bogus — check its spelling; 'haco run --help' lists the options\n");
  });

  it("refuses an empty --model instead of falling back", async () => {
    const result = await run("T-001", "--model", "");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--model is empty — give it a value");
    expect(server.chats).toHaveLength(0);
  });

  it("with --json, a run with nothing left to do still says so on stdout", async () => {
    expect((await run("--json", "--accept", "all")).exitCode).toBe(0);
    const again = await run("--json", "--accept", "all");
    expect(again.exitCode).toBe(0);
    const events = parseEvents(again.stdout);
    expect(events.map((e) => e.type)).toEqual(["run.start", "warning", "run.done"]);
    expect(eventsOf(events, "run.start")[0]).toMatchObject({ tickets: [], plan: "PLAN.md", host: server.url });
    expect(eventsOf(events, "warning")[0]).toMatchObject({ code: "nothing_to_run", message: expect.stringContaining("already has a commit") });
    expect(eventsOf(events, "run.done")[0]).toMatchObject({ exitCode: 0, statuses: {} });
  });

  it("says PLAN.md is a folder, not that there is no plan", async () => {
    await repo.git("rm", "-q", "PLAN.md");
    await repo.write("PLAN.md/notes.txt", "not a plan\n");
    const result = await run();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "haco: PLAN.md: is a folder, not a plan file — rename or move that folder, write the plan there as a file (see docs/ticket-formats.md), or pass --plan FILE\n",
    );
  });

  it("refuses a .env file as the plan without reading it, on stderr and in --json", async () => {
    await repo.write(".env", "OPENAI_API_KEY=sk-test-secret-123\n");
    for (const args of [["--plan", ".env"], ["--plan", ".env", "--json"]]) {
      const result = await run(...args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(".env: is an environment file (.env*) and may hold secrets; haco does not read it as tickets");
      expect(result.stdout + result.stderr).not.toContain("sk-test-secret");
    }
    expect(server.chats).toHaveLength(0);
  });
});

describe("haco run: a broken .haco", () => {
  it("says .haco is a file (exit 2), not an internal error", async () => {
    await repo.write(".haco", "oops\n");
    const result = await run("--json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "haco: .haco is a file, but haco needs a folder there (to reach .haco/config.yaml) — rename or remove the file .haco, then try again\n",
    );
    expect(parseEvents(result.stdout)).toMatchObject([{ type: "error", code: "file_system" }]);
  });

  it("says .haco/config.yaml is a folder", async () => {
    await repo.write(".haco/config.yaml/x", "");
    const result = await run();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^haco: \.haco\/config\.yaml: is a folder, but haco reads its settings from a file there/);
    expect(result.stderr).not.toContain("internal error");
  });

  it("reports every problem of .haco/config.yaml at once", async () => {
    await repo.write(".haco/config.yaml", "worker:\n  routes:\n    - { kind: tests, model: m }\n  temperature: hot\n");
    const result = await run();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("haco: .haco/config.yaml has 2 problems:\n");
    expect(result.stderr).toContain('  .haco/config.yaml: worker.routes[0].kind: expected one of code|test|refactor|doc, got "tests" (line 3)');
    expect(result.stderr).toContain('  .haco/config.yaml: worker.temperature: expected a number from 0 to 2, got "hot" (line 4)');
  });
});
