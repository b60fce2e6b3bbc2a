import Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_ANTHROPIC_TEXT,
  replySequence,
  startFakeAnthropic,
  type FakeAnthropic,
  type FakeAnthropicOptions,
} from "./fakeAnthropic.js";

/**
 * The fake is only worth having if the real SDK reads it as it reads the real
 * API: these drive `@anthropic-ai/sdk` itself (streaming helper, error classes,
 * retries) against it, plus one raw read of the SSE framing.
 */

const MODEL = "claude-sonnet-5";
const started: FakeAnthropic[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
});

async function fake(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const server = await startFakeAnthropic(options);
  started.push(server);
  return server;
}

function client(server: FakeAnthropic, maxRetries = 0): Anthropic {
  return new Anthropic({ apiKey: "test-key", baseURL: server.url, maxRetries });
}

const ask = { model: MODEL, max_tokens: 1024, messages: [{ role: "user" as const, content: "Plan the refactor" }] };

const planTool = {
  name: "emit_plan",
  description: "Return the plan",
  input_schema: {
    type: "object" as const,
    properties: { steps: { type: "array", items: { type: "string" } } },
    required: ["steps"],
  },
};

/**
 * The key as the server received it. PROTOCOLS.md §4 (read at SDK 0.120) says
 * `x-api-key`; the installed 1.12 sends `apiKey` as `Authorization: Bearer`.
 * The real API takes both, and so does the fake.
 */
function sentKey(headers: Record<string, string>): string | undefined {
  return headers["x-api-key"] ?? /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1];
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error("expected the call to fail, but it succeeded");
    },
    (err: unknown) => err,
  );
}

describe("fake Anthropic through the real SDK", () => {
  it("streams text that finalText and finalMessage put back together, with usage", async () => {
    const server = await fake({ reply: () => ({ text: "Step one, then step two.", usage: { input_tokens: 42, output_tokens: 7 } }) });
    const texts: string[] = [];

    const stream = client(server).messages.stream(ask);
    stream.on("text", (delta) => texts.push(delta));
    const message = await stream.finalMessage();

    expect(await stream.finalText()).toBe("Step one, then step two.");
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join("")).toBe("Step one, then step two.");
    expect(message).toMatchObject({ role: "assistant", model: MODEL, stop_reason: "end_turn", usage: { input_tokens: 42, output_tokens: 7 } });
    expect(message.id).toMatch(/^msg_/);
  });

  it("answers with a default text and rough usage when nothing is scripted", async () => {
    const server = await fake();

    const message = await client(server).messages.stream(ask).finalMessage();

    expect(message.content).toEqual([{ type: "text", text: DEFAULT_ANTHROPIC_TEXT }]);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(1);
  });

  it("streams a forced tool call whose input arrives as JSON fragments", async () => {
    const input = { steps: ["rename foo → bar", "update the tests", "run \"npm test\""] };
    const server = await fake({ reply: () => ({ toolUse: { name: "emit_plan", input } }) });
    const fragments: string[] = [];

    const stream = client(server).messages.stream({ ...ask, tools: [planTool], tool_choice: { type: "tool", name: "emit_plan" } });
    stream.on("inputJson", (partial) => fragments.push(partial));
    const message = await stream.finalMessage();

    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toHaveLength(1);
    const block = message.content[0]!;
    expect(block.type).toBe("tool_use");
    if (block.type !== "tool_use") return;
    expect(block.id).toMatch(/^toolu_/);
    expect(block.name).toBe("emit_plan");
    expect(block.input).toEqual(input);
    expect(fragments[0]).toBe("");
    expect(fragments.length).toBeGreaterThan(3);
    expect(fragments.join("")).toBe(JSON.stringify(input));

    const recorded = server.requests[0]!;
    expect(recorded).toMatchObject({ method: "POST", path: "/v1/messages" });
    expect(sentKey(recorded.headers)).toBe("test-key");
    expect(recorded.headers["anthropic-version"]).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(recorded.body).toMatchObject({ stream: true, tools: [planTool], tool_choice: { type: "tool", name: "emit_plan" } });
  });

  it("puts a text block before the tool call when asked", async () => {
    const server = await fake({ reply: () => ({ toolUse: { name: "emit_plan", input: { steps: [] }, textBefore: "Here is the plan." } }) });

    const message = await client(server).messages.stream({ ...ask, tools: [planTool] }).finalMessage();

    expect(message.content.map((b) => b.type)).toEqual(["text", "tool_use"]);
    expect(message.content[0]).toEqual({ type: "text", text: "Here is the plan." });
  });

  it("answers a non-streaming request with the whole message as JSON", async () => {
    const server = await fake({ reply: () => ({ text: "Done.", stopReason: "max_tokens" }) });

    const message = await client(server).messages.create(ask);

    expect(message).toMatchObject({ type: "message", stop_reason: "max_tokens", content: [{ type: "text", text: "Done." }] });
  });

  it("counts tokens without touching the reply script", async () => {
    const server = await fake({ reply: ({ index }) => ({ text: `answer ${index}` }) });

    const counted = await client(server).messages.countTokens({ model: MODEL, messages: ask.messages });
    const message = await client(server).messages.create(ask);

    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(message.content).toEqual([{ type: "text", text: "answer 0" }]);
    expect(server.requests.map((r) => r.path)).toEqual(["/v1/messages/count_tokens", "/v1/messages"]);
  });
});

describe("fake Anthropic failures through the real SDK", () => {
  it("rejects a bad key with AuthenticationError and no retry", async () => {
    const server = await fake({ reply: () => ({ error: { status: 401, type: "authentication_error", message: "invalid x-api-key" } }) });

    const err = await rejection(client(server, 2).messages.stream(ask).finalMessage());

    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((err as InstanceType<typeof Anthropic.AuthenticationError>).status).toBe(401);
    expect((err as InstanceType<typeof Anthropic.AuthenticationError>).requestID).toMatch(/^req_/);
    expect(server.requests).toHaveLength(1);
  });

  it("lets the SDK retry a 429 with retry-after and succeed", async () => {
    const server = await fake({
      reply: replySequence(
        { error: { status: 429, type: "rate_limit_error", message: "Rate limited", headers: { "retry-after": "0" } } },
        { text: "After the wait." },
      ),
    });

    expect(await client(server, 2).messages.stream(ask).finalText()).toBe("After the wait.");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers["x-stainless-retry-count"]).toBe("1");
  });

  it("gives up on 529 overloaded with InternalServerError after maxRetries + 1 requests", async () => {
    const server = await fake({
      reply: () => ({ error: { status: 529, type: "overloaded_error", message: "Overloaded", headers: { "retry-after": "0" } } }),
    });

    const err = await rejection(client(server, 1).messages.stream(ask).finalMessage());

    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    expect((err as InstanceType<typeof Anthropic.InternalServerError>).status).toBe(529);
    expect((err as InstanceType<typeof Anthropic.InternalServerError>).type).toBe("overloaded_error");
    expect(server.requests).toHaveLength(2);
  });

  it("surfaces a mid-stream error event as an APIError that is not retried", async () => {
    const server = await fake({
      reply: () => ({ text: "one two three four", midStreamError: { afterDeltas: 2, type: "overloaded_error", message: "Overloaded" } }),
    });
    const texts: string[] = [];

    const stream = client(server, 2).messages.stream(ask);
    stream.on("text", (delta) => texts.push(delta));
    const err = await rejection(stream.finalMessage());

    expect(err).toBeInstanceOf(Anthropic.APIError);
    const apiError = err as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBeUndefined();
    expect(apiError.type).toBe("overloaded_error");
    expect(apiError.error).toMatchObject({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    expect(texts).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
  });

  it("makes the stream reject when the connection drops mid-answer", async () => {
    const server = await fake({ reply: () => ({ text: "one two three four", drop: { afterDeltas: 1 } }) });
    const texts: string[] = [];

    const stream = client(server, 2).messages.stream(ask);
    stream.on("text", (delta) => texts.push(delta));
    const err = await rejection(stream.finalMessage());

    // Once the status line is in, a cut body is a plain AnthropicError (undici's "terminated"), never retried.
    expect(err).toBeInstanceOf(Anthropic.AnthropicError);
    expect(err).not.toBeInstanceOf(Anthropic.APIError);
    expect(texts).toEqual(["one"]);
    expect(server.requests).toHaveLength(1);
  });

  it("refuses a request without max_tokens as the real API does", async () => {
    const server = await fake();
    const { max_tokens: _dropped, ...withoutMax } = ask;

    const err = await rejection(client(server).messages.create(withoutMax as typeof ask));

    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as InstanceType<typeof Anthropic.BadRequestError>).type).toBe("invalid_request_error");
  });
});

describe("fake Anthropic framing", () => {
  it("streams the SSE events in the order of the SDK's own fixture", async () => {
    const server = await fake({ reply: () => ({ text: "Hello there", usage: { input_tokens: 11, output_tokens: 6 } }) });

    const res = await fetch(`${server.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "test-key", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ ...ask, stream: true }),
    });
    const raw = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    const frames = raw.trimEnd().split("\n\n").map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split("\n");
      expect(rest).toEqual([]);
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      const data = JSON.parse(dataLine!.slice("data: ".length)) as Record<string, unknown>;
      expect(data.type).toBe(eventLine!.slice("event: ".length));
      return data;
    });
    const types = frames.map((f) => f.type);
    expect(types.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    expect(types.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(new Set(types.slice(3, -3))).toEqual(new Set(["content_block_delta"]));
    expect(frames[0]).toMatchObject({ message: { content: [], stop_reason: null, usage: { input_tokens: 11, output_tokens: 1 } } });
    expect(frames.at(-2)).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 6 },
    });
  });

  it("answers an unknown route with a not_found_error body", async () => {
    const server = await fake();

    const res = await fetch(`${server.url}/v1/complete`, { method: "POST", body: "{}" });

    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "not_found_error" }, request_id: expect.stringMatching(/^req_/) });
  });
});
