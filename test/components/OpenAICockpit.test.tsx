import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createOpenAIWorker } from "../../src/adapters/worker/openaiWorker.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";
import { startFakeOpenAI, type FakeOpenAI } from "../servers/fakeOpenAI.js";
import { HELLO_ANSWER, PLAN, liveCockpit } from "../tui/liveCockpit.js";
import { KEY, press, renderAt, screen, type Rendered } from "./renderAt.js";

/** The cockpit on an OpenAI-compatible server (llama.cpp's): same loop, same readouts, tok/s from its timings. */

let openai: FakeOpenAI;
let unused: FakeOllama;
let repo: TempRepo;
let rendered: Rendered | null = null;
const WAIT = { timeout: 10_000 };

beforeEach(async () => {
  openai = await startFakeOpenAI({ reply: () => ({ text: HELLO_ANSWER, timings: { predictedPerSecond: 87.5, promptN: 200 } }) });
  unused = await startFakeOllama();
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  rendered?.unmount();
  rendered = null;
  await openai.close();
  await unused.close();
  await repo.cleanup();
});

describe("the cockpit with an OpenAI-compatible worker", () => {
  it("drafts, shows the server's own tok/s, and takes the ticket to its commit", async () => {
    const app = await liveCockpit(repo, unused, { worker: createOpenAIWorker({ baseUrl: openai.url }) });
    rendered = await renderAt(app.element, 120, 40);
    await press(rendered, KEY.enter);
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), WAIT);
    // The Worker pane redraws on its own frame timer: the figure may land just after the review opens.
    await vi.waitFor(() => expect(screen(rendered!).join("\n")).toContain("87.5 tok/s"), WAIT);
    await press(rendered, "y", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().commitBox?.phase).toBe("editing"), WAIT);
    await press(rendered, KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("committed");
    expect(unused.chats).toHaveLength(0);
  });
});
