import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeOllama, type FakeOllama, type Reply } from "../servers/fakeOllama.js";
import { runHaco } from "../helpers/runHaco.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "../servers/fakeOpenAI.js";

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

describe("haco worker drafts where haco run would", () => {
  let repo: TempRepo;
  const closers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    repo = await createTempRepo();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await repo.cleanup();
  });
  const openai = async (options: FakeOpenAIOptions): Promise<FakeOpenAI> => {
    const started = await startFakeOpenAI(options);
    closers.push(() => started.close());
    return started;
  };
  const configure = (endpoints: string[]) => repo.write(".haco/config.yaml", `worker:\n  endpoints:\n${endpoints.map((e) => `    - ${e}\n`).join("")}`);

  it("uses the one openai endpoint of .haco/config.yaml, with the key of its apiKeyEnv, and never asks Ollama", async () => {
    const vllm = await openai({ flavour: "vllm", models: [{ id: "qwen-x" }], apiKey: "k123", reply: () => ({ text: "from vllm" }) });
    await configure([`{ kind: openai, url: "${vllm.url}", apiKeyEnv: OAI_KEY }`]);

    const result = await runHaco(["worker", "hi", "--model", "qwen-x", "--json"], { cwd: repo.root, env: { OAI_KEY: "k123" } });

    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, output: "from vllm", model: "qwen-x" });
    expect(vllm.chats).toHaveLength(1);
    expect(vllm.chats[0]!.request.headers.authorization).toBe("Bearer k123");
    expect(server.requests).toHaveLength(0);
  });

  it("with several endpoints, drafts on the first that has the model; none having it is exit 3 naming the server", async () => {
    const first = await openai({ flavour: "vllm", models: [{ id: "other" }], reply: () => ({ text: "from first" }) });
    const second = await openai({ flavour: "vllm", models: [{ id: "qwen-x" }], reply: () => ({ text: "from second" }) });
    await configure([`{ name: first, kind: openai, url: "${first.url}" }`, `{ name: second, kind: openai, url: "${second.url}" }`]);

    const result = await runHaco(["worker", "--json", "--model", "qwen-x", "hi"], { cwd: repo.root });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, output: "from second" });
    expect(first.chats).toHaveLength(0);

    const missing = await runHaco(["worker", "--model", "nowhere", "hi"], { cwd: repo.root });
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toContain("model nowhere is not available at");
    expect(missing.stderr).toContain("load it in the server");
    expect(missing.stderr).toContain(second.url);
    // Refused at preflight: the one chat is still the first command's.
    expect([...first.chats, ...second.chats]).toHaveLength(1);
  });

  it("--worker kind:url beats the config and OLLAMA_HOST; a malformed one is exit 2", async () => {
    const llama = await openai({ flavour: "llamacpp", reply: () => ({ text: "from llama" }) });
    await configure([`{ kind: ollama, url: "${server.url}" }`]);

    const result = await runHaco(["worker", "--worker", `openai:${llama.url}`, "hi"], { cwd: repo.root, env: { OLLAMA_HOST: server.url } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe("from llama\n");
    expect(server.chats).toHaveLength(0);

    const bad = await runHaco(["worker", "--worker", "lmstudio", "hi"], { cwd: repo.root });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--worker "lmstudio": expected ollama:<url> or openai:<base-url>');
  });

  it("names --worker and worker.endpoints in --help", async () => {
    const result = await runHaco(["worker", "--help"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("--worker KIND:URL");
    expect(result.stdout).toContain("worker.endpoints in .haco/config.yaml");
  });
});
