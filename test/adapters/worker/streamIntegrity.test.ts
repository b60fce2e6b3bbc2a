import { afterEach, describe, expect, it } from "vitest";
import { createOllamaWorker } from "../../../src/adapters/worker/ollamaWorker.js";
import { createOpenAIWorker } from "../../../src/adapters/worker/openaiWorker.js";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "../../servers/fakeOpenAI.js";
import { startFaultyLink, type FaultyLink, type LineFault } from "../../servers/faultyLink.js";
import { closeFakes, expectWorkerError, fakeOllama, request } from "./workerTestKit.js";

/**
 * A stream that lost or gained a line must never pass for a whole answer:
 * one lost token turns `return -a;` into `return a;`. The servers stay
 * honest; the damage happens on the link between them and haco.
 */

const ANSWER = "export function neg(a) {\n  return -a;\n}\n";
const MINUS_TOKEN = (line: string) => line.includes('"content":" -"');

const links: FaultyLink[] = [];
const openai: FakeOpenAI[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
  await Promise.all(openai.splice(0).map((s) => s.close()));
  await closeFakes();
});

async function link(target: string, fault: LineFault): Promise<FaultyLink> {
  const l = await startFaultyLink(target, fault);
  links.push(l);
  return l;
}

async function fakeOpenAI(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  const s = await startFakeOpenAI(options);
  openai.push(s);
  return s;
}

describe("Ollama: a stream line that is not what the server sent", () => {
  it("a line cut in half (the client library skips it with a console.warn) fails the draft as stream_corrupt", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: ANSWER }) });
    const faulty = await link(fake.url, { match: MINUS_TOKEN, damage: "cut" });
    const tokens: string[] = [];

    const err = await expectWorkerError(createOllamaWorker({ host: faulty.url }).generate(request({ onToken: (t) => tokens.push(t) })), "stream_corrupt");

    expect(faulty.damaged).toHaveLength(1);
    expect(err.message).toContain(faulty.url);
    expect(err.message).toMatch(/a line that is not a JSON object/);
    expect(err.message).toMatch(/nothing of this answer is used/);
    expect(tokens.join("")).not.toContain("return a;\n}");
  });

  it("a mangled line fails it the same way", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: ANSWER }) });
    const faulty = await link(fake.url, { match: MINUS_TOKEN, damage: "mangle" });
    await expectWorkerError(createOllamaWorker({ host: faulty.url }).generate(request()), "stream_corrupt");
  });

  it("a damaged final line is stream_corrupt too, not a missing done chunk", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: ANSWER }) });
    const faulty = await link(fake.url, { match: (line) => line.includes('"done":true'), damage: "cut" });
    await expectWorkerError(createOllamaWorker({ host: faulty.url }).generate(request()), "stream_corrupt");
  });

  it("a line received twice (more content chunks than eval_count tokens) fails it as stream_corrupt", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: ANSWER }) });
    const faulty = await link(fake.url, { match: MINUS_TOKEN, damage: "duplicate" });
    const err = await expectWorkerError(createOllamaWorker({ host: faulty.url }).generate(request()), "stream_corrupt");
    expect(err.message).toMatch(/eval_count/);
  });

  it("an honest server passes: chunks carrying several tokens, empty chunks, no eval_count at all", async () => {
    // Ollama holds back a piece that may start a stop sequence and sends it with the next: fewer chunks than tokens.
    const merged = await fakeOllama({ reply: () => ({ chunks: ["export function neg(a) {\n", "", "  return -a;\n}\n"], evalCount: 14 }) });
    expect((await createOllamaWorker({ host: merged.url }).generate(request())).text).toBe(ANSWER);

    const exact = await fakeOllama({ reply: () => ({ text: ANSWER }) });
    const result = await createOllamaWorker({ host: exact.url }).generate(request());
    expect(result.text).toBe(ANSWER);
    expect(result.tokens).toBe(exact.chats[0]!.sent.at(-1)!.eval_count);

    // A compatible server that does not count (eval_count 0) is not accused of corruption.
    const uncounted = await fakeOllama({ reply: () => ({ text: ANSWER, evalCount: 0 }) });
    expect((await createOllamaWorker({ host: uncounted.url }).generate(request())).text).toBe(ANSWER);
  });

  it("an honest stream through the link (nothing matched) passes unchanged", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: ANSWER }) });
    const faulty = await link(fake.url, { match: () => false, damage: "cut" });
    expect((await createOllamaWorker({ host: faulty.url }).generate(request())).text).toBe(ANSWER);
  });
});

describe("OpenAI-compatible: a stream line that is not what the server sent", () => {
  const worker = (url: string) => createOpenAIWorker({ baseUrl: url });
  const openaiRequest = () => request({ model: "qwen2.5-coder-14b" });

  it("a data line cut in half fails the draft as stream_corrupt", async () => {
    const server = await fakeOpenAI({ reply: () => ({ text: ANSWER }) });
    const faulty = await link(server.url, { match: MINUS_TOKEN, damage: "cut" });
    const err = await expectWorkerError(worker(faulty.url).generate(openaiRequest()), "stream_corrupt");
    expect(err.message).toContain(faulty.url);
  });

  it("a mangled field name (`adta:`, which SSE would silently ignore) fails it as stream_corrupt", async () => {
    const server = await fakeOpenAI({ reply: () => ({ text: ANSWER }) });
    const faulty = await link(server.url, { match: MINUS_TOKEN, damage: "mangle" });
    const err = await expectWorkerError(worker(faulty.url).generate(openaiRequest()), "stream_corrupt");
    expect(err.message).toMatch(/adta/);
  });

  it("honest servers pass: pings, reasoning, usage chunk without choices, [DONE] at EOF", async () => {
    for (const flavour of ["llamacpp", "lmstudio", "vllm", "ollama"] as const) {
      const server = await fakeOpenAI({ flavour, reply: () => ({ text: ANSWER, pings: true, reasoning: ["think", "ing"], usageChoices: "absent", doneTerminator: "" }) });
      expect((await worker(server.url).generate(openaiRequest())).text).toBe(ANSWER);
    }
  });
});
