import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";
import { startFakeOpenAI, type FakeOpenAI } from "../servers/fakeOpenAI.js";
import type { HacoEvent } from "../../src/domain/events/events.js";

/**
 * More workers, headless: an OpenAI-compatible server in Ollama's place,
 * and a pool of two endpoints — one that dies mid-draft, and look-ahead
 * drafting the next ticket while the current one is tested.
 */

const ticket = (n: number, test = "node -e \"process.exit(0)\"") =>
  `## T-00${n}: Add f${n}\n- files: src/f${n}.js (create)\n- test: ${test}\n\nExport f${n}.\n`;
const PLAN = `# Plan\n\n${[1, 2, 3].map((n) => ticket(n)).join("\n")}`;
const answerFor = (prompt: string) => {
  const n = /Ticket T-00(\d)/.exec(prompt)?.[1] ?? "1";
  return `=== NEW FILE: src/f${n}.js ===\n\`\`\`js\nexport const f${n} = ${n};\n\`\`\`\n`;
};
const isCommitRequest = (messages: { role: string; content: string }[]) => messages.some((m) => m.role === "system" && m.content.includes("commit messages"));

let repo: TempRepo;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await repo.cleanup();
});

const run = (...args: string[]) => runHaco(["run", "--json", "--accept", "all", ...args], { cwd: repo.root });

describe("an OpenAI-compatible worker", () => {
  it("--worker openai:<url> gives the same events and exit code as Ollama, tok/s from llama.cpp's timings", async () => {
    const server: FakeOpenAI = await startFakeOpenAI({
      reply: (req) => ({ text: answerFor(req.messages.map((m) => m.content).join("\n")), timings: { predictedPerSecond: 87.5, promptN: 300 } }),
    });
    closers.push(() => server.close());
    const result = await run("T-001", "--worker", `openai:${server.url}`);
    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["ticket.start", "prompt.built", "worker.start", "worker.token", "worker.done", "edit.proposed", "apply.done", "test.done", "commit.done", "ticket.done"]));
    expect(eventsOf(events, "worker.done")[0]).toMatchObject({ tokensPerSec: 87.5 });
    expect(eventsOf(events, "worker.start")[0]).toMatchObject({ host: server.url });
  });

  it("an unreachable OpenAI-compatible server is exit 3 with a message naming it", async () => {
    const result = await run("T-001", "--worker", "openai:http://127.0.0.1:9");
    expect(result.exitCode).toBe(3);
    expect(result.stderr + result.stdout).toContain("127.0.0.1:9");
  });

  it("a --worker that is not kind:url is a usage error", async () => {
    const result = await run("T-001", "--worker", "lmstudio");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("expected ollama:<url> or openai:<base-url>");
  });
});

async function pool(a: FakeOllama, b: FakeOllama, lookAhead: number): Promise<void> {
  await repo.write(
    ".haco/config.yaml",
    `worker:\n  lookAhead: ${lookAhead}\n  endpoints:\n    - { name: a, url: "${a.url}" }\n    - { name: b, url: "${b.url}" }\n`,
  );
}

describe("a pool of worker endpoints", () => {
  it("one endpoint dies mid-draft: every ticket still ends committed, and the events say who drafted what and who went down", async () => {
    // a streams two chunks and then its connection drops, every time: it is "killed".
    const a = await startFakeOllama({ reply: () => ({ text: "=== NEW FILE: src/x.js ===\n```js\nexport const", failure: { kind: "drop", afterChunks: 2 } }) });
    const b = await startFakeOllama({ reply: (req) => ({ text: isCommitRequest(req.messages) ? "feat: f\n" : answerFor(req.messages.map((m) => m.content).join("\n")) }) });
    closers.push(() => a.close(), () => b.close());
    await pool(a, b, 0);
    const result = await run();
    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "ticket.done").map((e) => [e.ticket, e.status])).toEqual([
      ["T-001", "committed"],
      ["T-002", "committed"],
      ["T-003", "committed"],
    ]);
    expect(eventsOf(events, "endpoint.down")).toMatchObject([{ endpoint: "a", ticket: "T-001" }]);
    const drafted = eventsOf(events, "worker.start").map((e) => [e.ticket, e.endpoint]);
    expect(drafted).toEqual([
      ["T-001", "a"],
      ["T-001", "b"],
      ["T-002", "b"],
      ["T-003", "b"],
    ]);
  });

  it("with two endpoints and look-ahead 1, the next ticket's draft is done before the previous ticket's commit", async () => {
    const slowTests = `# Plan\n\n${[1, 2].map((n) => ticket(n, 'node -e "setTimeout(() => process.exit(0), 400)"')).join("\n")}`;
    await repo.write("PLAN.md", slowTests);
    await repo.commitAll("slow tests");
    const reply = (req: { messages: { role: string; content: string }[] }) => ({ text: answerFor(req.messages.map((m) => m.content).join("\n")), chunkDelayMs: 2 });
    const a = await startFakeOllama({ reply });
    const b = await startFakeOllama({ reply });
    closers.push(() => a.close(), () => b.close());
    await pool(a, b, 1);
    const result = await run();
    expect(result.exitCode, result.stderr).toBe(0);
    const events: HacoEvent[] = parseEvents(result.stdout);
    const at = (pred: (e: HacoEvent) => boolean) => events.findIndex(pred);
    expect(eventsOf(events, "draft.ahead")).toMatchObject([{ ticket: "T-002" }]);
    const t2Done = at((e) => e.type === "worker.done" && e.ticket === "T-002");
    const t1Commit = at((e) => e.type === "commit.done" && e.ticket === "T-001");
    expect(t2Done).toBeGreaterThan(-1);
    expect(t2Done).toBeLessThan(t1Commit);
    // Drafted once, on the other endpoint, and used when its turn came.
    expect(eventsOf(events, "worker.start").filter((e) => e.ticket === "T-002")).toHaveLength(1);
    const endpoints = new Set(eventsOf(events, "worker.start").map((e) => e.endpoint));
    expect(endpoints).toEqual(new Set(["a", "b"]));
    expect(eventsOf(events, "ticket.done").map((e) => e.status)).toEqual(["committed", "committed"]);
  });

  it("a ticket drafted ahead that sees a file the ticket before it changes is drafted again, and both commit", async () => {
    // T-002 reads src/f1.js, which T-001 creates: its draft made ahead saw no such file.
    const dependent = `# Plan\n\n${ticket(1)}\n## T-002: Add f2\n- files: src/f2.js (create)\n- context: src/f1.js\n- test: node -e "process.exit(0)"\n\nExport f2 next to f1.\n`;
    await repo.write("PLAN.md", dependent);
    await repo.write("src/f1.js", "");
    await repo.commitAll("dependent plan");
    await repo.git("rm", "-q", "src/f1.js");
    await repo.git("commit", "-qm", "no f1 yet");
    const reply = (req: { messages: { role: string; content: string }[] }) => ({ text: isCommitRequest(req.messages) ? "feat: f\n" : answerFor(req.messages.map((m) => m.content).join("\n")) });
    const a = await startFakeOllama({ reply });
    const b = await startFakeOllama({ reply });
    closers.push(() => a.close(), () => b.close());
    await pool(a, b, 1);
    const result = await run();
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "ticket.done").map((e) => [e.ticket, e.status])).toEqual([
      ["T-001", "committed"],
      ["T-002", "committed"],
    ]);
    expect(eventsOf(events, "warning").filter((w) => w.code === "draft_ahead_stale")).toMatchObject([{ ticket: "T-002" }]);
    expect(result.exitCode).toBe(0);
  });
});
