import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultConfig } from "../../src/adapters/config/config.js";
import { plannerFromEnv } from "../../src/adapters/supervisor/cockpitPlanner.js";
import { supervisorDrafterFromEnv } from "../../src/adapters/supervisor/supervisorDrafter.js";
import { loadSendPolicy } from "../../src/adapters/workspace/sendPolicy.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startFakeAnthropic, type FakeAnthropic } from "../servers/fakeAnthropic.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";
import { liveCockpit, type LiveCockpit } from "../tui/liveCockpit.js";
import { KEY, press, renderAt, screen, type Rendered } from "./renderAt.js";

/**
 * The supervisor in the cockpit: p plans with Claude into the Tickets pane,
 * and E after failing tests hands the ticket to Claude, who drafts it
 * through the same review. Real SDK and ollama clients, local servers.
 */

const PLAN = `# Plan

## T-001: Add hello
- files: src/hello.js (create)
- test: node -e "import('./src/hello.js').then(m => process.exit(m.hello() === 'hello' ? 0 : 1))"

Export hello() returning "hello".
`;

const newFile = (body: string) => `=== NEW FILE: src/hello.js ===\n\`\`\`js\n${body}\`\`\`\n`;
const PLANNED = {
  summary: "Greetings.",
  tickets: [
    { id: "T-010", title: "Add bye", kind: "code", owner: "worker", owner_reason: "small function", files: [{ path: "src/bye.js", intent: "create" }], acceptance_criteria: ["bye() returns bye"], estimated_changed_lines: 4 },
    { id: "T-011", title: "Design greeting registry", kind: "code", owner: "supervisor", owner_reason: "architecture", files: [{ path: "src/registry.js", intent: "create" }], acceptance_criteria: ["lists greetings"], estimated_changed_lines: 30 },
  ],
};

let ollama: FakeOllama;
let anthropic: FakeAnthropic;
let repo: TempRepo;
let rendered: Rendered | null = null;
const WAIT = { timeout: 10_000 };

beforeEach(async () => {
  ollama = await startFakeOllama({
    reply: (req) => (req.messages.some((m) => m.role === "system" && m.content.includes("commit messages")) ? { text: "feat: add hello\n" } : { text: newFile('export function hello() {\n  return "hullo";\n}\n') }),
  });
  anthropic = await startFakeAnthropic({
    reply: (req) => (req.tools.length > 0 ? { toolUse: { name: "emit_plan", input: PLANNED } } : { text: newFile('export function hello() {\n  return "hello";\n}\n') }),
  });
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  rendered?.unmount();
  rendered = null;
  await ollama.close();
  await anthropic.close();
  await repo.cleanup();
});

const text = () => screen(rendered!).join("\n");

async function open(withKey = true): Promise<LiveCockpit> {
  const env = withKey ? { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url } : {};
  const config = defaultConfig();
  const app = await liveCockpit(repo, ollama, {
    supervisor: supervisorDrafterFromEnv(env, config),
    planner: plannerFromEnv(repo.root, env, config, await loadSendPolicy(repo.root)),
  });
  rendered = await renderAt(app.element, 120, 40);
  return app;
}

describe("the supervisor in the cockpit", () => {
  it("p plans a request with Claude: progress shows, the tickets join the list, and the plan is saved", async () => {
    const app = await open();
    await press(rendered!, "p");
    expect(screen(rendered!).at(-1)).toContain("plan with Claude:");
    await press(rendered!, ..."add a bye helper".split(""), KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().tickets.map((t) => t.id)).toEqual(["T-001", "T-010", "T-011"]), WAIT);
    expect(text()).toContain("T-010 Add bye");
    expect(text()).toMatch(/T-011 claude Design/);
    expect(app.events.map((e) => e.type)).toEqual(expect.arrayContaining(["plan.start", "plan.progress", "supervisor.usage", "plan.done"]));
    const done = app.events.find((e) => e.type === "plan.done");
    expect(done && "file" in done ? done.file : "").toMatch(/^\.haco\/plans\/.*add-a-bye-helper\.md$/);
    // The new tickets can be started like any other.
    await press(rendered!, "1", "j");
    expect(app.session.getSnapshot().tickets[1]!.owner).toBe("worker");
  });

  it("p without an API key says how to set one at once, before a request is typed", async () => {
    await open(false);
    await press(rendered!, "p");
    expect(screen(rendered!).at(-1)).toContain("set ANTHROPIC_API_KEY");
    expect(screen(rendered!).join("\n")).not.toContain("plan with Claude:");
  });

  it("E after failing tests hands the ticket to Claude, who drafts it through the same review, marked in the list", async () => {
    const app = await open();
    await press(rendered!, KEY.enter);
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), WAIT);
    await press(rendered!, "y", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().failure).not.toBeNull(), WAIT);
    expect(app.session.getSnapshot().failure).toMatchObject({ canEscalate: true });
    expect(screen(rendered!).at(-1)).toContain("E escalate");
    await press(rendered!, "E");
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), WAIT);
    expect(app.session.getSnapshot().tickets[0]!.drafter).toBe("supervisor");
    expect(text()).toMatch(/T-001 claude Add hello/);
    await press(rendered!, "y", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().commitBox?.phase).toBe("editing"), WAIT);
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("committed");
    const types = app.events.map((e) => e.type);
    expect(types).toContain("ticket.escalated");
    expect(app.events.find((e) => e.type === "worker.start" && e.drafter === "supervisor")).toBeDefined();
    expect(app.events.find((e) => e.type === "supervisor.usage" && e.purpose === "draft")).toBeDefined();
    expect(await repo.read("src/hello.js")).toContain('return "hello"');
  });
});
