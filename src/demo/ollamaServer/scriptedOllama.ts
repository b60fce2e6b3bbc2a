import { Arrivals, closeServer, listenOnLoopback, parseBody, readBody, trackExchange } from "../localServer.js";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { streamChat, type ChatOutcome, type ChatRequestView, type Reply } from "./chatStream.js";
import {
  FOREVER,
  defaultNumCtx,
  findModel,
  keepAliveMs,
  notFound,
  psEntry,
  showResponse,
  tagEntry,
  type ScriptedModel,
} from "./wire.js";

export type { ChatFailure, ChatOutcome, ChatRequestView, Reply } from "./chatStream.js";
export { DEFAULT_ANSWER } from "./chatStream.js";
export { tokenLike, type ScriptedModel } from "./wire.js";

export interface ScriptedOllamaOptions {
  /** Models the server has pulled. Default: one, "qwen2.5-coder:7b". */
  models?: ScriptedModel[];
  /** Scripts each /api/chat answer. Default: DEFAULT_ANSWER, streamed normally. */
  reply?: (req: ChatRequestView) => Reply | Promise<Reply>;
  /** Reported by /api/version. Default "0.33.0". */
  version?: string;
  /**
   * Answers any request differently (e.g. a 500 from /api/show) when it
   * returns a response; returning undefined lets the normal route answer.
   */
  intercept?: (req: RecordedRequest) => { status: number; body: unknown } | undefined;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body; null when there was none, the raw text when it was not JSON. */
  body: unknown;
}

export interface ChatExchange {
  request: RecordedRequest;
  model: string;
  /** Every NDJSON object written, in order, final chunk included. */
  sent: Record<string, unknown>[];
  /** How it ended; null while it is still open. */
  outcome: ChatOutcome | null;
  /** True once the server has seen the client hang up before the answer was over. */
  clientAborted: boolean;
  ended: Promise<ChatOutcome>;
  /** Resolves when a scripted stall begins (nothing more is written after it). */
  stalled: Promise<void>;
  /** Whether the response's status line and headers have gone out yet. */
  headersSent(): boolean;
}

export interface ScriptedOllama {
  url: string;
  requests: RecordedRequest[];
  chats: ChatExchange[];
  /** Resolves once the `index`-th chat request (0-based) has arrived. */
  waitForChat(index?: number): Promise<ChatExchange>;
  close(): Promise<void>;
}

interface Loaded {
  model: ScriptedModel;
  contextLength: number;
  expiresAt: Date;
}

/**
 * A local stand-in for `ollama serve` that speaks its HTTP protocol
 * (PROTOCOLS.md §1): NDJSON streaming with the status line held back until the
 * first chunk, `{"error":…}` bodies, nanosecond metrics. Its answers are
 * scripted, never generated: `haco demo` uses it as a clearly labelled demo
 * worker, and tests drive the real ollama client against it and script
 * failures per request. It listens on 127.0.0.1 only, on a free port.
 */
export async function startScriptedOllama(options: ScriptedOllamaOptions = {}): Promise<ScriptedOllama> {
  const models = options.models ?? [{ name: "qwen2.5-coder:7b" }];
  const version = options.version ?? "0.33.0";
  const requests: RecordedRequest[] = [];
  const chats = new Arrivals<ChatExchange>();
  const loaded = new Map<string, Loaded>();
  let closing = false;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };

  const handleChat = async (res: ServerResponse, request: RecordedRequest): Promise<void> => {
    const body = request.body as Record<string, unknown>;
    const model = findModel(models, body.model);
    if (!model) return json(res, 404, { error: notFound(body.model) });

    const view: ChatRequestView = {
      model: model.name,
      messages: Array.isArray(body.messages) ? (body.messages as ChatRequestView["messages"]) : [],
      options: typeof body.options === "object" && body.options !== null ? (body.options as Record<string, unknown>) : {},
      body,
    };
    // `ended` is set by trackExchange, right below.
    let stall!: () => void;
    const stalled = new Promise<void>((resolve) => (stall = resolve));
    const exchange: ChatExchange = { request, model: model.name, sent: [], outcome: null, clientAborted: false, ended: Promise.resolve("completed"), stalled, headersSent: () => res.headersSent };
    const { settle, connectionGone } = trackExchange<ChatOutcome>(res, exchange, () => closing);
    chats.push(exchange);

    const reply = (await options.reply?.(view)) ?? {};
    if (reply.failure?.kind !== "http") markLoaded(model, view);
    const outcome = await streamChat(res, view, reply, connectionGone, exchange.sent, stall);
    if (outcome) settle(outcome);
  };

  const markLoaded = (model: ScriptedModel, view: ChatRequestView): void => {
    const keepAlive = keepAliveMs(view.body.keep_alive);
    if (keepAlive === 0) return void loaded.delete(model.name);
    const numCtx = view.options.num_ctx;
    loaded.set(model.name, {
      model,
      contextLength: typeof numCtx === "number" && numCtx > 0 ? numCtx : defaultNumCtx(model),
      expiresAt: keepAlive < 0 ? FOREVER : new Date(Date.now() + keepAlive),
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://scripted").pathname;
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    const request: RecordedRequest = { method, path, body: parseBody(raw) };
    requests.push(request);

    const isPost = method === "POST";
    if (isPost && raw.trim() === "") return json(res, 400, { error: "missing request body" });
    if (isPost && typeof request.body !== "object") return json(res, 400, { error: "invalid JSON in request body" });
    const body = (request.body ?? {}) as Record<string, unknown>;
    const override = options.intercept?.(request);
    if (override) return json(res, override.status, override.body);

    switch (`${method} ${path}`) {
      case "GET /":
      case "HEAD /":
        res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
        return void res.end(method === "HEAD" ? undefined : "Ollama is running");
      case "GET /api/version":
        return json(res, 200, { version });
      case "GET /api/tags":
        return json(res, 200, { models: models.map(tagEntry) });
      case "POST /api/show": {
        const name = body.model ?? body.name;
        const model = findModel(models, name);
        return model ? json(res, 200, showResponse(model)) : json(res, 404, { error: notFound(name) });
      }
      case "GET /api/ps": {
        const running = [...loaded.values()].sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
        return json(res, 200, { models: running.map((l) => psEntry(l.model, l.contextLength, l.expiresAt)) });
      }
      case "POST /api/chat":
        return handleChat(res, request);
      default:
        // gin's answer to a route it does not know, including a known path with the wrong method.
        res.writeHead(404, { "Content-Type": "text/plain" });
        return void res.end("404 page not found");
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  const url = await listenOnLoopback(server);

  return {
    url,
    requests,
    chats: chats.items,
    waitForChat: (index = 0) => chats.waitFor(index),
    close() {
      closing = true;
      return closeServer(server);
    },
  };
}

