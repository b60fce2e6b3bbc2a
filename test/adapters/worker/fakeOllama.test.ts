import { request as httpRequest, type IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { tokenLike } from "../../servers/fakeOllama.js";
import { MODEL, closeFakes, fakeOllama } from "./workerTestKit.js";

/**
 * The fake is only useful if it frames answers like real Ollama; these read
 * its raw bytes, without the ollama client smoothing anything over.
 */

afterEach(closeFakes);

interface RawResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

function rawRequest(url: string, method: string, path: string, body?: unknown): { response: Promise<IncomingMessage>; abort(): void } {
  const req = httpRequest(`${url}${path}`, { method, headers: { "Content-Type": "application/json" } });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on("response", resolve);
    req.on("error", reject);
  });
  req.end(body === undefined ? undefined : JSON.stringify(body));
  return { response, abort: () => req.destroy() };
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  const res = await rawRequest(url, method, path, body).response;
  let text = "";
  for await (const part of res) text += String(part);
  return { status: res.statusCode ?? 0, contentType: res.headers["content-type"], body: text };
}

const chatBody = { model: MODEL, stream: true, messages: [{ role: "user", content: "hi" }] };
const RFC3339_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const RFC3339_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?[+-]\d\d:\d\d$/;

describe("fake Ollama framing", () => {
  it("streams NDJSON: one object a line, no blank lines, metrics only on the final chunk", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: "Hello world" }) });

    const res = await call(fake.url, "POST", "/api/chat", chatBody);

    expect(res.status).toBe(200);
    expect(res.contentType).toBe("application/x-ndjson");
    expect(res.body.endsWith("\n")).toBe(true);
    const lines = res.body.slice(0, -1).split("\n");
    expect(lines.every((line) => line.trim() !== "")).toBe(true);
    const chunks = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const final = chunks.at(-1)!;
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk).toMatchObject({ model: MODEL, done: false, message: { role: "assistant" } });
      expect(chunk).not.toHaveProperty("eval_count");
      expect(chunk.created_at).toMatch(RFC3339_UTC);
    }
    expect(final).toMatchObject({ done: true, done_reason: "stop", message: { role: "assistant", content: "" } });
    for (const key of ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"]) {
      expect(Number.isInteger(final[key]), key).toBe(true);
    }
  });

  it("holds back the status line until the first chunk is ready", async () => {
    const fake = await fakeOllama({ reply: () => ({ failure: { kind: "stall", afterChunks: 0 } }) });
    const pending = rawRequest(fake.url, "POST", "/api/chat", chatBody);
    let headersArrived = false;
    void pending.response.then(() => (headersArrived = true), () => {});

    const chat = await fake.waitForChat(0);
    // Once the stall has begun nothing more is written: whatever went out before it is all there is.
    await chat.stalled;
    expect(chat.headersSent()).toBe(false);
    expect(headersArrived).toBe(false);
    expect(fake.chats[0]!.outcome).toBeNull();

    pending.abort();
    await expect(chat.ended).resolves.toBe("client_aborted");
  });

  it("answers an HTTP failure as JSON with the real status", async () => {
    const fake = await fakeOllama({ reply: () => ({ failure: { kind: "http", status: 503, error: "server busy" } }) });

    const res = await call(fake.url, "POST", "/api/chat", chatBody);

    expect(res.status).toBe(503);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ error: "server busy" });
  });

  it("ends a mid-stream error with an {error} line and no done chunk", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: "a b c", failure: { kind: "errorLine", afterChunks: 1, error: "boom" } }) });

    const res = await call(fake.url, "POST", "/api/chat", chatBody);

    const lines = res.body.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(res.status).toBe(200);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({ error: "boom" });
  });

  it("answers the liveness, version, show and ps endpoints like Ollama", async () => {
    const fake = await fakeOllama({ models: [{ name: MODEL, contextLength: 65_536, family: "qwen2" }] });

    expect(await call(fake.url, "GET", "/")).toMatchObject({ status: 200, body: "Ollama is running" });
    expect(JSON.parse((await call(fake.url, "GET", "/api/version")).body)).toEqual({ version: "0.33.0" });

    const show = JSON.parse((await call(fake.url, "POST", "/api/show", { model: MODEL })).body);
    expect(show.model_info["qwen2.context_length"]).toBe(65_536);
    const missing = await call(fake.url, "POST", "/api/show", { model: "ghost" });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: "model 'ghost' not found" });

    expect(JSON.parse((await call(fake.url, "GET", "/api/ps")).body)).toEqual({ models: [] });
    await call(fake.url, "POST", "/api/chat", { ...chatBody, options: { num_ctx: 2048 } });
    const [running] = JSON.parse((await call(fake.url, "GET", "/api/ps")).body).models;
    expect(running).toMatchObject({ name: MODEL, context_length: 2048 });
    expect(running.expires_at).toMatch(RFC3339_OFFSET);
  });

  it("answers an unknown model's chat with 404 before streaming anything", async () => {
    const fake = await fakeOllama();

    const res = await call(fake.url, "POST", "/api/chat", { ...chatBody, model: "ghost" });

    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ error: "model 'ghost' not found" });
  });
});

describe("tokenLike", () => {
  it("cuts text into small pieces that join back to the exact text", () => {
    const text = "  export const naïveValue = 42;   // 🚀🚀 done\n\n\tnext line  ";
    const pieces = tokenLike(text);

    expect(pieces.join("")).toBe(text);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.every((p) => p.trim().length <= 4)).toBe(true);
    expect(pieces).toContain("🚀");
  });
});
