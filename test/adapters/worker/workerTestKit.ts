import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { GenerateRequest } from "../../../src/adapters/worker/provider.js";
import { WorkerError, type WorkerErrorCode } from "../../../src/adapters/worker/workerError.js";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../../servers/fakeOllama.js";

export const MODEL = "qwen2.5-coder:7b";

const started: FakeOllama[] = [];

/** A fake server that closeFakes() closes, whatever the test did to it. */
export async function fakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const fake = await startFakeOllama(options);
  started.push(fake);
  return fake;
}

/** Register with afterEach in every file that starts fakes. */
export async function closeFakes(): Promise<void> {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
}

/** A URL where nothing listens: a port that was just in use and is now closed. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A URL that accepts connections and requests but never answers them. */
export async function silentServerUrl(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Generous timeouts: tests that are not about stalls must never hit them. */
export function request(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    model: MODEL,
    system: "You are a careful coding assistant.",
    prompt: "Rename foo to bar in src/a.ts.",
    firstTokenTimeoutMs: 60_000,
    stallTimeoutMs: 60_000,
    ...overrides,
  };
}

export async function expectWorkerError(work: Promise<unknown>, code: WorkerErrorCode): Promise<WorkerError> {
  const err = await work.then(
    () => {
      throw new Error(`expected a WorkerError ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkerError);
  expect((err as WorkerError).code).toBe(code);
  return err as WorkerError;
}
