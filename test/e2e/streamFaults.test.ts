import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../helpers/runHaco.js";
import { startFakeOllama } from "../servers/fakeOllama.js";
import { startFakeOpenAI } from "../servers/fakeOpenAI.js";
import { startFaultyLink } from "../servers/faultyLink.js";

/**
 * `haco run --json --accept all` against a worker whose stream is not what
 * the model wrote (a line damaged on the way), or far longer than any answer
 * may be. Nothing of such a draft is ever written; the run says why.
 */

const NEG = "export function neg(a) {\n  return 0;\n}\n";
/** The fix, in chunks as a model streams them; "-" is the only chunk that is a minus alone. */
const FIX = ["```diff\n--- a/src/neg.js\n+++ b/src/neg.js\n@@ -1,3 +1,3 @@\n", " export function neg(a) {\n", "-  return 0;\n", "+  return ", "-", "a;\n", " }\n```\n"];
/** The token whose loss makes `return -a;` into `return a;`, in either protocol's line. */
const MINUS_TOKEN = (line: string) => line.includes('"content":"-"');

const LIMIT = 1024 * 1024;
const MAX_LOG_FILE = 256 * 1024;
const PIECE = `+${"x".repeat(1022)}\n`;
/** A diff that never ends: 50 MiB of added lines, one shared string. */
const FLOOD = ["```diff\n--- a/src/neg.js\n+++ b/src/neg.js\n@@ -1,3 +1,50000 @@\n", ...Array<string>(50 * 1024).fill(PIECE)];

let repo: TempRepo;
let head: string;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  repo = await createTempRepo({ "src/neg.js": NEG, "package.json": '{ "type": "module" }\n' });
  await repo.write(
    "plan.json",
    JSON.stringify({ task_id: "T-001", description: "neg(a) must return minus a.", output_file: "src/neg.js", test_command: 'node -e "process.exit(0)"' }),
  );
  await repo.write(".haco/config.yaml", `logs:\n  maxFileBytes: ${MAX_LOG_FILE}\n`);
  head = await repo.commitAll("initial");
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await repo.cleanup();
});

const run = (env: Record<string, string>, ...args: string[]) =>
  runHaco(["run", "--plan", "plan.json", "--json", "--accept", "all", ...args], { cwd: repo.root, env });

/** Nothing of the draft reached the repository: the file, HEAD, and no journal left. */
async function expectUntouched(): Promise<void> {
  expect(await repo.read("src/neg.js")).toBe(NEG);
  expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
  const journal = path.join(repo.root, ".haco", "journal");
  expect(existsSync(journal) ? (await readdir(journal)).filter((f) => f.endsWith(".json")) : []).toEqual([]);
}

async function runLogFiles(): Promise<{ name: string; size: number; text: string }[]> {
  const dir = path.join(repo.root, ".haco", "logs");
  const names = (await readdir(dir)).filter((f) => f.endsWith(".jsonl"));
  return Promise.all(names.map(async (name) => ({ name, size: (await stat(path.join(dir, name))).size, text: await readFile(path.join(dir, name), "utf8") })));
}

describe("haco run: a stream line damaged on the way is never committed as code", () => {
  it("Ollama: a line cut in half fails the ticket with stream_corrupt, exit 1, nothing written", async () => {
    const server = await startFakeOllama({ reply: () => ({ chunks: FIX }) });
    const link = await startFaultyLink(server.url, { match: MINUS_TOKEN, damage: "cut" });
    closers.push(() => server.close(), () => link.close());

    const result = await run({ OLLAMA_HOST: link.url });

    expect(link.damaged).toHaveLength(1);
    expect(result.exitCode, result.stderr).toBe(1);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "error")).toEqual([expect.objectContaining({ code: "stream_corrupt", ticket: "T-001", message: expect.stringContaining("not a JSON object") })]);
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ ticket: "T-001", status: "failed" });
    expect(eventsOf(events, "apply.done")).toEqual([]);
    expect(eventsOf(events, "commit.done")).toEqual([]);
    await expectUntouched();
  });

  it("OpenAI-compatible: a mangled `data:` line (SSE would skip it) fails the ticket the same way", async () => {
    const server = await startFakeOpenAI({ reply: () => ({ chunks: FIX }) });
    const link = await startFaultyLink(server.url, { match: MINUS_TOKEN, damage: "mangle" });
    closers.push(() => server.close(), () => link.close());

    const result = await run({}, "--worker", `openai:${link.url}`);

    expect(link.damaged).toHaveLength(1);
    expect(result.exitCode, result.stderr).toBe(1);
    const events = parseEvents(result.stdout);
    expect(eventsOf(events, "error")).toEqual([expect.objectContaining({ code: "stream_corrupt", ticket: "T-001" })]);
    expect(eventsOf(events, "ticket.done")[0]).toMatchObject({ ticket: "T-001", status: "failed" });
    expect(eventsOf(events, "apply.done")).toEqual([]);
    await expectUntouched();
  });
});

describe("haco run: an answer far over the size limit is stopped while it streams", () => {
  const cases = [
    {
      name: "Ollama",
      start: async () => {
        const server = await startFakeOllama({ reply: () => ({ chunks: FLOOD }) });
        return { server, env: { OLLAMA_HOST: server.url }, args: [] as string[], chat: () => server.chats[0]!, written: () => server.chats[0]!.sent.length };
      },
    },
    {
      name: "OpenAI-compatible",
      start: async () => {
        const server = await startFakeOpenAI({ reply: () => ({ chunks: FLOOD }) });
        return { server, env: {}, args: ["--worker", `openai:${server.url}`], chat: () => server.chats[0]!, written: () => server.chats[0]!.chunks.length };
      },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: the request is cut off at the server, the ticket refused naming the limit, stdout and the run log stay small`, async () => {
      const { server, env, args, chat, written } = await c.start();
      closers.push(() => server.close());

      const result = await run(env, ...args);

      // The server saw the connection close long before its 50 MiB were out.
      expect(await chat().ended).toBe("client_aborted");
      // What it wrote is what the client read plus what the sockets' buffers held (a few MiB): far from all of it.
      expect(written() * PIECE.length).toBeLessThan(20 * LIMIT);

      expect(result.exitCode, result.stderr).toBe(1);
      const events = parseEvents(result.stdout);
      const [done] = eventsOf(events, "ticket.done");
      expect(done).toMatchObject({ ticket: "T-001", status: "refused" });
      expect(done!.reason).toContain("1 MiB limit for one answer (maxAnswerBytes)");
      expect(done!.reason).toMatch(/split the ticket/);
      expect(eventsOf(events, "error")).toEqual([expect.objectContaining({ code: "answer_too_large", ticket: "T-001" })]);
      // Tokens on stdout stop at the limit: the whole of stdout is a small multiple of it.
      const streamed = eventsOf(events, "worker.token").reduce((sum, e) => sum + Buffer.byteLength(e.text), 0);
      expect(streamed).toBeLessThanOrEqual(LIMIT);
      expect(Buffer.byteLength(result.stdout)).toBeLessThan(2 * LIMIT);

      // No run log file passes logs.maxFileBytes; the partial answer is there, cut and marked.
      const files = await runLogFiles();
      for (const file of files) expect(file.size, file.name).toBeLessThanOrEqual(MAX_LOG_FILE);
      const answer = files
        .flatMap((f) => f.text.trim().split("\n"))
        .map((line) => JSON.parse(line) as { type: string; partial?: boolean; logCut?: boolean; text?: string })
        .find((r) => r.type === "worker.answer");
      expect(answer).toMatchObject({ partial: true, logCut: true });
      expect(answer!.text).toMatch(/^```diff\n--- a\/src\/neg\.js/);
      await expectUntouched();
    });
  }
});
