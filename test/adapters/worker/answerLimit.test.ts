import { afterEach, describe, expect, it } from "vitest";
import { createOllamaWorker } from "../../../src/adapters/worker/ollamaWorker.js";
import { createOpenAIWorker } from "../../../src/adapters/worker/openaiWorker.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../servers/fakeOpenAI.js";
import { closeFakes, expectWorkerError, fakeOllama, request } from "./workerTestKit.js";

/**
 * A model stuck in a loop streams megabytes. The answer limit holds while
 * streaming: the request is cut off at the server once the answer passes it,
 * and no piece past it reaches onToken.
 */

const LIMIT = 1024 * 1024;
const PIECE = `${"x".repeat(1023)}\n`;
/** 50 MiB of answer; one shared string, so the test itself holds little. */
const FLOOD = Array<string>(50 * 1024).fill(PIECE);

const servers: FakeOpenAI[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await closeFakes();
});

describe("the answer limit while streaming", () => {
  it("Ollama: passing maxAnswerBytes ends the draft with answer_too_large, and the server sees the request cut off", async () => {
    const fake = await fakeOllama({ reply: () => ({ chunks: FLOOD }) });
    let passedOn = 0;

    const err = await expectWorkerError(
      createOllamaWorker({ host: fake.url }).generate(request({ maxAnswerBytes: LIMIT, onToken: (t) => (passedOn += Buffer.byteLength(t)) })),
      "answer_too_large",
    );

    expect(err.message).toContain("1 MiB limit for one answer (maxAnswerBytes)");
    expect(err.message).toMatch(/split the ticket/);
    expect(passedOn).toBeLessThanOrEqual(LIMIT);
    const chat = fake.chats[0]!;
    expect(await chat.ended).toBe("client_aborted");
    // The server wrote only what the client read and the sockets' buffers took before the hang-up
    // (a few MiB, by the kernel's buffer sizes): far from the 50.
    expect(chat.sent.length * PIECE.length).toBeLessThan(20 * LIMIT);
  });

  it("OpenAI-compatible: the same, for an SSE stream", async () => {
    const server = await startFakeOpenAI({ reply: () => ({ chunks: FLOOD }) });
    servers.push(server);
    let passedOn = 0;

    const err = await expectWorkerError(
      createOpenAIWorker({ baseUrl: server.url }).generate(
        request({ model: "qwen2.5-coder-14b", maxAnswerBytes: LIMIT, onToken: (t) => (passedOn += Buffer.byteLength(t)) }),
      ),
      "answer_too_large",
    );

    expect(err.message).toContain("1 MiB limit for one answer (maxAnswerBytes)");
    expect(passedOn).toBeLessThanOrEqual(LIMIT);
    const chat = server.chats[0]!;
    expect(await chat.ended).toBe("client_aborted");
    expect(chat.chunks.length * PIECE.length).toBeLessThan(20 * LIMIT);
  });

  it("an answer at the limit, multi-byte characters counted as bytes, is whole", async () => {
    // 4-byte characters: 1 MiB of them is 262144 characters, a quarter of the UTF-16 length check.
    const emoji = "🚀".repeat(1024);
    const fake = await fakeOllama({ reply: () => ({ chunks: Array<string>(256).fill(emoji) }) });
    const result = await createOllamaWorker({ host: fake.url }).generate(request({ maxAnswerBytes: LIMIT }));
    expect(Buffer.byteLength(result.text)).toBe(LIMIT);

    const over = await fakeOllama({ reply: () => ({ chunks: [...Array<string>(256).fill(emoji), "!"] }) });
    await expectWorkerError(createOllamaWorker({ host: over.url }).generate(request({ maxAnswerBytes: LIMIT })), "answer_too_large");
  });
});
