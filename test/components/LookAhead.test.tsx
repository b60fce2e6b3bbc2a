import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultConfig } from "../../src/adapters/config/config.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { EndpointPool } from "../../src/session/endpointPool.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startFakeOllama, type ChatRequestView, type FakeOllama } from "../servers/fakeOllama.js";
import { liveCockpit } from "../tui/liveCockpit.js";
import { KEY, press, renderAt, type Rendered } from "./renderAt.js";

/** Look-ahead in the cockpit: with two endpoints, the next ticket is drafted while the current one is reviewed. */

const PLAN = `# Plan

## T-001: Add one
- files: src/one.js (create)

Export one.

## T-002: Add two
- files: src/two.js (create)

Export two.
`;

const reply = (req: ChatRequestView) => {
  const prompt = req.messages.map((m) => m.content).join("\n");
  if (req.messages.some((m) => m.role === "system" && m.content.includes("commit messages"))) return { text: "feat: add\n" };
  const name = prompt.includes("src/two.js") ? "two" : "one";
  return { text: `=== NEW FILE: src/${name}.js ===\n\`\`\`js\nexport const ${name} = 1;\n\`\`\`\n` };
};
const drafts = (server: FakeOllama) => server.chats.filter((c) => !JSON.stringify(c.request.body).includes("commit messages")).length;

let a: FakeOllama;
let b: FakeOllama;
let repo: TempRepo;
let rendered: Rendered | null = null;
const WAIT = { timeout: 10_000 };

beforeEach(async () => {
  a = await startFakeOllama({ reply });
  b = await startFakeOllama({ reply });
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  rendered?.unmount();
  rendered = null;
  await a.close();
  await b.close();
  await repo.cleanup();
});

describe("look-ahead in the cockpit", () => {
  it("drafts the next ticket on the other endpoint while this one is reviewed, and uses that draft when it starts", async () => {
    const pool = new EndpointPool([
      { name: "a", provider: createOllamaWorker({ host: a.url }), models: null },
      { name: "b", provider: createOllamaWorker({ host: b.url }), models: null },
    ]);
    const app = await liveCockpit(repo, a, { pool, config: defaultConfig() });
    rendered = await renderAt(app.element, 120, 40);
    await press(rendered, KEY.enter);
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), WAIT);
    await vi.waitFor(() => expect(drafts(a) + drafts(b)).toBe(2), WAIT);
    expect(app.events.filter((e) => e.type === "draft.ahead").map((e) => ("ticket" in e ? e.ticket : ""))).toEqual(["T-002"]);
    // The drafted-ahead ticket's events are held back while T-001 is under review.
    expect(app.events.some((e) => e.type === "worker.start" && e.ticket === "T-002")).toBe(false);

    await press(rendered, "y", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().commitBox?.phase).toBe("editing"), WAIT);
    await press(rendered, KEY.enter);
    await app.controller.idle();
    await press(rendered, "1", "j", KEY.enter);
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()?.ticket).toBe("T-002"), WAIT);
    expect(drafts(a) + drafts(b)).toBe(2);
    expect(app.events.some((e) => e.type === "worker.done" && e.ticket === "T-002")).toBe(true);
    await press(rendered, "y", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().commitBox?.phase).toBe("editing"), WAIT);
    await press(rendered, KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets.map((t) => t.status)).toEqual(["committed", "committed"]);
    expect(await repo.read("src/two.js")).toContain("export const two = 1;");
  });
});
