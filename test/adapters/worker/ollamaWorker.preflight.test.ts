import { afterEach, describe, expect, it } from "vitest";
import { createOllamaWorker } from "../../../src/adapters/worker/ollamaWorker.js";
import { EXIT } from "../../../src/domain/errors.js";
import {
  MODEL,
  closeFakes,
  closedPortUrl,
  expectWorkerError,
  fakeOllama,
  request,
  silentServerUrl,
} from "./workerTestKit.js";

afterEach(closeFakes);

describe("OllamaWorker.preflight", () => {
  it("returns the trained context length from /api/show", async () => {
    const fake = await fakeOllama({ models: [{ name: MODEL, contextLength: 131_072, family: "qwen2" }] });
    const worker = createOllamaWorker({ host: fake.url });

    await expect(worker.preflight(MODEL)).resolves.toEqual({ contextLength: 131_072 });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/tags", "POST /api/show"]);
    expect(fake.requests[1]?.body).toMatchObject({ model: MODEL });
  });

  it("accepts a name without a tag for a model pulled as ':latest'", async () => {
    const fake = await fakeOllama({ models: [{ name: "llama3.2:latest", contextLength: 8192, family: "llama" }] });
    const worker = createOllamaWorker({ host: fake.url });

    await expect(worker.preflight("llama3.2")).resolves.toEqual({ contextLength: 8192 });
  });

  it("fails with exit 3 and says how to pull a model the server does not have", async () => {
    const fake = await fakeOllama({ models: [{ name: MODEL }] });
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(worker.preflight("gemma3:27b"), "model_missing");
    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toBe(`model gemma3:27b is not available at ${fake.url} — run 'ollama pull gemma3:27b'`);
    // Only a name that differs by ':latest' counts as the same model.
    await expectWorkerError(worker.preflight("qwen2.5-coder"), "model_missing");
  });

  it("fails with exit 3 naming the URL when nothing listens there", async () => {
    const url = await closedPortUrl();
    const worker = createOllamaWorker({ host: url });

    const err = await expectWorkerError(worker.preflight(MODEL), "worker_unreachable");
    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toBe(`cannot reach Ollama at ${url} — is 'ollama serve' running?`);
  });

  it("treats a server that accepts the connection but never answers as unreachable", async () => {
    const silent = await silentServerUrl();
    try {
      const worker = createOllamaWorker({ host: silent.url, adminTimeoutMs: 200 });
      const err = await expectWorkerError(worker.preflight(MODEL), "worker_unreachable");
      expect(err.message).toContain(silent.url);
      await expect(worker.vram(MODEL)).resolves.toBeNull();
    } finally {
      await silent.close();
    }
  });

  it("still passes when /api/show fails, without a context length", async () => {
    const fake = await fakeOllama({
      intercept: (req) => (req.path === "/api/show" ? { status: 500, body: { error: "boom" } } : undefined),
    });
    const worker = createOllamaWorker({ host: fake.url });

    await expect(worker.preflight(MODEL)).resolves.toEqual({ contextLength: null });
  });

  it("reports an HTTP error from /api/tags with the server's text, as a worker error", async () => {
    const fake = await fakeOllama({
      intercept: (req) => (req.path === "/api/tags" ? { status: 503, body: { error: "server busy" } } : undefined),
    });
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(worker.preflight(MODEL), "worker_error");
    expect(err.exitCode).toBe(EXIT.ticketFailed);
    expect(err.message).toContain("503");
    expect(err.message).toContain("server busy");
  });
});

describe("OllamaWorker.vram", () => {
  it("reads the loaded model's split and effective context from /api/ps", async () => {
    const size = 10_000_000_000;
    const fake = await fakeOllama({ models: [{ name: MODEL, size, sizeVram: 7_500_000_000 }] });
    const worker = createOllamaWorker({ host: fake.url });
    await worker.generate(request({ numCtx: 16_384 }));

    await expect(worker.vram(MODEL)).resolves.toEqual({
      size,
      sizeVram: 7_500_000_000,
      gpuPercent: 75,
      processor: "25%/75% CPU/GPU",
      contextLength: 16_384,
    });
  });

  it("labels a model entirely in VRAM as 100% GPU", async () => {
    const fake = await fakeOllama({ models: [{ name: "llama3.2:latest", size: 4_000_000_000 }] });
    const worker = createOllamaWorker({ host: fake.url });
    await worker.generate(request({ model: "llama3.2" }));

    const readout = await worker.vram("llama3.2");
    expect(readout).toMatchObject({ gpuPercent: 100, processor: "100% GPU", sizeVram: 4_000_000_000 });
  });

  it("is null for a model that is not loaded", async () => {
    const fake = await fakeOllama();
    const worker = createOllamaWorker({ host: fake.url });

    await expect(worker.vram(MODEL)).resolves.toBeNull();
  });

  it("is null rather than an error when the server cannot be reached", async () => {
    const worker = createOllamaWorker({ host: await closedPortUrl() });

    await expect(worker.vram(MODEL)).resolves.toBeNull();
  });
});
