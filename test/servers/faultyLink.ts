import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { Arrivals, closeServer, listenOnLoopback } from "../../src/demo/localServer.js";

/**
 * A faulty link between haco and a local protocol server: an HTTP proxy that
 * forwards every request untouched and damages the lines of one response
 * body on the way back, the way a flaky proxy, a buggy server build or a bad
 * network path does. It knows neither protocol: it sees lines (NDJSON lines,
 * SSE field lines), so one fault works for Ollama and OpenAI-compatible
 * streams alike, and the server behind it stays honest.
 *
 * A client that hangs up is passed on: the upstream request is destroyed, so
 * the server behind sees the client abort as it would without the link.
 */

export type LineDamage =
  /** The line loses its second half (its line end is kept): JSON cut mid-value. */
  | "cut"
  /** The line is written twice. */
  | "duplicate"
  /** The line's first two characters are swapped (`data:` becomes `adta:`, `{"` becomes `"{`). */
  | "mangle";

export interface LineFault {
  /** Which line to damage: the first one (counted over the whole response) for which this is true. */
  match: (line: string) => boolean;
  damage: LineDamage;
  /** Damage every matching line, not only the first. Default false. */
  every?: boolean;
}

export interface FaultyLink {
  url: string;
  /** The lines as damaged, one entry per damaged line: what it was and what was sent instead. */
  damaged: { original: string; sent: string }[];
  /** Resolves once the n-th (from 0) line has been damaged. */
  waitForDamage(index?: number): Promise<{ original: string; sent: string }>;
  close(): Promise<void>;
}

/** Only responses to paths this matches are damaged (default: the streamed chat endpoints). */
const STREAMED = /\/(api\/chat|v1\/chat\/completions)$/;

export async function startFaultyLink(target: string, fault: LineFault): Promise<FaultyLink> {
  const upstream = new URL(target);
  const damaged = new Arrivals<{ original: string; sent: string }>();
  let spent = false;

  const damage = (line: string): string => {
    if (spent || !fault.match(line)) return `${line}\n`;
    if (!fault.every) spent = true;
    const sent = damageLine(line, fault.damage);
    damaged.push({ original: line, sent });
    return sent;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const outgoing = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const headers = { ...answer.headers };
        // The body's length changes; let Node chunk it.
        delete headers["content-length"];
        res.writeHead(answer.statusCode ?? 502, headers);
        if (!STREAMED.test(new URL(req.url ?? "/", "http://link").pathname)) {
          answer.pipe(res);
          return;
        }
        let carry = "";
        answer.setEncoding("utf8");
        answer.on("data", (text: string) => {
          const lines = (carry + text).split("\n");
          carry = lines.pop() ?? "";
          const out = lines.map(damage).join("");
          if (out !== "" && !res.write(out)) {
            answer.pause();
            res.once("drain", () => answer.resume());
          }
        });
        answer.on("end", () => res.end(carry === "" ? undefined : carry));
        answer.on("error", () => res.destroy());
      },
    );
    outgoing.on("error", () => res.destroy());
    // The client hung up: so does the link, and the server behind it sees it.
    res.on("close", () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    damaged: damaged.items,
    waitForDamage: (index = 0) => damaged.waitFor(index),
    close: () => closeServer(server),
  };
}

function damageLine(line: string, how: LineDamage): string {
  switch (how) {
    case "cut":
      return `${line.slice(0, Math.floor(line.length / 2))}\n`;
    case "duplicate":
      return `${line}\n${line}\n`;
    case "mangle":
      return `${line.slice(1, 2)}${line.slice(0, 1)}${line.slice(2)}\n`;
  }
}
