import { afterEach, describe, expect, it } from "vitest";
import { createOllamaWorker } from "../../../src/adapters/worker/ollamaWorker.js";
import { EXIT } from "../../../src/domain/errors.js";
import { closeFakes, closedPortUrl, expectWorkerError, fakeOllama, request } from "./workerTestKit.js";

afterEach(closeFakes);

describe("OllamaWorker.generate, failures before the first chunk", () => {
  it("is unreachable (exit 3, with the URL) when nothing listens", async () => {
    const url = await closedPortUrl();
    const worker = createOllamaWorker({ host: url });

    const err = await expectWorkerError(worker.generate(request()), "worker_unreachable");
    expect(err.exitCode).toBe(EXIT.workerUnavailable);
    expect(err.message).toBe(`cannot reach Ollama at ${url} — is 'ollama serve' running?`);
  });

  it("reports a 404 for an unknown model with the server's text", async () => {
    const fake = await fakeOllama();
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(worker.generate(request({ model: "nope:1b" })), "worker_error");
    expect(err.exitCode).toBe(EXIT.ticketFailed);
    expect(err.message).toContain("404");
    expect(err.message).toContain("model 'nope:1b' not found");
  });

  it("reports a scripted 500 with the server's text", async () => {
    const fake = await fakeOllama({
      reply: () => ({ failure: { kind: "http", status: 500, error: "llama runner process has terminated: exit status 2" } }),
    });
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(worker.generate(request()), "worker_error");
    expect(err.message).toContain("500");
    expect(err.message).toContain("llama runner process has terminated: exit status 2");
  });

  it("reports a connection dropped before any chunk as a worker error, not as unreachable", async () => {
    const fake = await fakeOllama({ reply: () => ({ failure: { kind: "drop", afterChunks: 0 } }) });
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(worker.generate(request()), "worker_error");
    expect(err.message).toContain("dropped");
  });
});

describe("OllamaWorker.generate, failures mid-stream", () => {
  it("reports an {error} line after some tokens with the server's text", async () => {
    const fake = await fakeOllama({
      reply: () => ({ text: "one two three four", failure: { kind: "errorLine", afterChunks: 2, error: "CUDA error: out of memory" } }),
    });
    const worker = createOllamaWorker({ host: fake.url });
    const tokens: string[] = [];

    const err = await expectWorkerError(worker.generate(request({ onToken: (t) => tokens.push(t) })), "worker_error");
    expect(err.message).toContain("CUDA error: out of memory");
    expect(tokens).toEqual(["one", " two"]);
  });

  it("reports a dropped connection after some tokens", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: "one two three four", failure: { kind: "drop", afterChunks: 2 } }) });
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(worker.generate(request()), "worker_error");
    expect(err.message).toContain("dropped");
  });
});

describe("OllamaWorker.generate, stalls", () => {
  it("gives up on a server that goes quiet mid-answer, names the setting, and hangs up", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: "one two three four", failure: { kind: "stall", afterChunks: 2 } }) });
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(worker.generate(request({ stallTimeoutMs: 200 })), "worker_stalled");
    expect(err.exitCode).toBe(EXIT.ticketFailed);
    expect(err.message).toContain("0.2s");
    expect(err.message).toContain("worker.stallTimeoutMs");
    expect(err.message).toContain(".haco/config.yaml");
    await expect(fake.chats[0]!.ended).resolves.toBe("client_aborted");
  });

  it("gives up when no first token comes (a load that never ends) and names the first-token setting", async () => {
    const fake = await fakeOllama({ reply: () => ({ failure: { kind: "stall", afterChunks: 0 } }) });
    const worker = createOllamaWorker({ host: fake.url });

    const err = await expectWorkerError(
      worker.generate(request({ firstTokenTimeoutMs: 200, stallTimeoutMs: 60_000 })),
      "worker_stalled",
    );
    expect(err.message).toContain("worker.firstTokenTimeoutMs");
    expect(err.message).not.toContain("worker.stallTimeoutMs");
    await expect(fake.chats[0]!.ended).resolves.toBe("client_aborted");
    // The status line was never sent: the client gave up before any response existed.
    expect(fake.chats[0]!.sent).toEqual([]);
  });
});

describe("OllamaWorker.generate, cancelled by the caller", () => {
  it("cancels at the server while it is still loading, before any response headers", async () => {
    const fake = await fakeOllama({ reply: () => ({ failure: { kind: "stall", afterChunks: 0 } }) });
    const worker = createOllamaWorker({ host: fake.url });
    const controller = new AbortController();

    const pending = worker.generate(request({ signal: controller.signal }));
    const chat = await fake.waitForChat(0);
    controller.abort();

    const err = await expectWorkerError(pending, "worker_aborted");
    expect(err.exitCode).toBe(EXIT.ticketFailed);
    await expect(chat.ended).resolves.toBe("client_aborted");
    expect(chat.clientAborted).toBe(true);
  });

  it("cancels at the server mid-answer", async () => {
    const fake = await fakeOllama({ reply: () => ({ text: "one two three four", failure: { kind: "stall", afterChunks: 1 } }) });
    const worker = createOllamaWorker({ host: fake.url });
    const controller = new AbortController();
    const tokens: string[] = [];

    const err = await expectWorkerError(
      worker.generate(
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
    expect(err.message).toContain(fake.url);
    expect(tokens).toEqual(["one"]);
    await expect(fake.chats[0]!.ended).resolves.toBe("client_aborted");
  });

  it("sends nothing when the signal is already aborted", async () => {
    const fake = await fakeOllama();
    const worker = createOllamaWorker({ host: fake.url });

    await expectWorkerError(worker.generate(request({ signal: AbortSignal.abort() })), "worker_aborted");
    expect(fake.requests).toEqual([]);
  });
});
