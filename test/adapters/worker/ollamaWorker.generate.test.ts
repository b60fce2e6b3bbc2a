import { afterEach, describe, expect, it } from "vitest";
import { createOllamaWorker } from "../../../src/adapters/worker/ollamaWorker.js";
import { MODEL, closeFakes, fakeOllama, request } from "./workerTestKit.js";

afterEach(closeFakes);

const contentOf = (chunk: Record<string, unknown>): string =>
  ((chunk.message as { content?: string } | undefined)?.content ?? "") as string;

describe("OllamaWorker.generate, a normal answer", () => {
  it("hands every token to onToken in order and returns the whole text", async () => {
    const answer = "export function bar(x: number) {\n  return x * 2; // 🚀 done\n}\n";
    const fake = await fakeOllama({ reply: () => ({ text: answer }) });
    const worker = createOllamaWorker({ host: fake.url });
    const tokens: string[] = [];

    const result = await worker.generate(request({ onToken: (t) => tokens.push(t) }));

    const sentContent = fake.chats[0]!.sent.map(contentOf).filter((c) => c !== "");
    expect(sentContent.length).toBeGreaterThan(5);
    expect(tokens).toEqual(sentContent);
    expect(result.text).toBe(answer);
    expect(result.model).toBe(MODEL);
  });

  it("takes tokens/s from the final chunk, exactly eval_count / eval_duration × 1e9", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: "one two three four five six seven", tokensPerSec: 37.3 }) });
    const worker = createOllamaWorker({ host: fake.url });

    const result = await worker.generate(request());

    const final = fake.chats[0]!.sent.at(-1) as { eval_count: number; eval_duration: number; done: boolean };
    expect(final.done).toBe(true);
    expect(result.tokens).toBe(final.eval_count);
    expect(result.tokensPerSec).toBe((final.eval_count / final.eval_duration) * 1e9);
    expect(result.tokensPerSec).toBeCloseTo(37.3, 3);
  });

  it("reports prompt tokens, load time and the done reason from the final chunk", async () => {
    const fake = await fakeOllama({
      reply: () => ({ text: "cut", promptEvalCount: 1234, loadMs: 2150.5, evalCount: 77, doneReason: "length" }),
    });
    const worker = createOllamaWorker({ host: fake.url });

    const result = await worker.generate(request());

    expect(result).toMatchObject({ promptTokens: 1234, loadMs: 2150.5, tokens: 77, doneReason: "length" });
  });

  it("measures time to first token only once content arrives, and not at all without content", async () => {
    const fake = await fakeOllama({ reply: () => ({ chunks: ["", ""], evalCount: 2 }) });
    const worker = createOllamaWorker({ host: fake.url });

    const silent = await worker.generate(request());
    expect(silent.text).toBe("");
    expect(silent.ttftMs).toBeNull();

    const fake2 = await fakeOllama();
    const spoken = await createOllamaWorker({ host: fake2.url }).generate(request());
    expect(spoken.ttftMs).not.toBeNull();
  });

  it("streams /api/chat with the system and user messages and only the options given", async () => {
    const fake = await fakeOllama();
    const worker = createOllamaWorker({ host: fake.url });

    await worker.generate(request({ system: "SYS", prompt: "USER", numCtx: 16_384, temperature: 0.2, numPredict: 900 }));
    await worker.generate(request({ numCtx: 8192 }));

    const [first, second] = fake.chats.map((c) => c.request);
    expect(first?.method).toBe("POST");
    expect(first?.path).toBe("/api/chat");
    expect(first?.body).toMatchObject({
      model: MODEL,
      stream: true,
      messages: [
        { role: "system", content: "SYS" },
        { role: "user", content: "USER" },
      ],
      options: { num_ctx: 16_384, temperature: 0.2, num_predict: 900 },
    });
    expect((second?.body as { options: unknown }).options).toEqual({ num_ctx: 8192 });
  });

  it("leaves out an empty system message so the model's own system prompt still applies", async () => {
    const fake = await fakeOllama();
    await createOllamaWorker({ host: fake.url }).generate(request({ system: "", prompt: "hi" }));

    expect((fake.chats[0]!.request.body as { messages: unknown }).messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("shows truncation the way Ollama does: prompt tokens capped at num_ctx", async () => {
    const fake = await fakeOllama();
    const worker = createOllamaWorker({ host: fake.url });

    const result = await worker.generate(request({ prompt: "x".repeat(4000), numCtx: 256 }));

    expect(result.promptTokens).toBe(256);
  });

  it("lets the server finish normally: a completed answer is not reported as a disconnect", async () => {
    const fake = await fakeOllama();
    await createOllamaWorker({ host: fake.url }).generate(request());

    await expect(fake.chats[0]!.ended).resolves.toBe("completed");
    expect(fake.chats[0]!.clientAborted).toBe(false);
  });

  it("passes an error thrown by onToken through unchanged and cancels the request", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: "a b c d e f", chunkDelayMs: 50 }) });
    const worker = createOllamaWorker({ host: fake.url });
    const mine = new Error("screen closed");

    await expect(
      worker.generate(
        request({
          onToken: () => {
            throw mine;
          },
        }),
      ),
    ).rejects.toBe(mine);
    await expect(fake.chats[0]!.ended).resolves.toBe("client_aborted");
  });
});
