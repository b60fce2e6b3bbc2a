import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { DoctorCheck } from "../../../src/adapters/doctor/check.js";
import { checkGpu } from "../../../src/adapters/doctor/gpuCheck.js";
import type { ModelCheckOptions } from "../../../src/adapters/doctor/ollamaChecks.js";
import { checkWorkers } from "../../../src/adapters/doctor/workerChecks.js";
import type { DoctorEndpoint } from "../../../src/adapters/doctor/workerEndpoints.js";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../../servers/fakeOllama.js";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "../../servers/fakeOpenAI.js";

/** Small local servers for the doctor's network checks; each listens on 127.0.0.1, on a free port. */
interface LocalServer {
  url: string;
  requests: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer & { server: Server }> {
  const requests: LocalServer["requests"] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? "/", authorization: req.headers.authorization });
    handler(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * An OpenAI-compatible /v1/models, as vLLM answers it (`max_model_len`) or
 * llama.cpp's server (`meta.n_ctx_train`); with `apiKey`, anything without
 * that Bearer token gets the 401 these servers send.
 */
function startOpenAIModels(options: { models: Record<string, unknown>[]; apiKey?: string; loading?: boolean }): Promise<LocalServer> {
  return listen((req, res) => {
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { "Content-Type": "application/json" });
      return void res.end(JSON.stringify({ error: { message: "Invalid API Key", type: "invalid_request_error", code: "invalid_api_key" } }));
    }
    if (options.loading && req.url === "/health") {
      // llama.cpp's answer while it loads its model.
      res.writeHead(503, { "Content-Type": "application/json" });
      return void res.end(JSON.stringify({ error: { code: 503, message: "Loading model", type: "unavailable_error" } }));
    }
    if (req.method === "GET" && req.url === "/v1/models") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return void res.end(JSON.stringify({ object: "list", data: options.models.map((m) => ({ object: "model", owned_by: "local", ...m })) }));
    }
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { message: "not found", code: 404 } }));
  });
}

/** Accepts connections and never answers: what a wedged server looks like. */
function startSilentServer(): Promise<LocalServer> {
  return listen(() => {});
}

/** A port nothing listens on (taken, then given back). */
async function closedPortUrl(): Promise<string> {
  const probe = await listen(() => {});
  await probe.close();
  return probe.url;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function ollama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const server = await startFakeOllama(options);
  cleanups.push(() => server.close());
  return server;
}

async function fakeOpenAI(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  const server = await startFakeOpenAI(options);
  cleanups.push(() => server.close());
  return server;
}

async function local<T extends LocalServer>(start: Promise<T>): Promise<T> {
  const server = await start;
  cleanups.push(() => server.close());
  return server;
}

function endpoint(url: string, overrides: Partial<DoctorEndpoint> = {}): DoctorEndpoint {
  const { host } = new URL(url);
  return { name: host, kind: "ollama", url, models: ["qwen2.5-coder:7b"], modelsListed: false, setting: "OLLAMA_HOST", ...overrides };
}

const options = (overrides: Partial<ModelCheckOptions> = {}): ModelCheckOptions => ({
  timeoutMs: 2000,
  warm: false,
  warmTimeoutMs: 10_000,
  maxContextTokens: 32_768,
  replyTokens: 4096,
  gpu: null,
  ...overrides,
});

const named = (checks: DoctorCheck[], prefix: string) => checks.find((c) => c.name.startsWith(prefix))!;

describe("checkWorkers with Ollama", () => {
  it("reports the version, the model with its context length, and that it is not loaded yet", async () => {
    const server = await ollama({ version: "0.12.3", models: [{ name: "qwen2.5-coder:7b", contextLength: 131_072 }] });
    const e = endpoint(server.url);
    const checks = await checkWorkers([e], {}, options());
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      [`worker ${e.name}`, "ok"],
      [`model qwen2.5-coder:7b @ ${e.name}`, "ok"],
      [`vram qwen2.5-coder:7b @ ${e.name}`, "ok"],
    ]);
    expect(checks[0]!.detail).toBe(`Ollama 0.12.3 at ${server.url} · 1 model pulled`);
    expect(checks[1]!.detail).toContain("context 131072 tokens (haco sends num_ctx up to 32768)");
    expect(checks[1]!.detail).toContain("Q4_K_M");
    expect(checks[2]!.detail).toContain("not loaded");
    expect(checks[2]!.detail).toContain("haco doctor --warm");
    // Without --warm nothing is loaded: no chat request reached the server.
    expect(server.chats).toHaveLength(0);
  });

  it("with --warm loads the model at haco's num_ctx, then reads /api/ps: all on the GPU passes", async () => {
    const server = await ollama({ models: [{ name: "qwen2.5-coder:7b", contextLength: 16_384 }] });
    const progress: string[] = [];
    const checks = await checkWorkers([endpoint(server.url)], {}, options({ warm: true, onProgress: (m) => progress.push(m) }));
    const vram = named(checks, "vram");
    expect(vram.status).toBe("ok");
    expect(vram.detail).toContain("100% GPU");
    expect(vram.detail).toContain("at num_ctx 16384");
    expect(server.chats).toHaveLength(1);
    expect((server.chats[0]!.request.body as { options: { num_ctx: number } }).options.num_ctx).toBe(16_384);
    expect(progress[0]).toContain("warming up qwen2.5-coder:7b");
  });

  it("warns when part of a loaded model runs on the CPU, with what to do", async () => {
    const size = 8 * 1024 ** 3;
    const server = await ollama({ models: [{ name: "qwen2.5-coder:7b", size, sizeVram: size / 4 }] });
    const checks = await checkWorkers([endpoint(server.url)], {}, options({ warm: true }));
    const vram = named(checks, "vram");
    expect(vram.status).toBe("warn");
    expect(vram.detail).toContain("75%/25% CPU/GPU");
    expect(vram.detail).toContain("6.0 GiB runs on the CPU");
    expect(vram.fix).toContain("worker.maxContextTokens");
  });

  it("warns before loading when the model file is larger than the GPU memory nvidia-smi reports", async () => {
    const gpu = await checkGpu({ PATH: fileURLToPath(new URL("../../fixtures/bin/nvidia", import.meta.url)) }, 2000);
    const server = await ollama({ models: [{ name: "llama3.3:70b", size: 80 * 1024 ** 3 }] });
    const checks = await checkWorkers([endpoint(server.url, { models: ["llama3.3:70b"] })], {}, options({ gpu: gpu.readout }));
    const vram = named(checks, "vram");
    expect(vram.status).toBe("warn");
    expect(vram.detail).toContain("its 66.4 GiB file is larger than the GPU memory (48.0 GiB");
    expect(vram.detail).toContain("48.0 GiB: GPU0 RTX 4090");
  });

  it("fails a missing model with the exact pull command for that server", async () => {
    const server = await ollama();
    const checks = await checkWorkers([endpoint(server.url, { models: ["qwen2.5-coder:7b", "codellama:7b"] })], {}, options());
    const missing = named(checks, "model codellama:7b");
    expect(missing.status).toBe("fail");
    expect(missing.detail).toContain("codellama:7b is not available");
    expect(missing.fix).toBe(`OLLAMA_HOST=${server.url} ollama pull codellama:7b`);
    expect(named(checks, "model qwen2.5-coder:7b").status).toBe("ok");
  });

  it("resolves a bare name to :latest, as Ollama does", async () => {
    const server = await ollama({ models: [{ name: "mistral:latest" }] });
    const checks = await checkWorkers([endpoint(server.url, { models: ["mistral"] })], {}, options());
    expect(named(checks, "model mistral").status).toBe("ok");
  });

  it("warns about a context too small for a prompt plus the reply", async () => {
    const server = await ollama({ models: [{ name: "tiny:1b", contextLength: 4096 }] });
    const checks = await checkWorkers([endpoint(server.url, { models: ["tiny:1b"] })], {}, options());
    const model = named(checks, "model tiny:1b");
    expect(model.status).toBe("warn");
    expect(model.fix).toContain("longer context");
  });

  it("fails an Ollama that is down, naming ollama serve", async () => {
    const url = await closedPortUrl();
    const checks = await checkWorkers([endpoint(url)], {}, options());
    expect(checks).toHaveLength(1);
    expect(checks[0]!.status).toBe("fail");
    expect(checks[0]!.detail).toBe(`cannot reach Ollama at ${url} (connection refused)`);
    expect(checks[0]!.fix).toContain("ollama serve");
  });

  it("gives up on a server that accepts and never answers", async () => {
    const silent = await local(startSilentServer());
    const checks = await checkWorkers([endpoint(silent.url)], {}, options({ timeoutMs: 200 }));
    expect(checks[0]!.status).toBe("fail");
    expect(checks[0]!.detail).toContain("no answer within 0.2 s");
  });

  it("with two endpoints, one down or lacking a model is a warning while the other has it", async () => {
    const up = await ollama({ models: [{ name: "qwen2.5-coder:7b" }] });
    const bare = await ollama({ models: [{ name: "other:1b" }] });
    const down = await closedPortUrl();
    const checks = await checkWorkers(
      [endpoint(up.url, { name: "gpu-box" }), endpoint(bare.url, { name: "laptop" }), endpoint(down, { name: "spare", setting: "worker.endpoints[2]" })],
      {},
      options(),
    );
    expect(named(checks, "worker gpu-box").status).toBe("ok");
    const missing = named(checks, "model qwen2.5-coder:7b @ laptop");
    expect(missing.status).toBe("warn");
    expect(missing.detail).toContain("gpu-box has it");
    const spare = named(checks, "worker spare");
    expect(spare.status).toBe("warn");
    expect(spare.fix).toContain("worker.endpoints[2].url");
  });
});

describe("checkWorkers with an OpenAI-compatible server", () => {
  it("lists /v1/models and reads the context length the server reports", async () => {
    const server = await local(
      startOpenAIModels({ models: [{ id: "qwen2.5-coder-7b-instruct", max_model_len: 32_768 }, { id: "ggml-model", meta: { n_ctx_train: 65_536 } }] }),
    );
    const e = endpoint(server.url, { kind: "openai", name: "vllm", models: ["qwen2.5-coder-7b-instruct", "ggml-model"], modelsListed: true });
    const checks = await checkWorkers([e], {}, options());
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ["worker vllm", "ok"],
      ["model qwen2.5-coder-7b-instruct @ vllm", "ok"],
      ["model ggml-model @ vllm", "ok"],
    ]);
    expect(checks[0]!.detail).toBe(`OpenAI-compatible server at ${server.url} · 2 models served`);
    expect(checks[1]!.detail).toContain("context 32768 tokens");
    expect(checks[2]!.detail).toContain("context 65536 tokens");
    // The listing, then for each model the worker's own preflight (/v1/models, /health), as a run asks.
    expect(new Set(server.requests.map((r) => r.path))).toEqual(new Set(["/v1/models", "/health"]));
  });

  it("fails a model the server does not serve, saying how to load it", async () => {
    const server = await local(startOpenAIModels({ models: [{ id: "something-else" }, { id: "another" }] }));
    const checks = await checkWorkers([endpoint(server.url, { kind: "openai", name: "lmstudio", setting: "worker.endpoints[0]" })], {}, options());
    const model = named(checks, "model qwen2.5-coder:7b");
    expect(model.status).toBe("fail");
    expect(model.fix).toContain("lms load qwen2.5-coder:7b");
  });

  it("passes any name when the server lists one model (it answers with that one), and says which it is", async () => {
    const server = await local(startOpenAIModels({ models: [{ id: "ggml-model-q4_k_m.gguf", meta: { n_ctx_train: 32_768 } }] }));
    const checks = await checkWorkers([endpoint(server.url, { kind: "openai", name: "llama", setting: "worker.endpoints[0]" })], {}, options());
    const model = named(checks, "model qwen2.5-coder:7b");
    expect(model.status).toBe("ok");
    expect(model.detail).toContain("served as ggml-model-q4_k_m.gguf");
    expect(model.detail).toContain("context 32768 tokens");
  });

  it("fails a name vLLM does not list even when it serves a single model — the verdict a run's preflight reaches", async () => {
    const server = await fakeOpenAI({ flavour: "vllm", models: [{ id: "qwen-x" }] });
    const e = endpoint(server.url, { kind: "openai", name: "vllm", setting: "worker.endpoints[0]" });
    const checks = await checkWorkers([e], {}, options());
    const model = named(checks, "model qwen2.5-coder:7b");
    expect(model).toMatchObject({ status: "fail", detail: "qwen2.5-coder:7b is not available at vllm" });
    expect(model.fix).toContain("vLLM: --served-model-name qwen2.5-coder:7b");
    expect(model.fix).toContain("name one it serves in worker.model / worker.endpoints[0].models");
    // The same server, asked for the name it lists, passes.
    const served = await checkWorkers([{ ...e, models: ["qwen-x"] }], {}, options());
    expect(named(served, "model qwen-x").status).toBe("ok");
  });

  it("passes another name on llama.cpp's server with one model, which answers it (as a run finds)", async () => {
    const server = await fakeOpenAI({ flavour: "llamacpp", models: [{ id: "qwen-x" }] });
    const checks = await checkWorkers([endpoint(server.url, { kind: "openai", name: "llama", setting: "worker.endpoints[0]" })], {}, options());
    const model = named(checks, "model qwen2.5-coder:7b");
    expect(model.status).toBe("ok");
    expect(model.detail).toContain("served as qwen-x (this server answers any name with its only model)");
  });

  it("warns about a server still loading its model instead of waiting for it", async () => {
    const server = await local(startOpenAIModels({ models: [{ id: "m" }], loading: true }));
    const checks = await checkWorkers([endpoint(server.url, { kind: "openai", name: "llama", models: ["m"], setting: "worker.endpoints[0]" })], {}, options());
    const model = named(checks, "model m");
    expect(model.status).toBe("warn");
    expect(model.detail).toContain("still loading");
    expect(model.fix).toContain("run 'haco doctor' again");
  });

  it("sends the key from apiKeyEnv as a Bearer token, and fails with the variable to set when refused", async () => {
    const server = await local(startOpenAIModels({ models: [{ id: "m" }], apiKey: "sk-local-SECRET" }));
    const e = endpoint(server.url, { kind: "openai", name: "vllm", models: ["m"], apiKeyEnv: "VLLM_KEY", setting: "worker.endpoints[0]" });

    const refused = await checkWorkers([e], {}, options());
    expect(refused[0]!.status).toBe("fail");
    expect(refused[0]!.detail).toContain("HTTP 401 (VLLM_KEY is not set)");
    expect(refused[0]!.fix).toBe("export VLLM_KEY=<the server's API key>");

    const accepted = await checkWorkers([e], { VLLM_KEY: "sk-local-SECRET" }, options());
    expect(accepted.map((c) => c.status)).toEqual(["ok", "ok"]);
    expect(server.requests.at(-1)!.authorization).toBe("Bearer sk-local-SECRET");
    expect(JSON.stringify([...refused, ...accepted])).not.toContain("SECRET");
  });

  it("fails a server that is down or is not OpenAI-compatible", async () => {
    const down = await closedPortUrl();
    const checks = await checkWorkers([endpoint(down, { kind: "openai", name: "llama", setting: "worker.endpoints[0]" })], {}, options());
    expect(checks[0]!.status).toBe("fail");
    expect(checks[0]!.detail).toContain("connection refused");
    expect(checks[0]!.fix).toContain("llama-server");

    const notOpenAI = await ollama();
    const wrong = await checkWorkers([endpoint(notOpenAI.url, { kind: "openai", setting: "worker.endpoints[0]" })], {}, options());
    expect(wrong[0]!.status).toBe("fail");
    expect(wrong[0]!.detail).toContain("HTTP 404");
  });
});

describe("checkWorkers with an endpoint whose URL cannot be used", () => {
  it("fails it with its fix and asks it nothing, even while another endpoint is up", async () => {
    const up = await ollama();
    const invalid: DoctorEndpoint = {
      name: "worker.endpoints[1]",
      kind: "ollama",
      url: "",
      models: ["qwen2.5-coder:7b"],
      modelsListed: false,
      setting: "worker.endpoints[1]",
      invalid: { detail: 'worker.endpoints[1].url in .haco/config.yaml: "::::" is not a URL', fix: "fix worker.endpoints[1].url in .haco/config.yaml" },
    };
    const checks = await checkWorkers([endpoint(up.url, { setting: "worker.endpoints[0]" }), invalid], {}, options());
    const bad = named(checks, "worker worker.endpoints[1]");
    expect(bad).toEqual({ name: "worker worker.endpoints[1]", status: "fail", detail: invalid.invalid!.detail, fix: invalid.invalid!.fix });
    expect(checks.filter((c) => c.name.includes("worker.endpoints[1]"))).toHaveLength(1);
  });
});
