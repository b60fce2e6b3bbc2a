import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIWorker, normalizeBaseUrl, type OpenAIWorkerOptions } from "../../../src/adapters/worker/openaiWorker.js";
import type { GenerateRequest } from "../../../src/adapters/worker/provider.js";
import { EXIT, UsageError } from "../../../src/domain/errors.js";
import {
  DEFAULT_OPENAI_MODEL,
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type OpenAIFlavour,
} from "../../servers/fakeOpenAI.js";
import { closedPortUrl, expectWorkerError, request as kitRequest, silentServerUrl } from "./workerTestKit.js";

const MODEL = DEFAULT_OPENAI_MODEL;
const started: FakeOpenAI[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function fake(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const server = await startFakeOpenAI(options);
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all([...started.splice(0).map((s) => s.close()), ...cleanups.splice(0).map((c) => c())]);
});

/** Retries without real waiting: these tests are about behaviour, never about time. */
function worker(server: FakeOpenAI | string, options: Partial<OpenAIWorkerOptions> = {}) {
  const baseUrl = typeof server === "string" ? server : server.url;
  return createOpenAIWorker({ baseUrl, loadingRetryDelayMs: 1, ...options });
}

/** The kit's request (generous timeouts), for this server's model. */
const request = (overrides: Partial<GenerateRequest> = {}): GenerateRequest => kitRequest({ model: MODEL, ...overrides });

type Delta = { content?: unknown; reasoning_content?: unknown };
const contentSent = (server: FakeOpenAI, chat = 0): string[] =>
  server.chats[chat]!.chunks
    .flatMap((c) => (Array.isArray(c.choices) ? (c.choices as { delta: Delta }[]) : []))
    .map((c) => c.delta.content)
    .filter((c): c is string => typeof c === "string" && c !== "");

describe("createOpenAIWorker", () => {
  it("is the openai kind, with the base URL as host whether or not it ends in /v1", async () => {
    const server = await fake();
    for (const base of [server.url, `${server.url}/`, `${server.url}/v1`, `${server.url}/v1/`]) {
      const w = worker(base);
      expect(w.kind).toBe("openai");
      expect(w.host).toBe(server.url);
      await w.generate(request());
    }
    expect(server.chats.map((c) => c.request.path)).toEqual(Array(4).fill("/v1/chat/completions"));
  });

  it("normalizes base URLs and refuses unusable ones as bad input", () => {
    expect(normalizeBaseUrl("localhost:1234")).toBe("http://localhost:1234");
    expect(normalizeBaseUrl(" https://proxy.example/llm/v1/ ")).toBe("https://proxy.example/llm");
    expect(() => normalizeBaseUrl("ftp://x")).toThrow(UsageError);
    expect(() => normalizeBaseUrl("http://")).toThrow(/not a valid URL/);
  });

  it("reports no VRAM: these servers do not say", async () => {
    const server = await fake();
    await expect(worker(server).vram(MODEL)).resolves.toBeNull();
  });
});

describe("OpenAIWorker.generate, a normal answer", () => {
  it("hands every content chunk to onToken in order and returns the whole text", async () => {
    const answer = "export function bar(x: number) {\n  return x * 2; // 🚀 done\n}\n";
    const server = await fake({ reply: () => ({ text: answer }) });
    const tokens: string[] = [];

    const result = await worker(server).generate(request({ onToken: (t) => tokens.push(t) }));

    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens).toEqual(contentSent(server));
    expect(result.text).toBe(answer);
    expect(result.model).toBe(MODEL);
    expect(result.loadMs).toBeNull();
    expect(result.doneReason).toBe("stop");
    expect(result.ttftMs).not.toBeNull();
    // Stopping at [DONE] came after the server had finished: nothing was cut short.
    await expect(server.chats[0]!.ended).resolves.toBe("completed");
  });

  it("skips the first delta's content:null and treats it as no token", async () => {
    const server = await fake({ reply: () => ({ chunks: ["a", "b"] }) });
    const tokens: string[] = [];

    const result = await worker(server).generate(request({ onToken: (t) => tokens.push(t) }));

    const first = server.chats[0]!.chunks[0] as { choices: { delta: Delta }[] };
    expect(first.choices[0]!.delta).toEqual({ role: "assistant", content: null });
    expect(tokens).toEqual(["a", "b"]);
    expect(result.text).toBe("ab");
  });

  it("posts the model, system and user messages, usage request, max_tokens and temperature", async () => {
    const server = await fake();

    await worker(server).generate(request({ system: "SYS", prompt: "USER", numCtx: 16_384, temperature: 0.2, numPredict: 900 }));
    await worker(server).generate(request({ system: "" }));

    const [first, second] = server.chats.map((c) => c.request);
    expect(first!.method).toBe("POST");
    expect(first!.headers["content-type"]).toBe("application/json");
    expect(first!.body).toEqual({
      model: MODEL,
      messages: [
        { role: "system", content: "SYS" },
        { role: "user", content: "USER" },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 900,
      temperature: 0.2,
    });
    // No empty system message, and nothing the caller did not set.
    expect(second!.body).toEqual({
      model: MODEL,
      messages: [{ role: "user", content: "Rename foo to bar in src/a.ts." }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("sends the Bearer header only when given a key, on every request", async () => {
    const server = await fake({ models: [{ id: MODEL }, { id: "other" }] });

    await worker(server).preflight(MODEL);
    await worker(server).generate(request());
    await worker(server, { apiKey: "sk-local" }).preflight(MODEL);
    await worker(server, { apiKey: "sk-local" }).generate(request());
    await worker(server, { apiKey: "  " }).generate(request());

    const auth = server.requests.map((r) => `${r.path} ${r.headers.authorization ?? "-"}`);
    expect(auth).toEqual([
      "/v1/models -",
      "/health -",
      "/v1/chat/completions -",
      "/v1/models Bearer sk-local",
      "/health Bearer sk-local",
      "/v1/chat/completions Bearer sk-local",
      "/v1/chat/completions -",
    ]);
  });

  it("takes tokens/s exactly from llama.cpp's timings, and the counts from usage", async () => {
    const server = await fake({
      reply: () => ({ text: "one two three", timings: { predictedPerSecond: 264.56 }, usage: { prompt_tokens: 1085, completion_tokens: 247 } }),
    });

    const result = await worker(server).generate(request());

    expect(result.tokensPerSec).toBe(264.56);
    expect(result.tokens).toBe(247);
    expect(result.promptTokens).toBe(1085);
  });

  it("measures tokens/s itself without timings", async () => {
    const server = await fake({ reply: () => ({ text: "one two three four five", chunkDelayMs: 5 }) });

    const result = await worker(server).generate(request());

    expect(result.tokens).toBe(contentSent(server).length);
    expect(result.tokensPerSec).not.toBeNull();
    expect(result.tokensPerSec!).toBeGreaterThan(0);
  });

  it("falls back to llama.cpp's timings for the counts when there is no usage chunk", async () => {
    const server = await fake({ reply: () => ({ chunks: ["a", "b", "c"], usage: false, timings: { promptN: 100, cacheN: 20, predictedPerSecond: 50 } }) });

    const result = await worker(server).generate(request());

    expect(result).toMatchObject({ tokens: 3, promptTokens: 120, tokensPerSec: 50 });
  });

  it("counts content chunks when the server reports nothing", async () => {
    const server = await fake({ reply: () => ({ chunks: ["a", "b", "c", "d"], usage: false }) });

    const result = await worker(server).generate(request());

    expect(result).toMatchObject({ tokens: 4, promptTokens: null, text: "abcd" });
  });

  it("reports finish_reason length as the done reason", async () => {
    const server = await fake({ reply: () => ({ text: "cut off", finishReason: "length" }) });
    expect((await worker(server).generate(request())).doneReason).toBe("length");
  });

  it("keeps reasoning_content out of the answer", async () => {
    const server = await fake({ reply: () => ({ reasoning: ["Let me ", "think."], chunks: ["done"] }) });
    const tokens: string[] = [];

    const result = await worker(server).generate(request({ onToken: (t) => tokens.push(t) }));

    expect(tokens).toEqual(["done"]);
    expect(result.text).toBe("done");
  });

  it("ignores : ping comments and reads [DONE] without its blank line, or without any line end", async () => {
    for (const doneTerminator of ["\n", ""] as const) {
      const server = await fake({ reply: () => ({ text: "a b c", pings: true, doneTerminator }) });
      const result = await worker(server).generate(request());
      expect(result.text).toBe("a b c");
      expect(result.doneReason).toBe("stop");
    }
  });

  it("reads vLLM's usage chunk with choices null or missing", async () => {
    for (const usageChoices of ["null", "absent"] as const) {
      const server = await fake({ flavour: "vllm", reply: () => ({ text: "x y", usageChoices, usage: { prompt_tokens: 7, completion_tokens: 2 } }) });
      const result = await worker(server).generate(request());
      expect(result).toMatchObject({ text: "x y", tokens: 2, promptTokens: 7 });
    }
  });

  it("reports the model the server answered with (LM Studio's single loaded model)", async () => {
    const server = await fake({ flavour: "lmstudio", models: [{ id: "qwen2.5-coder-14b-instruct" }] });

    const result = await worker(server).generate(request({ model: "something-else" }));

    expect(result.model).toBe("qwen2.5-coder-14b-instruct");
  });

  it("passes an error thrown by onToken through untouched and hangs up", async () => {
    const server = await fake({ reply: () => ({ text: "one two three", failure: { kind: "stall", afterChunks: 2 } }) });
    const boom = new Error("sink full");

    await expect(worker(server).generate(request({ onToken: () => { throw boom; } }))).rejects.toBe(boom);
    await expect(server.chats[0]!.ended).resolves.toBe("client_aborted");
  });
});

describe("OpenAIWorker.preflight", () => {
  it("is unreachable (exit 3) with the server's URL when nothing listens", async () => {
    const url = await closedPortUrl();

    const err = await expectWorkerError(worker(url).preflight(MODEL), "worker_unreachable");

    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toBe(`cannot reach the OpenAI-compatible server at ${url} — is it running (LM Studio, llama-server, vLLM)?`);
  });

  it("names the endpoint when it has a name", async () => {
    const url = await closedPortUrl();
    const err = await expectWorkerError(worker(url, { name: "gpu-box" }).preflight(MODEL), "worker_unreachable");
    expect(err.message).toContain(`"gpu-box" at ${url}`);
  });

  it("is unreachable when the server accepts but never answers", async () => {
    const silent = await silentServerUrl();
    cleanups.push(silent.close);
    await expectWorkerError(worker(silent.url, { adminTimeoutMs: 200 }).preflight(MODEL), "worker_unreachable");
  });

  it("reads the trained context from llama.cpp's meta, and null elsewhere", async () => {
    const llama = await fake({ models: [{ id: MODEL, meta: { n_ctx_train: 32_768 } }] });
    await expect(worker(llama).preflight(MODEL)).resolves.toEqual({ contextLength: 32_768 });

    const vllm = await fake({ flavour: "vllm" });
    await expect(worker(vllm).preflight(MODEL)).resolves.toEqual({ contextLength: null });
  });

  it("fails with model_missing (exit 3) listing what the server has", async () => {
    const server = await fake({ flavour: "vllm", models: [{ id: "a" }, { id: "b" }] });

    const err = await expectWorkerError(worker(server).preflight("c"), "model_missing");

    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toBe(`model c is not available at ${server.url} — load it in the server (it lists: a, b)`);
  });

  it("says so when the server lists no models", async () => {
    const server = await fake({ models: [] });
    const err = await expectWorkerError(worker(server).preflight("c"), "model_missing");
    expect(err.message).toContain("it lists no models");
  });

  it("accepts any name when exactly one model is listed", async () => {
    const server = await fake({ flavour: "lmstudio", models: [{ id: "/models/qwen.gguf", meta: { n_ctx_train: 8192 } }] });
    await expect(worker(server).preflight("qwen")).resolves.toEqual({ contextLength: 8192 });
  });

  it.each(["llamacpp", "lmstudio", "vllm", "vllm-old", "ollama"] as OpenAIFlavour[])(
    "%s with one model: preflight accepts another name exactly when a draft with that name is answered",
    async (flavour) => {
      const server = await fake({ flavour, models: [{ id: "qwen-x" }] });
      const w = worker(server);
      const outcome = (p: Promise<unknown>) => p.then(() => "answered", (err: { code?: string }) => err.code ?? String(err));

      const preflight = await outcome(w.preflight("qwen2.5-coder:7b"));
      const draft = await outcome(w.generate(request({ model: "qwen2.5-coder:7b" })));

      expect(preflight).toBe(draft);
      // PROTOCOLS.md §3: llama.cpp and LM Studio answer with their one model; vLLM and Ollama refuse the name.
      expect(preflight).toBe(flavour === "llamacpp" || flavour === "lmstudio" ? "answered" : "model_missing");
    },
  );

  it("names what the server lists when it refuses the name asked for", async () => {
    const server = await fake({ flavour: "vllm", models: [{ id: "qwen-x" }] });
    const err = await expectWorkerError(worker(server).preflight("qwen2.5-coder:7b"), "model_missing");
    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toBe(`model qwen2.5-coder:7b is not available at ${server.url} — load it in the server (it lists: qwen-x)`);
    expect(server.chats).toHaveLength(0);
  });

  it("waits out a model that is still loading", async () => {
    const server = await fake({ loadingRequests: 2 });

    await expect(worker(server).preflight(MODEL)).resolves.toEqual({ contextLength: null });

    expect(server.requests.map((r) => r.path)).toEqual(["/v1/models", "/v1/models", "/v1/models", "/health"]);
  });

  it("asks /health when /v1/models answers during the load", async () => {
    const server = await fake({ loadingRequests: 2, modelsWhileLoading: true });

    await worker(server).preflight(MODEL);

    expect(server.requests.map((r) => r.path)).toEqual(["/v1/models", "/health", "/health", "/health"]);
  });

  it("gives up on a load that does not end, with a clear message (exit 3)", async () => {
    const server = await fake({ loadingRequests: 1000 });

    const err = await expectWorkerError(worker(server, { loadingRetries: 2 }).preflight(MODEL), "worker_unreachable");

    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toContain("still loading its model after 3 tries");
    expect(err.message).toContain("Loading model");
    expect(server.requests).toHaveLength(3);
  });

  it("takes LM Studio's 200 error object and Ollama's 404 for /health as ready", async () => {
    for (const flavour of ["lmstudio", "ollama"] as const) {
      const server = await fake({ flavour });
      await expect(worker(server).preflight(MODEL)).resolves.toEqual({ contextLength: null });
    }
  });

  it("explains a rejected or missing API key and names apiKeyEnv", async () => {
    const server = await fake({ apiKey: "right" });

    const wrong = await expectWorkerError(
      worker(server, { apiKey: "wrong", apiKeyEnv: "LLAMA_KEY" }).preflight(MODEL),
      "worker_unreachable",
    );
    expect(wrong.exitCode).toBe(EXIT.workerUnavailable);
    expect(wrong.message).toContain("rejected the API key (HTTP 401: Invalid API Key)");
    expect(wrong.message).toContain("$LLAMA_KEY");

    const none = await expectWorkerError(worker(server).preflight(MODEL), "worker_unreachable");
    expect(none.message).toContain("wants an API key");
    expect(none.message).toContain("worker.endpoints[].apiKeyEnv");

    await expect(worker(server, { apiKey: "right" }).preflight(MODEL)).resolves.toBeDefined();
  });

  it("says the URL is wrong when there is no /v1/models there", async () => {
    const server = await fake({ flavour: "ollama" });
    const err = await expectWorkerError(worker(`${server.url}/nope`).preflight(MODEL), "worker_unreachable");
    expect(err.message).toContain("HTTP 404: 404 page not found");
    expect(err.message).toContain("check the endpoint URL");
  });
});

describe("OpenAIWorker.generate, HTTP errors", () => {
  it("is unreachable (exit 3) when nothing listens", async () => {
    const url = await closedPortUrl();
    const err = await expectWorkerError(worker(url).generate(request()), "worker_unreachable");
    expect(err.message).toBe(`cannot reach the OpenAI-compatible server at ${url} — is it running (LM Studio, llama-server, vLLM)?`);
  });

  it.each(["llamacpp", "lmstudio", "vllm", "vllm-old", "ollama"] as OpenAIFlavour[])(
    "reports a %s 500 with the server's own text (exit 1)",
    async (flavour) => {
      const server = await fake({
        flavour,
        reply: () => ({ failure: { kind: "http", status: 500, message: "llama runner process has terminated" } }),
      });

      const err = await expectWorkerError(worker(server).generate(request()), "worker_error");

      expect(err.exitCode).toBe(EXIT.ticketFailed);
      expect(err.message).toBe(`the OpenAI-compatible server at ${server.url} answered HTTP 500: llama runner process has terminated`);
    },
  );

  it.each(["llamacpp", "vllm", "vllm-old", "ollama"] as OpenAIFlavour[])(
    "turns a %s 404 for the model into model_missing (exit 3) with the server's text",
    async (flavour) => {
      const server = await fake({ flavour, models: [{ id: "a" }, { id: "b" }] });

      const err = await expectWorkerError(worker(server).generate(request({ model: "ghost" })), "model_missing");

      expect(err.exitCode).toBe(EXIT.workerUnavailable);
      expect(err.message).toMatch(/^model ghost is not available at .* — load it in the server \(it said: .*ghost.*\)$/);
    },
  );

  it("recognises LM Studio's model_not_found code whatever the status", async () => {
    const server = await fake({
      flavour: "lmstudio",
      reply: () => ({ failure: { kind: "http", status: 400, message: 'Model "x" not found', param: "model", code: "model_not_found" } }),
    });
    const err = await expectWorkerError(worker(server).generate(request()), "model_missing");
    expect(err.message).toContain('Model "x" not found');
  });

  it("suggests a smaller ticket or a bigger context for llama.cpp's exceed_context_size_error", async () => {
    const server = await fake({
      reply: () => ({
        failure: { kind: "http", status: 400, type: "exceed_context_size_error", message: "the request exceeds the available context size, try increasing it" },
      }),
    });

    const err = await expectWorkerError(worker(server).generate(request()), "worker_error");

    expect(err.exitCode).toBe(EXIT.ticketFailed);
    expect(err.message).toContain("the request exceeds the available context size");
    expect(err.message).toContain("smaller");
    expect(err.message).toContain("bigger context");
  });

  it("recognises vLLM's context error from its words", async () => {
    const server = await fake({
      flavour: "vllm-old",
      reply: () => ({
        failure: { kind: "http", status: 400, message: "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens." },
      }),
    });
    const err = await expectWorkerError(worker(server).generate(request()), "worker_error");
    expect(err.message).toContain("maximum context length is 32768");
    expect(err.message).toContain("--max-model-len");
  });

  it("explains a 401 in the vLLM form ({\"error\":\"Unauthorized\"}) and names the variable", async () => {
    const server = await fake({ flavour: "vllm", apiKey: "right" });
    const err = await expectWorkerError(worker(server, { apiKey: "wrong", apiKeyEnv: "VLLM_KEY" }).generate(request()), "worker_unreachable");
    expect(err.message).toContain("HTTP 401: Unauthorized");
    expect(err.message).toContain("$VLLM_KEY");
  });

  it("retries a 503 while the model loads, then answers", async () => {
    const server = await fake({ loadingRequests: 2 });

    const result = await worker(server).generate(request());

    expect(result.text.length).toBeGreaterThan(0);
    expect(server.chats.map((c) => c.outcome)).toEqual(["http_error", "http_error", "completed"]);
  });

  it("gives up on a 503 that does not go away (exit 3)", async () => {
    const server = await fake({ loadingRequests: 1000 });

    const err = await expectWorkerError(worker(server, { loadingRetries: 1 }).generate(request()), "worker_unreachable");

    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toContain("HTTP 503: Loading model");
    expect(server.chats).toHaveLength(2);
  });

  it("reports a connection dropped before any chunk as a worker error, not as unreachable", async () => {
    const server = await fake({ reply: () => ({ failure: { kind: "drop", afterChunks: 0 } }) });
    const err = await expectWorkerError(worker(server).generate(request()), "worker_error");
    expect(err.message).toContain("dropped before the answer began");
  });
});

describe("OpenAIWorker.generate, failures mid-stream", () => {
  it("reports data: {\"error\":…} with the server's text (exit 1)", async () => {
    const server = await fake({ reply: () => ({ text: "one two three four", failure: { kind: "errorEvent", afterChunks: 2, message: "CUDA error: out of memory" } }) });
    const tokens: string[] = [];

    const err = await expectWorkerError(worker(server).generate(request({ onToken: (t) => tokens.push(t) })), "worker_error");

    expect(err.exitCode).toBe(EXIT.ticketFailed);
    expect(err.message).toBe(`the OpenAI-compatible server at ${server.url} reported an error mid-answer: CUDA error: out of memory`);
    expect(tokens).toEqual(["one", " two"]);
  });

  it("reports old vLLM's {\"object\":\"error\"} event mid-stream", async () => {
    const server = await fake({ flavour: "vllm-old", reply: () => ({ text: "a b", failure: { kind: "errorEvent", afterChunks: 1, message: "engine dead" } }) });
    const err = await expectWorkerError(worker(server).generate(request()), "worker_error");
    expect(err.message).toContain("mid-answer: engine dead");
  });

  it("reports old llama.cpp's bare error: line instead of taking the [DONE] after it as success", async () => {
    const server = await fake({ reply: () => ({ text: "one two three", failure: { kind: "errorLine", afterChunks: 1, message: "slot unavailable" } }) });
    const tokens: string[] = [];

    const err = await expectWorkerError(worker(server).generate(request({ onToken: (t) => tokens.push(t) })), "worker_error");

    expect(err.message).toContain("mid-answer: slot unavailable");
    expect(tokens).toEqual(["one"]);
  });

  it("reports a dropped connection after some tokens", async () => {
    const server = await fake({ reply: () => ({ text: "one two three four", failure: { kind: "drop", afterChunks: 2 } }) });
    const err = await expectWorkerError(worker(server).generate(request()), "worker_error");
    // "began" or "was complete": the drop can overtake the status line on its way through the client.
    expect(err.message).toContain(`the connection to the OpenAI-compatible server at ${server.url} dropped before the answer`);
  });
});

describe("OpenAIWorker.generate, stalls", () => {
  it("gives up on a server that goes quiet mid-answer, names the setting, and hangs up", async () => {
    const server = await fake({ reply: () => ({ text: "one two three four", failure: { kind: "stall", afterChunks: 2 } }) });

    const err = await expectWorkerError(worker(server).generate(request({ stallTimeoutMs: 200 })), "worker_stalled");

    expect(err.exitCode).toBe(EXIT.ticketFailed);
    expect(err.message).toContain("0.2s");
    expect(err.message).toContain("worker.stallTimeoutMs");
    expect(err.message).toContain(server.url);
    await expect(server.chats[0]!.ended).resolves.toBe("client_aborted");
  });

  it("gives up when no first token comes and names the first-token setting", async () => {
    const server = await fake({ reply: () => ({ failure: { kind: "stall", afterChunks: 0 } }) });

    const err = await expectWorkerError(
      worker(server).generate(request({ firstTokenTimeoutMs: 200, stallTimeoutMs: 60_000 })),
      "worker_stalled",
    );

    expect(err.message).toContain("worker.firstTokenTimeoutMs");
    expect(err.message).not.toContain("worker.stallTimeoutMs");
    await expect(server.chats[0]!.ended).resolves.toBe("client_aborted");
    expect(server.chats[0]!.sent).toEqual([]);
  });
});

describe("OpenAIWorker.generate, cancelled by the caller", () => {
  it("cancels at the server before any response headers", async () => {
    const server = await fake({ reply: () => ({ failure: { kind: "stall", afterChunks: 0 } }) });
    const controller = new AbortController();

    const pending = worker(server).generate(request({ signal: controller.signal }));
    const chat = await server.waitForChat(0);
    controller.abort();

    const err = await expectWorkerError(pending, "worker_aborted");
    expect(err.exitCode).toBe(EXIT.ticketFailed);
    await expect(chat.ended).resolves.toBe("client_aborted");
    expect(chat.clientAborted).toBe(true);
  });

  it("cancels at the server mid-answer", async () => {
    const server = await fake({ reply: () => ({ text: "one two three four", failure: { kind: "stall", afterChunks: 1 } }) });
    const controller = new AbortController();
    const tokens: string[] = [];

    const err = await expectWorkerError(
      worker(server).generate(
        request({
          signal: controller.signal,
          onToken: (t) => {
            tokens.push(t);
            controller.abort();
          },
        }),
      ),
      "worker_aborted",
    );

    expect(err.message).toContain(server.url);
    expect(tokens).toEqual(["one"]);
    await expect(server.chats[0]!.ended).resolves.toBe("client_aborted");
  });

  it("sends nothing when the signal is already aborted", async () => {
    const server = await fake();
    await expectWorkerError(worker(server).generate(request({ signal: AbortSignal.abort() })), "worker_aborted");
    expect(server.requests).toEqual([]);
  });
});
