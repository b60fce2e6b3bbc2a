import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";
import { replySequence, startFakeAnthropic, type AnthropicReply, type FakeAnthropic } from "../servers/fakeAnthropic.js";
import { startFakeOllama, type FakeOllama } from "../servers/fakeOllama.js";

/**
 * `haco plan` against a local Anthropic-protocol server through the real
 * SDK: the plan comes back as a forced tool call, is checked against the
 * limits, written as PLAN.md, and `haco run` accepts it unchanged.
 */

const SLUGIFY_PLAN = {
  summary: "A slugify helper and its tests.",
  tickets: [
    {
      id: "T-001",
      title: "Add slugify to src/strings.js",
      description: "Export slugify(text): lowercase, words joined with dashes.",
      kind: "code",
      owner: "worker",
      owner_reason: "a small self-contained function",
      category: "simple-feature",
      files: [{ path: "src/strings.js", intent: "edit" }],
      acceptance_criteria: ['slugify("Hello, World!") returns "hello-world"'],
      test_command: "node --test",
      estimated_changed_lines: 12,
      new_dependencies: [],
    },
    {
      title: "Test slugify",
      kind: "test",
      owner: "worker",
      owner_reason: "tests for an existing function",
      category: "tests",
      files: [{ path: "test/strings.test.js", intent: "create" }],
      acceptance_criteria: ["covers punctuation, spaces and the empty string"],
      test_command: "node --test",
      estimated_changed_lines: 20,
    },
  ],
};

const tool = (input: unknown): AnthropicReply => ({ toolUse: { name: "emit_plan", input }, usage: { input_tokens: 1200, output_tokens: 340 } });

let anthropic: FakeAnthropic;
let repo: TempRepo;
let replies: AnthropicReply[];

beforeEach(async () => {
  replies = [tool(SLUGIFY_PLAN)];
  anthropic = await startFakeAnthropic({ reply: (req) => replySequence(...replies)(req) });
  repo = await createTempRepo({ "src/strings.js": "export const id = (x) => x;\n", "package.json": '{ "type": "module" }\n', ".env": "SECRET=1\n" });
  await repo.commitAll("start");
});

afterEach(async () => {
  await anthropic.close();
  await repo.cleanup();
});

const plan = (...args: string[]) =>
  runHaco(["plan", ...args], { cwd: repo.root, env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: anthropic.url } });

describe("haco plan", () => {
  it("writes PLAN.md from Claude's tool call, with owners, and haco run reads it unchanged", async () => {
    const result = await plan("add a slugify util with tests", "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["plan.start", "plan.progress", "supervisor.usage", "plan.done"]));
    expect(eventsOf(events, "supervisor.usage")).toMatchObject([{ purpose: "plan", inputTokens: 1200, outputTokens: 340 }]);
    expect(eventsOf(events, "plan.done")[0]).toMatchObject({
      file: "PLAN.md",
      tickets: [
        { id: "T-001", owner: "worker", files: ["src/strings.js"] },
        { id: "T-002", owner: "worker", files: ["test/strings.test.js"] },
      ],
      flagged: [],
    });
    const planMd = await repo.read("PLAN.md");
    expect(planMd).toContain("## T-001: Add slugify to src/strings.js");
    expect(planMd).toContain("Owned by the worker — a small self-contained function (simple-feature).");

    // The request the supervisor got: the forced tool, the tree, never the .env file.
    const body = anthropic.requests[0]!.body as { tool_choice: unknown; messages: { content: string }[] };
    expect(body.tool_choice).toMatchObject({ type: "tool", name: "emit_plan" });
    expect(body.messages[0]!.content).toContain("src/strings.js");
    expect(body.messages[0]!.content).not.toContain(".env");

    const ollama: FakeOllama = await startFakeOllama({ reply: () => ({ text: "no edit here" }) });
    try {
      const run = await runHaco(["run", "--json"], { cwd: repo.root, env: { OLLAMA_HOST: ollama.url } });
      const started = eventsOf(parseEvents(run.stdout), "ticket.start").map((e) => e.ticket);
      expect(started).toEqual(["T-001", "T-002"]);
    } finally {
      await ollama.close();
    }
  });

  it("reports each ticket in plan.progress once its title has arrived, never an empty or partial title", async () => {
    const result = await plan("add a slugify util with tests", "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    const progress = eventsOf(parseEvents(result.stdout), "plan.progress");
    const finalTitles = SLUGIFY_PLAN.tickets.map((t) => t.title);
    // The fake streams the tool input in 7-character pieces: every ticket object begins before its title arrives.
    // The first event says Claude has begun writing, before any ticket has a title.
    expect(progress.map((p) => p.titles)).toEqual([[], finalTitles.slice(0, 1), finalTitles]);
    for (const p of progress) expect(p.tickets).toBe(p.titles.length);
  });

  it("sends a plan over the limits back once, and flags what is still over them", async () => {
    const big = structuredClone(SLUGIFY_PLAN);
    big.tickets[0]!.estimated_changed_lines = 400;
    replies = [tool(big), tool(big)];
    const result = await plan("add a slugify util with tests", "--json");
    expect(result.exitCode).toBe(0);
    expect(anthropic.requests.filter((r) => r.path === "/v1/messages")).toHaveLength(2);
    const retry = anthropic.requests[1]!.body as { messages: { role: string; content: unknown }[] };
    expect(JSON.stringify(retry.messages.at(-1))).toContain("T-001 changes about 400 lines (at most 150)");
    const done = eventsOf(parseEvents(result.stdout), "plan.done")[0]!;
    expect(done.flagged).toEqual([{ id: "T-001", breaches: expect.arrayContaining(["changes about 400 lines (at most 150)"]) }]);
    expect(await repo.read("PLAN.md")).toContain("FLAGGED: this ticket changes about 400 lines (at most 150)");
    expect(eventsOf(parseEvents(result.stdout), "supervisor.usage")).toHaveLength(2);
  });

  it("without an API key says how to set one, exit 2, and writes nothing", async () => {
    const result = await runHaco(["plan", "add a slugify util"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("set ANTHROPIC_API_KEY");
    await expect(repo.read("PLAN.md")).rejects.toThrow();
  });

  it.each([
    [401, "authentication_error", "rejected the key", 2],
    [429, "rate_limit_error", "rate-limiting", 3],
    [529, "overloaded_error", "overloaded", 3],
  ])("a %i answer is a clear message (exit %s…), and no plan is written", async (status, type, words, code) => {
    replies = [{ error: { status, type, message: "nope", headers: { "retry-after-ms": "1" } } }];
    const result = await plan("add a slugify util");
    expect(result.exitCode).toBe(code);
    expect(result.stderr).toContain(words);
    // The SDK retries what is worth retrying (twice, with backoff); a rejected key is not.
    expect(anthropic.requests.filter((r) => r.path === "/v1/messages")).toHaveLength(status === 401 ? 1 : 3);
    await expect(repo.read("PLAN.md")).rejects.toThrow();
  });

  it("an overloaded_error in the middle of the stream writes no partial plan", async () => {
    replies = [{ ...tool(SLUGIFY_PLAN), midStreamError: { afterDeltas: 5, type: "overloaded_error", message: "Overloaded" } }];
    const result = await plan("add a slugify util");
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("overloaded");
    await expect(repo.read("PLAN.md")).rejects.toThrow();
  });

  it("never replaces an existing PLAN.md without --force, and asks Claude nothing", async () => {
    await repo.write("PLAN.md", "# mine\n");
    const result = await plan("add a slugify util");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("PLAN.md exists — pass --force");
    expect(anthropic.requests).toHaveLength(0);
    expect(await repo.read("PLAN.md")).toBe("# mine\n");
  });

  it("writes JuniorSpec YAML for a .yaml --out, which haco reads back", async () => {
    const result = await plan("add a slugify util", "--out", ".haco/plan.yaml");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await repo.read(".haco/plan.yaml")).toContain("owner: worker");
  });

  it("a second plan never reuses the ids of tickets already committed, so haco run does not skip them", async () => {
    await repo.write("src/first.js", "export const first = 1;\n");
    await repo.git("add", "src/first.js");
    await repo.git("commit", "-qm", "feat: first (T-001)\n\nHaco-Ticket: T-001");
    const result = await plan("add a slugify util with tests", "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    const done = eventsOf(parseEvents(result.stdout), "plan.done")[0]!;
    expect(done.tickets.map((t) => t.id)).toEqual(["T-002", "T-003"]);
    expect(await repo.read("PLAN.md")).toContain("## T-002: Add slugify to src/strings.js");
  });
});

describe("haco plan: the run log", () => {
  const SECRET = ["sk", "ant", "api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"].join("-");
  const logRecords = async (): Promise<{ type: string; [key: string]: unknown }[][]> => {
    const dir = path.join(repo.root, ".haco", "logs");
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".jsonl")).sort();
    return Promise.all(files.map(async (f) => (await readFile(path.join(dir, f), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { type: string })));
  };

  it("appends the plan's events, Claude's usage included, to .haco/logs with secrets masked", async () => {
    const result = await plan(`add a slugify util, the key is ${SECRET}`, "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    const logs = await logRecords();
    expect(logs).toHaveLength(1);
    const records = logs[0]!;
    expect(records[0]).toMatchObject({ type: "log.meta", command: "plan" });
    expect(records.map((r) => r.type)).toEqual(["log.meta", "plan.start", "plan.progress", "plan.progress", "plan.progress", "supervisor.usage", "plan.done"]);
    expect(records.find((r) => r.type === "supervisor.usage")).toMatchObject({ purpose: "plan", inputTokens: 1200, outputTokens: 340 });
    expect(JSON.stringify(records)).not.toContain(SECRET);
    // The very events --json printed, with the same time stamps.
    const printed = parseEvents(result.stdout).map((e) => `${e.type} ${e.ts}`);
    expect(records.slice(1).map((r) => `${r.type} ${String(r.ts)}`)).toEqual(printed);
  });

  it("logs the usage of a plan that failed after Claude answered, and the failure", async () => {
    replies = [{ ...tool(SLUGIFY_PLAN), stopReason: "max_tokens" }];
    const result = await plan("add a slugify util");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("cut off at the token limit");
    const records = (await logRecords())[0]!;
    expect(records.find((r) => r.type === "supervisor.usage")).toMatchObject({ purpose: "plan", inputTokens: 1200, outputTokens: 340 });
    expect(records.at(-1)).toMatchObject({ type: "error", code: "supervisor_bad_plan" });
  });

  it("writes no log with logs.enabled false, and none for a plan refused before Claude is asked", async () => {
    await repo.write(".haco/config.yaml", "logs:\n  enabled: false\n");
    expect((await plan("add a slugify util")).exitCode).toBe(0);
    await repo.write(".haco/config.yaml", "logs:\n  enabled: true\n");
    expect((await plan("add a slugify util")).exitCode).toBe(2); // PLAN.md exists now, no --force
    expect(await logRecords()).toEqual([]);
  });
});

describe("haco plan: where the plan goes, checked before Claude is asked", () => {
  it("refuses an --out that is a directory, with --force too, and asks Claude nothing", async () => {
    const result = await plan("add a slugify util", "--out", "src", "--force");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--out src is a directory — give the plan file's path");
    expect(result.stderr).not.toContain("EISDIR");
    expect(anthropic.requests).toHaveLength(0);
  });

  it("refuses an --out whose parent is a file", async () => {
    const result = await plan("add a slugify util", "--out", "src/strings.js/plan.md");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("src/strings.js is a file, not a directory");
    expect(anthropic.requests).toHaveLength(0);
  });

  it("refuses an extension that names no plan format, naming the path and the ones it takes", async () => {
    const result = await plan("add a slugify util", "--out", "p.json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--out p.json: a plan is written as .md (PLAN.md format) or .yaml/.yml (JuniorSpec YAML)");
    expect(anthropic.requests).toHaveLength(0);
    await expect(repo.read("p.json")).rejects.toThrow();
  });

  it("creates the folders of an --out that do not exist yet", async () => {
    const result = await plan("add a slugify util", "--out", "plans/next/slugify.yml");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await repo.read("plans/next/slugify.yml")).toContain("owner: worker");
  });

  it("an ANTHROPIC_BASE_URL that is not a URL is exit 2 naming it, not an unreachable API", async () => {
    const result = await runHaco(["plan", "add a slugify util"], { cwd: repo.root, env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: "::::" } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('ANTHROPIC_BASE_URL "::::" is not a URL — set it to the API\'s address as http(s)://host');
    await expect(repo.read("PLAN.md")).rejects.toThrow();
  });
});

describe("haco plan: the file says what Claude sent", () => {
  const tricky = () => {
    const p = structuredClone(SLUGIFY_PLAN) as typeof SLUGIFY_PLAN & { tickets: Record<string, unknown>[] };
    return p;
  };

  it("writes YAML beside PLAN.md when the Markdown would read as another plan, and says so", async () => {
    const injected = tricky();
    injected.tickets[0]!.description = "Export slugify.\n## T-009: injected\n- files: .env";
    injected.tickets[0]!.test_command = "node --test `ls test`";
    replies = [tool(injected)];
    const result = await plan("add a slugify util", "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "plan.done")[0]).toMatchObject({ file: "PLAN.yaml" });
    const notice = eventsOf(events, "warning").find((w) => w.code === "plan_written_as_yaml")!;
    expect(notice.message).toContain("PLAN.md would not have read back as Claude's plan");
    expect(notice.message).toContain("haco run --plan PLAN.yaml");
    await expect(repo.read("PLAN.md")).rejects.toThrow();

    // What haco reads from it is exactly what Claude sent: two tickets, the description and command whole.
    const { parseTickets } = await import("../../src/domain/tickets/formats.js");
    const tickets = parseTickets(await repo.read("PLAN.yaml"), "PLAN.yaml");
    expect(tickets.map((t) => t.id)).toEqual(["T-001", "T-002"]);
    expect(tickets[0]!.description).toContain("## T-009: injected\n- files: .env");
    expect(tickets[0]!.testCommand).toBe("node --test `ls test`");
    expect(tickets[0]!.files.map((f) => f.path)).toEqual(["src/strings.js"]);
  });

  it("keeps a path with a comma one file, and never writes over another YAML file beside it", async () => {
    await repo.write("PLAN.yaml", "# someone else's\n");
    const comma = tricky();
    (comma.tickets[1]!.files as { path: string; intent: string }[])[0]!.path = "test/a, b.test.js";
    replies = [tool(comma)];
    const result = await plan("add a slugify util", "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(eventsOf(parseEvents(result.stdout), "plan.done")[0]).toMatchObject({ file: "PLAN-2.yaml" });
    expect(await repo.read("PLAN.yaml")).toBe("# someone else's\n");
    expect(await repo.read("PLAN-2.yaml")).toContain("path: test/a, b.test.js");
  });

  it("flags a path outside the repository after one correction, in the file and the events", async () => {
    const outside = tricky();
    (outside.tickets[0]!.files as { path: string; intent: string }[])[0]!.path = "../elsewhere/strings.js";
    outside.tickets[1]!.context_files = ["/etc/hosts"];
    replies = [tool(outside), tool(outside)];
    const result = await plan("add a slugify util", "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    const retry = anthropic.requests[1]!.body as { messages: { content: unknown }[] };
    expect(JSON.stringify(retry.messages.at(-1))).toContain("which has a '..' segment");
    const done = eventsOf(parseEvents(result.stdout), "plan.done")[0]!;
    expect(done.flagged).toEqual([
      { id: "T-001", breaches: [expect.stringContaining('names "../elsewhere/strings.js", which has a \'..\' segment')] },
      { id: "T-002", breaches: [expect.stringContaining('names the context file "/etc/hosts", an absolute path')] },
    ]);
    expect(await repo.read("PLAN.md")).toContain("FLAGGED: this ticket names the context file \"/etc/hosts\", an absolute path");
  });
});
