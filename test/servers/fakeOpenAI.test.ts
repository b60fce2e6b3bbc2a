import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_OPENAI_MODEL,
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type OpenAIFlavour,
} from "./fakeOpenAI.js";

/**
 * The fake is only useful if it frames answers like the real servers
 * (PROTOCOLS.md §3); these read its raw bytes with plain fetch, no SSE parser
 * smoothing anything over.
 */

const started: FakeOpenAI[] = [];
async function fake(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const server = await startFakeOpenAI(options);
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: DEFAULT_OPENAI_MODEL,
  messages: [{ role: "user", content: "hi" }],
  stream: true,
  stream_options: { include_usage: true },
  ...extra,
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get("content-type"), body: await res.text() };
}

async function get(url: string, path: string) {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: await res.text() };
}

/** The `data:` payloads of a well-framed body, [DONE] excluded. */
function dataEvents(body: string): Record<string, unknown>[] {
  return body
    .split("\n\n")
    .filter((block) => block.startsWith("data: ") && block !== "data: [DONE]")
    .map((block) => JSON.parse(block.slice("data: ".length)) as Record<string, unknown>);
}

type Choice = { index: number; delta: Record<string, unknown>; finish_reason: string | null };
const choicesOf = (chunk: Record<string, unknown>): Choice[] => chunk.choices as Choice[];

describe("fake OpenAI-compatible server: stream framing", () => {
  it("streams data: events, role first with content:null, a finish chunk, the usage chunk, then [DONE]", async () => {
    const server = await fake({ reply: () => ({ text: "Hello world" }) });

    const res = await post(server.url, chatBody());

    expect(res.status).toBe(200);
    expect(res.contentType).toBe("text/event-stream");
    expect(res.body.endsWith("data: [DONE]\n\n")).toBe(true);
    const blocks = res.body.slice(0, -2).split("\n\n");
    expect(blocks.every((b) => /^data: /.test(b) && !b.slice(6).includes("\n"))).toBe(true);

    const events = dataEvents(res.body);
    for (const event of events) {
      expect(event).toMatchObject({ object: "chat.completion.chunk", model: DEFAULT_OPENAI_MODEL, id: events[0]!.id, created: events[0]!.created });
    }
    expect(choicesOf(events[0]!)[0]).toEqual({ index: 0, delta: { role: "assistant", content: null }, logprobs: null, finish_reason: null });
    const usageChunk = events.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: events.length - 3 });
    const finish = events.at(-2)!;
    expect(choicesOf(finish)[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    const middle = events.slice(1, -2);
    expect(middle.map((e) => choicesOf(e)[0]!.delta.content).join("")).toBe("Hello world");
    expect(events.slice(0, -1).every((e) => e.usage === null)).toBe(true);
  });

  it("leaves the usage chunk out unless include_usage was asked for, or when scripted away", async () => {
    const server = await fake();

    const plain = dataEvents((await post(server.url, chatBody({ stream_options: undefined }))).body);
    expect(plain.every((e) => Array.isArray(e.choices) && (e.choices as unknown[]).length === 1)).toBe(true);

    const server2 = await fake({ reply: () => ({ usage: false }) });
    const scripted = dataEvents((await post(server2.url, chatBody())).body);
    expect(scripted.some((e) => e.usage !== null)).toBe(false);
  });

  it("writes vLLM's usage chunk with choices null or without the key", async () => {
    const nulled = await fake({ flavour: "vllm", reply: () => ({ usageChoices: "null" }) });
    expect(dataEvents((await post(nulled.url, chatBody())).body).at(-1)).toMatchObject({ choices: null, usage: { total_tokens: expect.any(Number) } });

    const absent = await fake({ flavour: "vllm", reply: () => ({ usageChoices: "absent" }) });
    const last = dataEvents((await post(absent.url, chatBody())).body).at(-1)!;
    expect(last).not.toHaveProperty("choices");
    expect(last.usage).not.toBeNull();
  });

  it("opens with content:\"\" next to the role outside llama.cpp", async () => {
    const server = await fake({ flavour: "vllm" });
    const [first] = dataEvents((await post(server.url, chatBody())).body);
    expect(choicesOf(first!)[0]!.delta).toEqual({ role: "assistant", content: "" });
  });

  it("adds llama.cpp timings to the finish and usage chunks", async () => {
    const server = await fake({ reply: () => ({ text: "a b c", timings: { predictedPerSecond: 264.56, promptN: 1085, cacheN: 3 } }) });

    const events = dataEvents((await post(server.url, chatBody())).body);

    const [finish, usage] = events.slice(-2);
    for (const chunk of [finish!, usage!]) {
      expect(chunk.timings).toMatchObject({ prompt_n: 1085, cache_n: 3, predicted_per_second: 264.56, predicted_n: 3 });
    }
    expect(events.slice(0, -2).some((e) => "timings" in e)).toBe(false);
  });

  it("sends reasoning_content deltas before the answer", async () => {
    const server = await fake({ reply: () => ({ reasoning: ["think", "ing"], chunks: ["ok"] }) });
    const deltas = dataEvents((await post(server.url, chatBody())).body).map((e) => choicesOf(e)[0]?.delta);
    expect(deltas.slice(1, 4)).toEqual([{ reasoning_content: "think" }, { reasoning_content: "ing" }, { content: "ok" }]);
  });

  it("puts : ping comments between chunks and can end [DONE] without the blank line", async () => {
    const server = await fake({ reply: () => ({ chunks: ["a", "b"], pings: true, doneTerminator: "\n" }) });

    const res = await post(server.url, chatBody());

    expect(res.body.split("\n\n").filter((b) => b === ": ping").length).toBeGreaterThanOrEqual(3);
    expect(res.body.startsWith("data: ")).toBe(true);
    expect(res.body.endsWith("\n\ndata: [DONE]\n")).toBe(true);
  });

  it("records the request's body and headers", async () => {
    const server = await fake();
    await post(server.url, chatBody({ max_tokens: 99 }), { Authorization: "Bearer k" });

    const [chat] = server.chats;
    expect(chat!.request.body).toMatchObject({ max_tokens: 99, stream: true });
    expect(chat!.request.headers.authorization).toBe("Bearer k");
    expect(chat!.outcome).toBe("completed");
  });

  it("holds back the status line until the first chunk and notices the client hanging up", async () => {
    const server = await fake({ reply: () => ({ failure: { kind: "stall", afterChunks: 0 } }) });
    const controller = new AbortController();
    let headersArrived = false;
    const pending = fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify(chatBody()),
      signal: controller.signal,
    }).then(() => (headersArrived = true));
    pending.catch(() => {});

    const chat = await server.waitForChat(0);
    // Once the stall has begun nothing more is written: whatever went out before it is all there is.
    await chat.stalled;
    expect(chat.headersSent()).toBe(false);
    expect(headersArrived).toBe(false);

    controller.abort();
    await expect(chat.ended).resolves.toBe("client_aborted");
    expect(chat.clientAborted).toBe(true);
  });
});

describe("fake OpenAI-compatible server: errors", () => {
  const cases: [OpenAIFlavour, unknown][] = [
    ["llamacpp", { error: { code: 400, message: "boom", type: "exceed_context_size_error" } }],
    ["lmstudio", { error: { message: "boom", type: "exceed_context_size_error", param: null, code: null } }],
    ["vllm", { error: { message: "boom", type: "exceed_context_size_error", param: null, code: 400 } }],
    ["vllm-old", { object: "error", message: "boom", type: "exceed_context_size_error", param: null, code: 400 }],
    ["ollama", { error: { message: "boom", type: "exceed_context_size_error", param: null, code: null } }],
  ];
  it.each(cases)("answers a scripted HTTP error in the %s shape", async (flavour, expected) => {
    const server = await fake({
      flavour,
      reply: () => ({ failure: { kind: "http", status: 400, message: "boom", type: "exceed_context_size_error" } }),
    });

    const res = await post(server.url, chatBody());

    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual(expected);
    expect(server.chats[0]!.outcome).toBe("http_error");
  });

  it("sends a mid-stream error as data: {\"error\":…} and ends without [DONE]", async () => {
    const server = await fake({ reply: () => ({ text: "a b c", failure: { kind: "errorEvent", afterChunks: 1, message: "CUDA out of memory" } }) });

    const res = await post(server.url, chatBody());

    expect(res.status).toBe(200);
    expect(res.body).not.toContain("[DONE]");
    expect(dataEvents(res.body).at(-1)).toEqual({ error: { code: 500, message: "CUDA out of memory", type: "server_error" } });
  });

  it("sends old llama.cpp's bare error: line, then data: [DONE]", async () => {
    const server = await fake({ reply: () => ({ text: "a b c", failure: { kind: "errorLine", afterChunks: 2, message: "slot died" } }) });

    const res = await post(server.url, chatBody());

    const blocks = res.body.split("\n\n");
    expect(blocks.slice(-3)).toEqual(['error: {"code":500,"message":"slot died","type":"server_error"}', "data: [DONE]", ""]);
    expect(server.chats[0]!.outcome).toBe("error_line");
  });

  it("drops the socket mid-answer", async () => {
    const server = await fake({ reply: () => ({ text: "a b c", failure: { kind: "drop", afterChunks: 1 } }) });
    await expect(post(server.url, chatBody())).rejects.toThrow();
    expect(server.chats[0]!.outcome).toBe("dropped");
  });

  it("refuses a model it does not have, in each server's words", async () => {
    const two = [{ id: "a" }, { id: "b" }];
    const llama = await fake({ models: two });
    expect(JSON.parse((await post(llama.url, chatBody({ model: "x" }))).body)).toEqual({ error: { code: 404, message: "model 'x' not found", type: "not_found_error" } });

    const lms = await fake({ flavour: "lmstudio", models: two });
    const lmsRes = await post(lms.url, chatBody({ model: "x" }));
    expect(lmsRes.status).toBe(404);
    expect(JSON.parse(lmsRes.body)).toMatchObject({ error: { code: "model_not_found", param: "model" } });

    const vllm = await fake({ flavour: "vllm" });
    expect(JSON.parse((await post(vllm.url, chatBody({ model: "x" }))).body)).toEqual({
      error: { message: "The model `x` does not exist.", type: "NotFoundError", param: null, code: 404 },
    });
  });

  it("answers any name with its only model where LM Studio and llama.cpp do", async () => {
    const server = await fake({ flavour: "lmstudio" });
    const res = await post(server.url, chatBody({ model: "whatever" }));
    expect(res.status).toBe(200);
    expect(dataEvents(res.body)[0]!.model).toBe(DEFAULT_OPENAI_MODEL);
  });

  it("wants the API key it was given, except on /health", async () => {
    const server = await fake({ apiKey: "sekrit" });
    const refused = await post(server.url, chatBody());
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 401, message: "Invalid API Key", type: "authentication_error" } });
    expect((await post(server.url, chatBody(), { Authorization: "Bearer sekrit" })).status).toBe(200);
    expect((await get(server.url, "/health")).status).toBe(200);
  });
});

describe("fake OpenAI-compatible server: models and health", () => {
  it("lists its models, with llama.cpp's meta when given", async () => {
    const server = await fake({ models: [{ id: "/models/qwen.gguf", meta: { n_ctx_train: 32_768, n_params: 14_000_000_000 } }] });

    const res = await get(server.url, "/v1/models");

    expect(JSON.parse(res.body)).toEqual({
      object: "list",
      data: [{ id: "/models/qwen.gguf", object: "model", created: expect.any(Number), owned_by: "llamacpp", meta: { n_ctx_train: 32_768, n_params: 14_000_000_000 } }],
    });
  });

  it("says 503 Loading model for the scripted number of requests, then is ready", async () => {
    const server = await fake({ loadingRequests: 2 });

    const first = await get(server.url, "/health");
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toEqual({ error: { code: 503, message: "Loading model", type: "unavailable_error" } });
    expect((await get(server.url, "/v1/models")).status).toBe(503);
    expect(await get(server.url, "/health")).toEqual({ status: 200, body: '{"status":"ok"}' });
  });

  it("can answer /v1/models while still loading, as newer llama.cpp does", async () => {
    const server = await fake({ loadingRequests: 1, modelsWhileLoading: true });
    expect((await get(server.url, "/v1/models")).status).toBe(200);
    expect((await get(server.url, "/health")).status).toBe(503);
    expect((await post(server.url, chatBody())).status).toBe(200);
  });
});
