import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeOllama, type FakeOllama, type Reply } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { HELLO_ANSWER, PLAN, liveCockpit, newFileAnswer } from "../tui/liveCockpit.js";
import { KEY, press, renderAt, screen, type Rendered } from "./renderAt.js";

let server: FakeOllama;
let repo: TempRepo;
let reply: () => Reply;
let rendered: Rendered | null = null;

beforeEach(async () => {
  reply = () => ({ text: HELLO_ANSWER });
  server = await startFakeOllama({ reply: () => reply() });
  repo = await createTempRepo({ "PLAN.md": PLAN, "package.json": '{ "type": "module" }\n' });
  await repo.commitAll("plan");
});

afterEach(async () => {
  rendered?.unmount();
  rendered = null;
  await server.close();
  await repo.cleanup();
});

const text = (r: Rendered) => screen(r).join("\n");

describe("the cockpit running a ticket against the real worker adapter", () => {
  it("streams the draft, opens the review, and on y, Enter, Enter applies, tests and commits", async () => {
    const app = await liveCockpit(repo, server);
    rendered = await renderAt(app.element, 100, 30);
    await press(rendered, KEY.enter);
    await vi.waitFor(() => expect(text(rendered!)).toContain("waiting for you"), { timeout: 10_000 });
    expect(text(rendered)).toContain("▸ src/hello.js (create) file 1 of 1");
    expect(text(rendered)).toMatch(/2 \+  return "hello";/);

    await press(rendered, "y", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().commitBox?.phase).toBe("editing"), { timeout: 10_000 });
    // The scripted worker answers code, not a commit message: haco's own message stands in, and says why.
    await vi.waitFor(() => expect(text(rendered!)).toContain("haco's own"), { timeout: 10_000 });
    await press(rendered, KEY.enter);
    await app.controller.idle();
    await vi.waitFor(() => expect(text(rendered!)).toContain("committed"), { timeout: 10_000 });
    expect(await repo.git("log", "--format=%s", "-1")).toContain("T-001");
    expect(app.session.getSnapshot().tickets[0]).toMatchObject({ id: "T-001", status: "committed" });
    expect(app.events.map((e) => e.type)).toContain("commit.done");
  });

  it("n, Enter rejects the draft: nothing is written", async () => {
    const app = await liveCockpit(repo, server);
    rendered = await renderAt(app.element, 160, 48);
    await press(rendered, KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().review?.awaiting).toBe(true), { timeout: 10_000 });
    await press(rendered, "n", KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("rejected");
    await expect(repo.read("src/hello.js")).rejects.toThrow();
  });

  it("shows escape sequences in the draft as inert text", async () => {
    reply = () => ({ chunks: ["line one \x1b[2J\x1b[H", "\x1b]0;pwned\x07 after", "\n\x1b[31mred\x1b[0m end"] });
    const app = await liveCockpit(repo, server);
    rendered = await renderAt(app.element, 100, 30);
    await press(rendered, KEY.enter);
    await app.controller.idle().catch(() => undefined);
    await vi.waitFor(() => expect(app.stream.getSnapshot().phase).toBe("done"), { timeout: 10_000 });
    await vi.waitFor(() => expect(app.session.getSnapshot().active).toBeNull(), { timeout: 10_000 });
    await press(rendered, "2");
    const frame = rendered.lastFrame() ?? "";
    expect(frame).not.toContain("\x1b]0;");
    expect(frame).not.toContain("\x1b[2J");
    expect(frame).not.toContain("\x1b[31m");
    expect(frame).toContain("line one");
    expect(frame).toContain("red end");
  });

  it("Esc aborts the draft: the request is cancelled at the server", async () => {
    reply = () => ({ text: HELLO_ANSWER, failure: { kind: "stall", afterChunks: 3 } });
    const app = await liveCockpit(repo, server);
    rendered = await renderAt(app.element, 60, 20);
    await press(rendered, KEY.enter);
    const chat = await server.waitForChat(0);
    await vi.waitFor(() => expect(app.stream.getSnapshot().tokens).toBe(3), { timeout: 10_000 });
    await press(rendered, KEY.esc);
    expect(await chat.ended).toBe("client_aborted");
    await app.controller.idle();
    // Stopped by the user, not failed on its own: the reason says so, and Enter starts it again.
    expect(app.session.getSnapshot().tickets[0]).toMatchObject({ status: "failed", reason: "stopped before it was done; Enter starts it again" });
    expect(app.events.find((e) => e.type === "error" && e.code === "worker_aborted")).toMatchObject({ message: "stopped: the draft was cancelled at the server" });
    await vi.waitFor(() => expect(app.stream.getSnapshot().phase).toBe("aborted"), { timeout: 10_000 });
    await vi.waitFor(() => expect(text(rendered!)).toContain("aborted"), { timeout: 10_000 });
    reply = () => ({ text: HELLO_ANSWER });
    await press(rendered, "1", KEY.enter);
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), { timeout: 10_000 });
  });

  it("a worker without the model fails the ticket and says what to pull", async () => {
    const app = await liveCockpit(repo, server, { model: "missing-model:1b" });
    rendered = await renderAt(app.element, 100, 30);
    await press(rendered, KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]).toMatchObject({ status: "failed" });
    await vi.waitFor(() => expect(text(rendered!)).toContain("missing-model:1b is not available"), { timeout: 10_000 });
  });

  it("a failing test waits for a choice; x restores the files and the output stays", async () => {
    reply = () => ({ text: newFileAnswer("src/hello.js", 'export function hello() {\n  console.log("oops");\n  return "bye";\n}\n') });
    const app = await liveCockpit(repo, server);
    rendered = await renderAt(app.element, 160, 48);
    await press(rendered, KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().review?.awaiting).toBe(true), { timeout: 10_000 });
    await press(rendered, "y", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().failure).not.toBeNull(), { timeout: 10_000 });
    await press(rendered, "x");
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("failed");
    await vi.waitFor(() => expect(text(rendered!)).toContain("failed · files restored"), { timeout: 10_000 });
    await vi.waitFor(() => expect(text(rendered!)).toContain("oops"), { timeout: 10_000 });
    await expect(repo.read("src/hello.js")).rejects.toThrow();
  });
});
