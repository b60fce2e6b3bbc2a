import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";
import { startFakeAnthropic, type FakeAnthropic } from "../servers/fakeAnthropic.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";

/**
 * The supervisor as a second drafter, headless: a worker ticket whose two
 * drafts fail its test is escalated and drafted by Claude through the same
 * review → apply → test → commit path; a supervisor-owned ticket goes to
 * Claude from the start. Real `ollama` and `@anthropic-ai/sdk` clients
 * against local servers speaking each protocol.
 */

const PLAN = `# Plan: greetings

## T-001: Add hello
- files: src/hello.js (create)
- test: node -e "import('./src/hello.js').then(m => process.exit(m.hello() === 'hello' ? 0 : 1))"

Export a function hello() that returns "hello".

## T-002: Design the greeting registry
- owner: supervisor
- files: src/registry.js (create)
- test: node -e "import('./src/registry.js').then(m => process.exit(m.greetings.length === 2 ? 0 : 1))"

Export greetings, a list of the two greetings.
`;

const newFile = (file: string, body: string) => `=== NEW FILE: ${file} ===\n\`\`\`js\n${body}\`\`\`\n`;
const WRONG = newFile("src/hello.js", 'export function hello() {\n  return "hullo";\n}\n');
const RIGHT = newFile("src/hello.js", 'export function hello() {\n  return "hello";\n}\n');
const REGISTRY = newFile("src/registry.js", 'export const greetings = ["hello", "bye"];\n');

let ollama: FakeOllama;
let anthropic: FakeAnthropic;
let repo: TempRepo;

beforeEach(async () => {
  ollama = await startFakeOllama({ reply: () => ({ text: WRONG }) });
  anthropic = await startFakeAnthropic({
    reply: (req) => ({ text: JSON.stringify(req.messages).includes("src/registry.js") ? REGISTRY : RIGHT, usage: { input_tokens: 900, output_tokens: 60 } }),
  });
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  await ollama.close();
  await anthropic.close();
  await repo.cleanup();
});

const withClaude = { OLLAMA_HOST: "", ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: "" };
const run = (env: Record<string, string>, ...args: string[]) =>
  runHaco(["run", ...args, "--json", "--accept", "all"], { cwd: repo.root, env: { ...env, OLLAMA_HOST: ollama.url } });

describe("escalation to the supervisor", () => {
  it("a worker ticket whose two drafts fail its test is drafted by Claude and committed; the events show both", async () => {
    const result = await run({ ...withClaude, ANTHROPIC_BASE_URL: anthropic.url }, "T-001");
    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    const starts = eventsOf(events, "worker.start");
    expect(starts.map((e) => e.drafter ?? "worker")).toEqual(["worker", "worker", "supervisor"]);
    expect(ollama.chats).toHaveLength(2);
    expect(eventsOf(events, "ticket.escalated")).toMatchObject([{ ticket: "T-001", to: "supervisor" }]);
    expect(eventsOf(events, "supervisor.usage")).toMatchObject([{ purpose: "draft", ticket: "T-001", inputTokens: 900, outputTokens: 60 }]);
    expect(eventsOf(events, "ticket.done")).toMatchObject([{ ticket: "T-001", status: "committed" }]);
    expect(await repo.read("src/hello.js")).toContain('return "hello"');
    // Claude was told what failed.
    expect(JSON.stringify(anthropic.requests.at(-1)!.body)).toContain("Your previous attempt failed");
  });

  it("a supervisor-owned ticket goes to Claude from the start", async () => {
    const result = await run({ ...withClaude, ANTHROPIC_BASE_URL: anthropic.url }, "T-002");
    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "worker.start")).toMatchObject([{ drafter: "supervisor" }]);
    expect(ollama.chats).toHaveLength(0);
    expect(eventsOf(events, "ticket.done")).toMatchObject([{ ticket: "T-002", status: "committed" }]);
  });

  it("without a key, a supervisor ticket is refused with how to set one, and a failing worker ticket is not escalated", async () => {
    const result = await run({}, "T-001", "T-002");
    expect(result.exitCode).toBe(1);
    const done = eventsOf(parseEvents(result.stdout), "ticket.done");
    expect(done.find((e) => e.ticket === "T-002")).toMatchObject({ status: "refused", reason: expect.stringContaining("set ANTHROPIC_API_KEY") });
    expect(done.find((e) => e.ticket === "T-001")).toMatchObject({ status: "failed" });
    expect(eventsOf(parseEvents(result.stdout), "ticket.escalated")).toEqual([]);
    expect(anthropic.requests).toHaveLength(0);
  });
});
