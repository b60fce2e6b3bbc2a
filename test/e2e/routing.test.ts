import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";

/**
 * Routing rules (worker.routes) pick the model per ticket: by kind, and by the size of the prompt the
 * ticket asks for. The prompt is then sized for the routed model's own window, so a ticket too big
 * for the run's small model reaches the long-context one whole.
 */

// About 20,000 tokens of context: far more than an 8,192-token window leaves for a prompt.
const BIG_CONTEXT = Array.from({ length: 1_200 }, (_, i) => `export const value${i} = ${i}; // a line of reference data`).join("\n");
const PLAN = `# Plan

## T-001: Summarise the data
- files: src/summary.js (create)
- context: data/reference.js
- test: node -e "process.exit(0)"

Export the number of values in data/reference.js.

## T-002: Test the summary
- kind: test
- files: test/summary.test.js (create)
- test: node -e "process.exit(0)"

Add a test for the summary.

## T-003: Add a constant
- files: src/small.js (create)
- test: node -e "process.exit(0)"

Export one constant.
`;

const FILES: Record<string, string> = { "T-001": "src/summary.js", "T-002": "test/summary.test.js", "T-003": "src/small.js" };
const answerFor = (prompt: string) => {
  const file = FILES[/Ticket (T-00\d)/.exec(prompt)?.[1] ?? "T-001"]!;
  return `=== NEW FILE: ${file} ===\n\`\`\`js\nexport const x = 1;\n\`\`\`\n`;
};
const isCommitRequest = (messages: { role: string; content: string }[]) => messages.some((m) => m.role === "system" && m.content.includes("commit messages"));

let repo: TempRepo;
let server: FakeOllama;

beforeEach(async () => {
  repo = await createTempRepo({ "PLAN.md": PLAN, "data/reference.js": `${BIG_CONTEXT}\n`, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
  server = await startFakeOllama({
    models: [
      { name: "small", contextLength: 8_192 },
      { name: "long", contextLength: 65_536 },
      { name: "tester", contextLength: 16_384 },
    ],
    reply: (req) => ({ text: isCommitRequest(req.messages) ? "feat: x\n" : answerFor(req.messages.map((m) => m.content).join("\n")) }),
  });
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

const routes = (extra = "") =>
  `worker:\n  model: small\n  maxContextTokens: 65536\n  routes:\n    - { kind: test, model: tester }\n    - { minPromptTokens: 6000, model: long }\n${extra}`;

describe("worker.routes", () => {
  it("sends a ticket whose prompt outgrows the run's model to the long-context one, whole, and a test ticket to the test model", async () => {
    await repo.write(".haco/config.yaml", routes());
    const result = await runHaco(["run", "--json", "--accept", "all"], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode, result.stderr + result.stdout.split("\n").filter((l) => !l.includes("worker.token")).join("\n")).toBe(0);
    const events = parseEvents(result.stdout);
    const started = eventsOf(events, "worker.start").map((e) => [e.ticket, e.model]);
    expect(started).toEqual([
      ["T-001", "long"],
      ["T-002", "tester"],
      ["T-003", "small"],
    ]);
    const built = new Map(eventsOf(events, "prompt.built").map((e) => [e.ticket, e]));
    // T-001's context file went in whole, with a window sized for the long model, past the small one's 8,192.
    expect(built.get("T-001")).toMatchObject({ contextLength: 65_536, omitted: [] });
    expect(built.get("T-001")!.files).toContain("data/reference.js");
    expect(built.get("T-001")!.numCtx).toBeGreaterThan(16_384);
    expect(built.get("T-002")).toMatchObject({ contextLength: 16_384 });
    expect(built.get("T-003")).toMatchObject({ contextLength: 8_192 });
    // What the server was asked: each model with the num_ctx its prompt was sized for.
    const drafts = server.chats.filter((c) => !isCommitRequest((c.request.body as { messages: { role: string; content: string }[] }).messages));
    const asked = drafts.map((c) => [c.model, (c.request.body as { options: { num_ctx: number } }).options.num_ctx]);
    expect(asked).toEqual([
      ["long", built.get("T-001")!.numCtx],
      ["tester", built.get("T-002")!.numCtx],
      ["small", built.get("T-003")!.numCtx],
    ]);
    expect(eventsOf(events, "commit.done")).toHaveLength(3);
  });

  it("a route to a model the server lacks stops the run with exit 3 and names the model", async () => {
    await repo.write(".haco/config.yaml", routes().replace("model: tester", "model: not-pulled"));
    const result = await runHaco(["run", "--json", "--accept", "all", "T-002"], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode).toBe(3);
    expect(result.stderr + result.stdout).toContain("not-pulled");
  });
});
