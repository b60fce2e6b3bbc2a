import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * What every local protocol server of haco's (the demo's scripted Ollama,
 * the tests' OpenAI-compatible and Anthropic ones) needs besides its
 * protocol: a loopback port, a way to wait for the n-th request, and a close
 * that does not hang on open streams.
 */

/** Things that arrive over time (requests, chats); `waitFor(n)` resolves once the n-th (from 0) is there. */
export class Arrivals<T> {
  readonly items: T[] = [];
  private waiters: (() => void)[] = [];

  push(item: T): void {
    this.items.push(item);
    for (const wake of this.waiters.splice(0)) wake();
  }

  waitFor(index = 0): Promise<T> {
    return new Promise((resolve) => {
      const check = (): void => {
        const item = this.items[index];
        if (item !== undefined) resolve(item);
        else this.waiters.push(check);
      };
      check();
    });
  }
}

/** What a server records of one streamed answer's end; the two ends every protocol shares. */
export interface ExchangeEnd<O extends string> {
  outcome: O | null;
  /** True once the server has seen the client hang up before the answer was over. */
  clientAborted: boolean;
  ended: Promise<O>;
}

/**
 * Tracks the end of one streamed answer in `record`: `settle` sets it once;
 * a socket that closes first was the client hanging up, or the server
 * closing. `connectionGone` fires when the socket closes, whoever closed it.
 */
export function trackExchange<O extends string>(
  res: ServerResponse,
  record: ExchangeEnd<O | "client_aborted" | "server_closed">,
  isClosing: () => boolean,
): { settle(outcome: O | "client_aborted" | "server_closed"): void; connectionGone: AbortSignal } {
  type Outcome = O | "client_aborted" | "server_closed";
  let resolveEnded!: (outcome: Outcome) => void;
  record.ended = new Promise((resolve) => (resolveEnded = resolve));
  const settle = (outcome: Outcome): void => {
    if (record.outcome) return;
    record.outcome = outcome;
    record.clientAborted = outcome === "client_aborted";
    resolveEnded(outcome);
  };
  const gone = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) settle(isClosing() ? "server_closed" : "client_aborted");
    gone.abort();
  });
  return { settle, connectionGone: gone.signal };
}

/** Listens on a free loopback port; resolves with the base URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Stalled streams and clients' idle keep-alive sockets would hold close() open: they are cut. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A request's whole body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** The body as JSON; null when empty, the raw text when it is not JSON (recorded as the client sent it). */
export function parseBody(raw: string): unknown {
  if (raw.trim() === "") return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * Waits `ms` between streamed chunks: resolves true after it, or false as soon as the client has
 * hung up (so a server stops writing to a closed connection). `Infinity` waits for the hang-up: a
 * stall.
 */
export async function pause(ms: number | undefined, connectionGone: AbortSignal): Promise<boolean> {
  if (connectionGone.aborted) return false;
  if (!ms || ms <= 0) return true;
  if (ms === Infinity) {
    await new Promise((resolve) => connectionGone.addEventListener("abort", resolve, { once: true }));
    return false;
  }
  try {
    await sleep(ms, undefined, { signal: connectionGone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes one piece of a streamed answer and, when the socket's buffer is full, waits until it has
 * drained: a long answer then goes out only as fast as the client reads it, as from a real server,
 * and a client that hangs up stops it. Resolves false once the connection is gone.
 */
export async function writeFlowing(res: ServerResponse, text: string, connectionGone: AbortSignal): Promise<boolean> {
  if (connectionGone.aborted || res.destroyed) return false;
  if (res.write(text)) return true;
  return new Promise((resolve) => {
    const done = (open: boolean): void => {
      res.off("drain", onDrain);
      connectionGone.removeEventListener("abort", onGone);
      resolve(open);
    };
    const onDrain = (): void => done(true);
    const onGone = (): void => done(false);
    res.on("drain", onDrain);
    connectionGone.addEventListener("abort", onGone, { once: true });
  });
}
