import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeOllama, type FakeOllama, type Reply } from "../servers/fakeOllama.js";
import { runHaco } from "../helpers/runHaco.js";

let server: FakeOllama;
let cwd: string;
let reply: Reply;

beforeEach(async () => {
  reply = { text: "export const isEven = (n: number) => n % 2 === 0;\n", tokensPerSec: 64 };
  server = await startFakeOllama({ reply: () => reply });
  cwd = await mkdtemp(path.join(tmpdir(), "haco-worker-"));
});

afterEach(async () => {
  await server.close();
  await rm(cwd, { recursive: true, force: true });
});

describe("haco worker", () => {
  it("prints only the answer for a prompt on stdin", async () => {
    const result = await runHaco(["worker"], { cwd, input: "Write isEven in TypeScript", env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("export const isEven = (n: number) => n % 2 === 0;\n");
    const messages = (server.chats[0]!.request.body as { messages: { role: string; content: string }[] }).messages;
    expect(messages.at(-1)).toEqual({ role: "user", content: "Write isEven in TypeScript" });
    expect(messages[0]!.role).toBe("system");
  });

  it("takes the prompt from the argument and prints the contract object with --json", async () => {
    const result = await runHaco(["worker", "--json", "Write isEven"], { cwd, env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    const final = server.chats[0]!.sent.at(-1)!;
    expect(out).toMatchObject({ ok: true, output: reply.text, model: "qwen2.5-coder:7b" });
    expect(out.error).toBeUndefined();
    expect(out.timing.tokens).toBe(final.eval_count);
    expect(out.timing.tokensPerSec).toBe(((final.eval_count as number) / (final.eval_duration as number)) * 1e9);
    expect(typeof out.timing.ttftMs).toBe("number");
    expect(typeof out.timing.totalMs).toBe("number");
  });

  it("uses HACO_WORKER_MODEL and --model, and exits 3 with the pull hint when the model is missing", async () => {
    const viaEnv = await runHaco(["worker", "--json", "hi"], { cwd, env: { OLLAMA_HOST: server.url, HACO_WORKER_MODEL: "codellama:7b" } });
    expect(viaEnv.exitCode).toBe(3);
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({
      ok: false,
      output: "",
      model: "codellama:7b",
      error: `model codellama:7b is not available at ${server.url} — run 'ollama pull codellama:7b'`,
    });
    const viaFlag = await runHaco(["worker", "--model", "qwen2.5-coder:7b", "hi"], { cwd, env: { OLLAMA_HOST: server.url, HACO_WORKER_MODEL: "codellama:7b" } });
    expect(viaFlag.exitCode).toBe(0);
  });

  it("exits 3 naming the URL when Ollama is not running", async () => {
    const url = server.url;
    await server.close();
    const result = await runHaco(["worker", "hi"], { cwd, env: { OLLAMA_HOST: url } });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`cannot reach Ollama at ${url} — is 'ollama serve' running?`);
  });

  it("reads OLLAMA_HOST the way Ollama does (host:port without a scheme)", async () => {
    const hostPort = server.url.replace(/^http:\/\//, "");
    const result = await runHaco(["worker", "hi"], { cwd, env: { OLLAMA_HOST: hostPort } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(reply.text);
  });

  it("exits 2 with a usage message for an empty prompt", async () => {
    const result = await runHaco(["worker"], { cwd, input: "  \n", env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("prompt");
    expect(server.chats).toHaveLength(0);
  });

  it("exits 2 for an empty or blank prompt argument, as for empty stdin, and sends nothing", async () => {
    for (const prompt of ["", "   "]) {
      const result = await runHaco(["worker", prompt], { cwd, input: "from stdin", env: { OLLAMA_HOST: server.url } });
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("haco worker: the prompt argument is empty — pass the prompt text");
    }
    expect(server.chats).toHaveLength(0);
  });

  it("exits 2 for an empty --model; an empty HACO_WORKER_MODEL falls back to the default", async () => {
    const flag = await runHaco(["worker", "--model", "", "hi"], { cwd, env: { OLLAMA_HOST: server.url } });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("--model is empty — give it a value");
    expect(server.chats).toHaveLength(0);
    const env = await runHaco(["worker", "--json", "hi"], { cwd, env: { OLLAMA_HOST: server.url, HACO_WORKER_MODEL: "" } });
    expect(env.exitCode).toBe(0);
    expect(JSON.parse(env.stdout)).toMatchObject({ ok: true, model: "qwen2.5-coder:7b" });
  });
});
