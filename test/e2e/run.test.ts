import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama, type Reply } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { execa } from "execa";
import { BIN, eventsOf, hacoEnv, parseEvents, runHaco } from "../helpers/runHaco.js";

const MATH = `// math helpers
export function add(a, b) {
  return a + b;
}

export function multiply(a, b) {
  return a * b;
}

export function square(n) {
  return multiply(n, n);
}

export function cube(n) {
  return multiply(n, square(n));
}

export function divide(a, b) {
  return a / b;
}
`;

const SUBTRACT_DIFF = [
  "Here is the change:",
  "",
  "```diff",
  "--- a/src/math.js",
  "+++ b/src/math.js",
  "@@ -2,6 +2,10 @@",
  " export function add(a, b) {",
  "   return a + b;",
  " }",
  " ",
  "+export function subtract(a, b) {",
  "+  return a - b;",
  "+}",
  "+",
  " export function multiply(a, b) {",
  "   return a * b;",
  " }",
  "```",
  "",
].join("\n");

const CHECK = `import { subtract } from "./src/math.js";
if (subtract(5, 3) !== 2) { console.error("subtract is wrong"); process.exit(1); }
console.log("subtract ok");
`;

function taskSpec(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    task_id: "T-001",
    description: "Add a subtract(a, b) function to the math helpers.",
    output_file: "src/math.js",
    test_command: "node check.mjs",
    ...overrides,
  });
}

let server: FakeOllama;
let repo: TempRepo;
let reply: Reply;

beforeEach(async () => {
  reply = { text: SUBTRACT_DIFF, tokensPerSec: 87.5 };
  server = await startFakeOllama({ reply: () => reply });
  repo = await createTempRepo({ "src/math.js": MATH, "check.mjs": CHECK, "README.md": "# demo\n" });
  await repo.commitAll("initial");
  await repo.write("plan.json", taskSpec());
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

const run = (...args: string[]) => runHaco(["run", "--plan", "plan.json", ...args], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });

describe("haco run --json", () => {
  it("drafts, applies, tests and commits a fenced diff, printing only NDJSON", async () => {
    const before = (await repo.git("rev-parse", "HEAD")).trim();
    const result = await run("--json", "--accept", "all");
    expect(result.stderr).not.toContain("internal error");
    expect(result.exitCode).toBe(0);
    const events = parseEvents(result.stdout);

    expect(await repo.read("src/math.js")).toContain("export function subtract(a, b) {\n  return a - b;\n}\n");
    const [testDone] = eventsOf(events, "test.done");
    expect(testDone).toMatchObject({ command: "node check.mjs", exitCode: 0, passed: true });
    expect(eventsOf(events, "test.output").map((e) => e.line)).toContain("subtract ok");

    const head = (await repo.git("rev-parse", "HEAD")).trim();
    expect(head).not.toBe(before);
    expect((await repo.git("rev-parse", "HEAD~1")).trim()).toBe(before);
    const subject = (await repo.git("log", "-1", "--format=%s")).trim();
    expect(subject).toMatch(/^feat(\([a-z0-9-]+\))?: .+\(T-001\)$/);
    expect(eventsOf(events, "commit.done")[0]).toMatchObject({ ticket: "T-001", sha: head });
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ ticket: "T-001", status: "committed" });

    // tokens/sec is Ollama's own figure from the final chunk, not a wall-clock guess.
    const final = server.chats[0]!.sent.at(-1)!;
    const [workerDone] = eventsOf(events, "worker.done");
    expect(workerDone!.tokensPerSec).toBe(((final.eval_count as number) / (final.eval_duration as number)) * 1e9);
    expect(workerDone!.tokens).toBe(final.eval_count);
    expect(workerDone!.promptTokens).toBe(final.prompt_eval_count);

    // num_ctx is always sent, and sized at least to the prompt.
    const body = server.chats[0]!.request.body as { options: { num_ctx: number } };
    const [built] = eventsOf(events, "prompt.built");
    expect(body.options.num_ctx).toBe(built!.numCtx);
    expect(body.options.num_ctx).toBeGreaterThanOrEqual(built!.estimatedTokens);

    const types = events.map((e) => e.type);
    for (const type of ["run.start", "ticket.start", "worker.token", "worker.done", "edit.proposed", "hunk.decision", "apply.done", "test.done", "commit.done", "ticket.done", "run.done"]) {
      expect(types).toContain(type);
    }
    expect(await repo.git("status", "--porcelain", "--untracked-files=no")).toBe("");
  });

  it("commits only the ticket's hunk and leaves the user's own changes uncommitted, byte for byte", async () => {
    const userMath = MATH.replace("  return a / b;\n", "  if (b === 0) throw new RangeError(\"division by zero\");\n  return a / b;\n");
    await repo.write("src/math.js", userMath);
    await repo.write("README.md", "# demo\n\nStaged by the user.\n");
    await repo.git("add", "README.md");
    await repo.write("README.md", "# demo\n\nStaged by the user.\nAnd more, unstaged.\n");
    await repo.write("notes.txt", "untracked notes\n");

    const result = await run("--json", "--accept", "all");
    expect(result.exitCode).toBe(0);

    const committedDiff = await repo.git("diff", "HEAD~1", "HEAD");
    expect(committedDiff).toContain("+export function subtract(a, b) {");
    expect(committedDiff).not.toContain("division by zero");
    expect(committedDiff).not.toContain("README");
    expect(await repo.git("show", "HEAD:src/math.js")).toBe(MATH.replace("export function multiply", "export function subtract(a, b) {\n  return a - b;\n}\n\nexport function multiply"));

    // The working tree holds both the ticket's change and the user's, and the user's is still uncommitted.
    const math = await repo.read("src/math.js");
    expect(math).toBe(userMath.replace("export function multiply", "export function subtract(a, b) {\n  return a - b;\n}\n\nexport function multiply"));
    expect(await repo.git("diff", "--", "src/math.js")).toContain("division by zero");
    expect(await repo.git("diff", "--cached", "--", "src/math.js")).toBe("");
    expect(await repo.read("README.md")).toBe("# demo\n\nStaged by the user.\nAnd more, unstaged.\n");
    expect(await repo.git("show", ":README.md")).toBe("# demo\n\nStaged by the user.\n");
    expect(await repo.read("notes.txt")).toBe("untracked notes\n");
  });

  it("--accept none writes nothing, commits nothing and exits 1", async () => {
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const result = await run("--json", "--accept", "none");
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "edit.proposed")).toHaveLength(1);
    expect(eventsOf(events, "hunk.decision").every((e) => !e.accepted)).toBe(true);
    expect(eventsOf(events, "ticket.done")[0]!.status).toBe("rejected");
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
  });

  it("restores the files byte for byte and does not commit when the test fails", async () => {
    await repo.write("plan.json", taskSpec({ test_command: "node -e \"process.exit(3)\"" }));
    await repo.commitAll("plan");
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const result = await run("--json", "--accept", "all");
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "test.done")[0]).toMatchObject({ exitCode: 3, passed: false });
    expect(eventsOf(events, "rollback.done")[0]!.files).toEqual(["src/math.js"]);
    expect(eventsOf(events, "ticket.done")[0]!.status).toBe("failed");
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(existsSync(path.join(repo.root, ".haco", "journal", "T-001.json"))).toBe(false);
  });

  it("runs the repository's commit-msg hook: a refusal leaves the change applied and uncommitted, and says why", async () => {
    await mkdir(path.join(repo.root, ".git", "hooks"), { recursive: true });
    const hook = path.join(repo.root, ".git", "hooks", "commit-msg");
    await writeFile(hook, `#!/bin/sh\necho "team rule: every commit names a JIRA key" >&2\nexit 1\n`);
    await chmod(hook, 0o755);
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    const result = await run("--json", "--accept", "all");
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "error")[0]).toMatchObject({ code: "commit_hook_failed", ticket: "T-001" });
    expect(eventsOf(events, "error")[0]!.message).toContain("team rule: every commit names a JIRA key");
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ ticket: "T-001", status: "applied" });
    expect(await repo.read("src/math.js")).toContain("export function subtract(a, b) {");
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(existsSync(path.join(repo.root, ".haco", "journal", "T-001.json"))).toBe(false);
  });

  it("goes on to commit when the reader of --json leaves early (| head -1), with no stack trace", async () => {
    // The worker answers only once the reader is gone, so every later event meets a closed pipe.
    let readerGone!: () => void;
    const gone = new Promise<void>((resolve) => (readerGone = resolve));
    await server.close();
    server = await startFakeOllama({ reply: async () => (await gone, reply) });
    const child = execa(process.execPath, [BIN, "run", "--plan", "plan.json", "--json", "--accept", "all"], {
      cwd: repo.root,
      env: hacoEnv({ OLLAMA_HOST: server.url }),
      reject: false,
    });
    const firstLine = await new Promise<string>((resolve) => {
      let seen = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString("utf8");
        if (seen.includes("\n")) resolve(seen.slice(0, seen.indexOf("\n")));
      });
    });
    expect(JSON.parse(firstLine)).toMatchObject({ type: "run.start" });
    child.stdout!.destroy();
    readerGone();
    const result = await child;
    expect(result.stderr).not.toContain("EPIPE");
    expect(result.stderr).not.toContain("internal error");
    expect(result.exitCode).toBe(0);
    expect((await repo.git("log", "-1", "--format=%B")).trim()).toContain("Haco-Ticket: T-001");
  });

  it("exits 3 naming the URL when the server is down, touching nothing", async () => {
    const url = server.url;
    await server.close();
    const result = await runHaco(["run", "--plan", "plan.json", "--json", "--accept", "all"], { cwd: repo.root, env: { OLLAMA_HOST: url } });
    expect(result.exitCode).toBe(3);
    const [error] = eventsOf(parseEvents(result.stdout), "error");
    expect(error!.message).toBe(`cannot reach Ollama at ${url} — is 'ollama serve' running?`);
    expect(await repo.read("src/math.js")).toBe(MATH);
    expect(await repo.git("status", "--porcelain")).toBe("?? plan.json\n");
  });

  it("exits 3 naming the model and 'ollama pull' when the model is missing", async () => {
    const result = await run("--json", "--accept", "all", "--model", "llama-nope:1b");
    expect(result.exitCode).toBe(3);
    const [error] = eventsOf(parseEvents(result.stdout), "error");
    expect(error!.message).toBe(`model llama-nope:1b is not available at ${server.url} — run 'ollama pull llama-nope:1b'`);
    expect(server.chats).toHaveLength(0);
    expect(await repo.read("src/math.js")).toBe(MATH);
  });

  it.each([
    ["../outside.txt", "a path that climbs out of the repository"],
    ["/etc/hosts", "an absolute path"],
  ])("refuses an answer that writes %s (%s) and writes nothing", async (target) => {
    reply = {
      text: [`=== NEW FILE: ${target} ===`, "```", "pwned", "```", ""].join("\n"),
    };
    const outside = path.join(repo.root, "..", "outside.txt");
    const hostsBefore = await readFile("/etc/hosts", "utf8").catch(() => null);
    const result = await run("--json", "--accept", "all");
    expect(result.exitCode).toBe(1);
    const events = parseEvents(result.stdout);
    const refused = eventsOf(events, "edit.refused");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.reason.length).toBeGreaterThan(10);
    expect(eventsOf(events, "ticket.done")[0]!.status).toBe("refused");
    expect(eventsOf(events, "apply.done")).toHaveLength(0);
    expect(existsSync(outside)).toBe(false);
    expect(await readFile("/etc/hosts", "utf8").catch(() => null)).toBe(hostsBefore);
    expect(await repo.read("src/math.js")).toBe(MATH);
  });

  it("refuses a ticket that names a file git ignores, and sends nothing", async () => {
    await repo.write(".gitignore", "secrets.js\n");
    await repo.write("secrets.js", "export const key = 'hunter2';\n");
    await repo.write("plan.json", taskSpec({ context_files: ["secrets.js"] }));
    const result = await run("--json", "--accept", "all");
    expect(result.exitCode).toBe(1);
    const [done] = eventsOf(parseEvents(result.stdout), "ticket.done");
    expect(done).toMatchObject({ status: "refused" });
    expect(done!.reason).toContain("secrets.js is ignored by git");
    expect(server.chats).toHaveLength(0);
  });

  it("exits 2 naming the file and the field for a bad plan", async () => {
    await repo.write("plan.json", JSON.stringify({ task_id: "T-001", description: "x", output_file: "a.js", owner: "robot" }));
    const result = await run("--json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("plan.json");
    expect(result.stderr).toContain("owner");
    const [error] = eventsOf(parseEvents(result.stdout), "error");
    expect(error).toMatchObject({ code: "bad_input" });
    expect(error!.message).toContain("plan.json");
  });
});
