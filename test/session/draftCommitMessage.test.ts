import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { conventionalCommitMessage } from "../../src/domain/commitMessage.js";
import type { FileChange, Hunk } from "../../src/domain/edits/index.js";
import { ticketSchema } from "../../src/domain/tickets/ticket.js";
import { draftCommitMessage, type DraftCommitDeps } from "../../src/session/draftCommitMessage.js";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../servers/fakeOllama.js";

const MODEL = "qwen2.5-coder:7b";
const servers: FakeOllama[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function server(options: FakeOllamaOptions): Promise<FakeOllama> {
  const started = await startFakeOllama(options);
  servers.push(started);
  return started;
}

const ticket = ticketSchema.parse({
  id: "T-007",
  title: "Add subtract",
  description: "Add subtract(a, b) next to add.",
  files: [{ path: "src/math.js" }],
});

function hunk(id: string, file: string, lines: string[]): Hunk {
  const added = lines.filter((l) => l.startsWith("+")).length;
  const removed = lines.filter((l) => l.startsWith("-")).length;
  const context = lines.length - added - removed;
  return {
    id,
    file,
    header: `@@ -1,${context + removed} +1,${context + added} @@`,
    oldStart: 1,
    oldLines: context + removed,
    newStart: 1,
    newLines: context + added,
    lines,
    added,
    removed,
  };
}

const subtract = hunk("h1", "src/math.js", [
  " export function add(a, b) {",
  "   return a + b;",
  " }",
  "+",
  "+export function subtract(a, b) {",
  "+  return a - b;",
  "+}",
]);
const changes: FileChange[] = [
  { path: "src/math.js", kind: "edit", before: "…", after: "…", hunks: [subtract] },
  { path: "src/debug.js", kind: "create", before: null, after: "…", hunks: [hunk("h2", "src/debug.js", ["+console.log('REJECTED_DEBUG_LINE');"])] },
];
const accepted = new Set(["h1"]);
const template = conventionalCommitMessage(ticket, ["src/math.js"]);

function deps(fake: FakeOllama, extra: Partial<DraftCommitDeps> = {}): DraftCommitDeps {
  return { worker: createOllamaWorker({ host: fake.url }), model: MODEL, ticket, changes, accepted, ...extra };
}
const userPrompt = (fake: FakeOllama, index = 0) =>
  (fake.chats[index]!.request.body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === "user")!.content;

describe("draftCommitMessage", () => {
  it("turns the worker's chatty, fenced answer into a clean Conventional Commit", async () => {
    const answer = [
      "Sure! Here is a commit message for this change:",
      "",
      "```text",
      "feat(math): Add subtract function.",
      "",
      "Adds subtract(a, b) next to add so callers can take differences.",
      "```",
      "",
      "This follows the Conventional Commits specification.",
    ].join("\n");
    const fake = await server({ reply: () => ({ text: answer }) });

    const drafted = await draftCommitMessage(deps(fake));

    expect(drafted).toEqual({
      message: "feat(math): add subtract function (T-007)\n\nAdds subtract(a, b) next to add so callers can take differences.\n\nHaco-Ticket: T-007\n",
      by: "worker",
    });
  });

  it("sends the ticket and only the accepted hunks, with a small answer budget", async () => {
    const fake = await server({ reply: () => ({ text: "feat(math): add subtract" }) });

    await draftCommitMessage(deps(fake, { temperature: 0.1 }));

    const prompt = userPrompt(fake);
    expect(prompt).toContain("Ticket T-007: Add subtract");
    expect(prompt).toContain("Add subtract(a, b) next to add.");
    expect(prompt).toContain("- src/math.js (edited, +4 -0)");
    expect(prompt).toContain("--- a/src/math.js\n+++ b/src/math.js\n@@ -1,3 +1,7 @@\n export function add(a, b) {");
    expect(prompt).toContain("+export function subtract(a, b) {");
    expect(prompt).not.toContain("REJECTED_DEBUG_LINE");
    expect(prompt).not.toContain("src/debug.js");
    const options = (fake.chats[0]!.request.body as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({ num_predict: 200, temperature: 0.1 });
  });

  it("falls back to haco's own message, saying why, when the answer is not a Conventional Commit", async () => {
    const fake = await server({ reply: () => ({ text: "I have updated the math module as requested. Let me know!" }) });

    const drafted = await draftCommitMessage(deps(fake));

    expect(drafted.by).toBe("template");
    expect(drafted.message).toBe(template);
    expect(drafted.reason).toMatch(/no Conventional Commit header/);
  });

  it("falls back when Ollama answers HTTP 500, and never throws", async () => {
    const fake = await server({ reply: () => ({ failure: { kind: "http", status: 500, error: "llama runner process has terminated" } }) });

    const drafted = await draftCommitMessage(deps(fake));

    expect(drafted).toMatchObject({ message: template, by: "template" });
    expect(drafted.reason).toMatch(/HTTP 500: llama runner process has terminated/);
  });

  it("falls back when the model is missing, an error that would otherwise stop the run", async () => {
    const fake = await server({});

    const drafted = await draftCommitMessage(deps(fake, { model: "absent:1b" }));

    expect(drafted).toMatchObject({ message: template, by: "template" });
    expect(drafted.reason).toMatch(/the worker could not draft it/);
  });

  it("falls back with 'stopped' when the run is stopped, before or during the request", async () => {
    const fake = await server({ reply: () => ({ text: "feat: add subtract", firstChunkDelayMs: 60_000 }) });

    const before = new AbortController();
    before.abort();
    expect(await draftCommitMessage(deps(fake, { signal: before.signal }))).toEqual({ message: template, by: "template", reason: "stopped" });
    expect(fake.chats).toHaveLength(0);

    const during = new AbortController();
    const drafting = draftCommitMessage(deps(fake, { signal: during.signal }));
    await fake.waitForChat(0);
    during.abort();
    expect(await drafting).toEqual({ message: template, by: "template", reason: "stopped" });
    await expect(fake.chats[0]!.ended).resolves.toBe("client_aborted");
  });

  it("keeps only the header of an answer cut at the token limit", async () => {
    const fake = await server({ reply: () => ({ text: "fix(math): handle negative numbers\n\nThe old code assumed", doneReason: "length" }) });

    const drafted = await draftCommitMessage(deps(fake));

    expect(drafted).toEqual({ message: "fix(math): handle negative numbers (T-007)\n\nHaco-Ticket: T-007\n", by: "worker" });
  });

  it("uses the caller's fallback message when it gives one", async () => {
    const fake = await server({ reply: () => ({ text: "no idea" }) });

    const drafted = await draftCommitMessage(deps(fake, { fallback: "chore: keep\n\nHaco-Ticket: T-007\n" }));

    expect(drafted.message).toBe("chore: keep\n\nHaco-Ticket: T-007\n");
  });

  it("cuts a large diff to its budget and says so in the prompt", async () => {
    const fake = await server({ reply: () => ({ text: "feat: add data" }) });
    const big = hunk("h9", "data/table.js", Array.from({ length: 2000 }, (_, i) => `+export const row${i} = ${i};`));

    await draftCommitMessage(deps(fake, { changes: [{ path: "data/table.js", kind: "create", before: null, after: "…", hunks: [big] }], accepted: new Set(["h9"]) }));

    const prompt = userPrompt(fake);
    expect(prompt).toContain("+export const row0 = 0;");
    expect(prompt).not.toContain("+export const row1999 = 1999;");
    expect(prompt).toMatch(/\[… \d+ more diff lines \(in 1 hunk\) not shown: the diff was cut to 12000 characters\]/);
    expect(prompt.length).toBeLessThan(14_000);
    expect(prompt).toContain("--- /dev/null\n+++ b/data/table.js");
  });

  it("uses a commit.md from the repository's .haco/prompts, and falls back when it is broken", async () => {
    const repo = await mkdtemp(path.join(tmpdir(), "haco-commit-"));
    dirs.push(repo);
    await mkdir(path.join(repo, ".haco", "prompts"), { recursive: true });
    const fake = await server({ reply: () => ({ text: "feat(math): add subtract" }) });

    await writeFile(path.join(repo, ".haco", "prompts", "commit.md"), "MY COMMIT PROMPT for {{id}}\n{{diff}}\n");
    const drafted = await draftCommitMessage(deps(fake, { repoRoot: repo }));
    expect(drafted.by).toBe("worker");
    expect(userPrompt(fake)).toMatch(/^MY COMMIT PROMPT for T-007\n```diff\n--- a\/src\/math\.js/);

    await writeFile(path.join(repo, ".haco", "prompts", "commit.md"), "{{tilte}}\n");
    const broken = await draftCommitMessage(deps(fake, { repoRoot: repo }));
    expect(broken).toMatchObject({ message: template, by: "template" });
    expect(broken.reason).toMatch(/\.haco\/prompts\/commit\.md: \{\{tilte\}\}: unknown placeholder/);
    expect(fake.chats).toHaveLength(1);
  });
});
