import { Arrivals, closeServer, listenOnLoopback, parseBody, pause, readBody } from "../../src/demo/localServer.js";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { tokenLike } from "./fakeOllama.js";

/**
 * A local stand-in for the Anthropic Messages API (PROTOCOLS.md §4), for tests
 * that drive the real `@anthropic-ai/sdk` against it. Answers are scripted per
 * request, never generated; the framing (SSE event order, error bodies,
 * request-id headers, HTTP statuses) is what the SDK's parsers and retry logic
 * see from the real service, so a client that survives this fake has met the
 * failure modes it will meet in production. Listens on 127.0.0.1, free port.
 */

/** What one POST /v1/messages is answered with. Fields combine; `error` wins over everything else. */
export interface AnthropicReply {
  /** A text answer, streamed as token-like text_delta pieces. Default: DEFAULT_ANTHROPIC_TEXT (unless toolUse). */
  text?: string;
  /** A tool_use block (stop_reason "tool_use"); `textBefore` (or `text`) adds a text block ahead of it. */
  toolUse?: { name: string; input: unknown; textBefore?: string };
  /** Reported usage. Default: rough counts (about four characters a token). */
  usage?: { input_tokens: number; output_tokens: number };
  /** Default "tool_use" with toolUse, else "end_turn". */
  stopReason?: string;
  /** An HTTP error before any event: `{"type":"error",…}` with a request-id header. */
  error?: { status: number; type: string; message: string; headers?: Record<string, string> };
  /**
   * After `afterDeltas` content_block_delta events (clamped to all of them), an
   * `event: error` and the end of the body. Non-streaming: the matching HTTP error.
   */
  midStreamError?: { afterDeltas: number; type: string; message: string };
  /** After `afterDeltas` content_block_delta events, the socket is destroyed. Non-streaming: no answer at all. */
  drop?: { afterDeltas: number };
  /** Wait between SSE events. Default 0. */
  delayMs?: number;
}

/** What a reply function sees of a POST /v1/messages request. */
export interface AnthropicRequestView {
  /** 0-based among POST /v1/messages requests that passed the key and body checks, so retries and sequences are easy to script. */
  index: number;
  model: string;
  stream: boolean;
  messages: { role: string; content: unknown }[];
  system: unknown;
  tools: unknown[];
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface RecordedAnthropicRequest {
  method: string;
  path: string;
  /** Lower-case names, as Node reports them. */
  headers: Record<string, string>;
  /** The parsed JSON body; null when there was none, the raw text when it was not JSON. */
  body: unknown;
}

export interface FakeAnthropicOptions {
  reply?: (req: AnthropicRequestView) => AnthropicReply | Promise<AnthropicReply>;
}

export interface FakeAnthropic {
  /** The SDK's `baseURL`: no `/v1`, the SDK adds it. */
  url: string;
  /** Every request, in arrival order, whatever its path. */
  requests: RecordedAnthropicRequest[];
  /** Resolves once the `index`-th request (0-based, any path) has arrived. */
  waitForRequest(index?: number): Promise<RecordedAnthropicRequest>;
  close(): Promise<void>;
}

export const DEFAULT_ANTHROPIC_TEXT = "Hello! This is the fake Anthropic answering.";

/** Replies in order, one per POST /v1/messages; the last one repeats. */
export function replySequence(...replies: AnthropicReply[]): (req: AnthropicRequestView) => AnthropicReply {
  return ({ index }) => replies[Math.min(index, replies.length - 1)] ?? {};
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const arrivals = new Arrivals<RecordedAnthropicRequest>();
  const requests = arrivals.items;
  let messageRequests = 0;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const request: RecordedAnthropicRequest = {
      method: req.method ?? "GET",
      path: new URL(req.url ?? "/", "http://fake").pathname,
      headers: flatHeaders(req.headers),
      body: parseBody(raw),
    };
    arrivals.push(request);

    const refusal = refuse(request);
    if (refusal) return sendError(res, refusal);
    const body = request.body as Record<string, unknown>;

    switch (`${request.method} ${request.path}`) {
      case "POST /v1/messages": {
        const view = viewOf(request, body, messageRequests++);
        const reply = (await options.reply?.(view)) ?? {};
        return answerMessage(res, view, reply);
      }
      case "POST /v1/messages/count_tokens":
        return sendJson(res, 200, { input_tokens: roughInputTokens(body) });
      default:
        return sendError(res, { status: 404, type: "not_found_error", message: `Not found: ${request.method} ${request.path}` });
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      // A bug in a reply function must fail the test loudly, not hang the client.
      if (!res.headersSent) sendError(res, { status: 500, type: "api_error", message: String(err) });
      else res.destroy();
    });
  });
  const url = await listenOnLoopback(server);

  return {
    url,
    requests,
    waitForRequest: (index = 0) => arrivals.waitFor(index),
    close: () => closeServer(server),
  };
}

/**
 * The checks the real API makes before a model sees anything, so a client that
 * forgets its key or sends a malformed body fails here as it would there.
 */
function refuse(request: RecordedAnthropicRequest): AnthropicReply["error"] {
  if (request.method !== "POST" || !MESSAGE_PATHS.has(request.path)) return undefined;
  if (!request.headers["x-api-key"] && !request.headers.authorization) {
    return { status: 401, type: "authentication_error", message: "x-api-key header is required" };
  }
  const body = request.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { status: 400, type: "invalid_request_error", message: "The request body is not valid JSON." };
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields.model !== "string") return invalid("model: Field required");
  if (!Array.isArray(fields.messages)) return invalid("messages: Field required");
  if (request.path === "/v1/messages" && typeof fields.max_tokens !== "number") return invalid("max_tokens: Field required");
  return undefined;
}

const MESSAGE_PATHS = new Set(["/v1/messages", "/v1/messages/count_tokens"]);

function invalid(message: string): AnthropicReply["error"] {
  return { status: 400, type: "invalid_request_error", message };
}

function viewOf(request: RecordedAnthropicRequest, body: Record<string, unknown>, index: number): AnthropicRequestView {
  return {
    index,
    model: body.model as string,
    stream: body.stream === true,
    messages: body.messages as AnthropicRequestView["messages"],
    system: body.system,
    tools: Array.isArray(body.tools) ? body.tools : [],
    body,
    headers: request.headers,
  };
}

async function answerMessage(res: ServerResponse, view: AnthropicRequestView, reply: AnthropicReply): Promise<void> {
  if (reply.error) return sendError(res, reply.error);
  const blocks = contentBlocks(reply);
  const message = messageOf(view, reply, blocks);
  if (view.stream) return streamMessage(res, message, blocks, reply);
  // Without a stream there is no "middle" to fail in: a drop never answers, an error event becomes the HTTP error.
  if (reply.drop) return void res.socket?.destroy();
  if (reply.midStreamError) return sendError(res, { ...reply.midStreamError, status: statusOf(reply.midStreamError.type) });
  sendJson(res, 200, { ...message, content: blocks.map((b) => b.final) });
}

// --- Content ---------------------------------------------------------------

interface Block {
  /** The block as content_block_start announces it (empty text, empty input). */
  start: Record<string, unknown>;
  /** The content_block_delta payloads, in order. */
  deltas: Record<string, unknown>[];
  /** The block as a non-streaming response carries it. */
  final: Record<string, unknown>;
}

function contentBlocks(reply: AnthropicReply): Block[] {
  const tool = reply.toolUse;
  if (!tool) return [textBlock(reply.text ?? DEFAULT_ANTHROPIC_TEXT)];
  const before = tool.textBefore ?? reply.text;
  return [...(before === undefined ? [] : [textBlock(before)]), toolBlock(tool.name, tool.input)];
}

function textBlock(text: string): Block {
  return {
    start: { type: "text", text: "" },
    deltas: tokenLike(text).map((piece) => ({ type: "text_delta", text: piece })),
    final: { type: "text", text },
  };
}

/** The real API opens with an empty fragment, then cuts the JSON with no regard for tokens or syntax. */
function toolBlock(name: string, input: unknown): Block {
  const id = `toolu_01${randomId(22)}`;
  const fragments = ["", ...cutInto(JSON.stringify(input) ?? "{}", 7)];
  return {
    start: { type: "tool_use", id, name, input: {} },
    deltas: fragments.map((partial_json) => ({ type: "input_json_delta", partial_json })),
    final: { type: "tool_use", id, name, input },
  };
}

/** Pieces of at most `size` code points, so no surrogate pair is ever split. */
function cutInto(text: string, size: number): string[] {
  const points = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += size) pieces.push(points.slice(i, i + size).join(""));
  return pieces;
}

interface MessageShape {
  id: string;
  type: "message";
  role: "assistant";
  content: unknown[];
  model: string;
  stop_reason: string;
  stop_sequence: null;
  usage: { input_tokens: number; output_tokens: number };
}

function messageOf(view: AnthropicRequestView, reply: AnthropicReply, blocks: Block[]): MessageShape {
  const produced = blocks.map((b) => (typeof b.final.text === "string" ? b.final.text : JSON.stringify(b.final.input))).join("");
  return {
    id: `msg_01${randomId(22)}`,
    type: "message",
    role: "assistant",
    content: [],
    model: view.model,
    stop_reason: reply.stopReason ?? (reply.toolUse ? "tool_use" : "end_turn"),
    stop_sequence: null,
    usage: reply.usage ?? { input_tokens: roughInputTokens(view.body), output_tokens: roughTokens(produced) },
  };
}

// --- Streaming -------------------------------------------------------------

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** The event order of the SDK's own fixture (basic_response.txt), ping after the first block opens. */
function eventsOf(message: MessageShape, blocks: Block[]): SseEvent[] {
  const { stop_reason, stop_sequence, usage } = message;
  const events: SseEvent[] = [
    // Real streams report one output token at the start; the final count arrives in message_delta.
    { event: "message_start", data: { type: "message_start", message: { ...message, stop_reason: null, usage: { ...usage, output_tokens: 1 } } } },
  ];
  blocks.forEach((block, index) => {
    events.push({ event: "content_block_start", data: { type: "content_block_start", index, content_block: block.start } });
    if (index === 0) events.push({ event: "ping", data: { type: "ping" } });
    for (const delta of block.deltas) events.push({ event: "content_block_delta", data: { type: "content_block_delta", index, delta } });
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index } });
  });
  events.push(
    // output_tokens is cumulative: the SDK assigns it rather than adding it.
    { event: "message_delta", data: { type: "message_delta", delta: { stop_reason, stop_sequence }, usage: { output_tokens: usage.output_tokens } } },
    { event: "message_stop", data: { type: "message_stop" } },
  );
  return events;
}

/**
 * Where a scripted failure cuts the stream: just before the delta numbered
 * `afterDeltas`, or before message_delta when there are fewer deltas, so the
 * SDK never sees a complete message.
 */
function cutIndex(events: SseEvent[], afterDeltas: number): number {
  let seen = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!.event;
    if (event === "message_delta" || (event === "content_block_delta" && seen++ === afterDeltas)) return i;
  }
  return events.length;
}

async function streamMessage(res: ServerResponse, message: MessageShape, blocks: Block[], reply: AnthropicReply): Promise<void> {
  const events = eventsOf(message, blocks);
  const failure = reply.midStreamError ?? reply.drop;
  const cut = failure ? cutIndex(events, failure.afterDeltas) : events.length;
  const connectionGone = new AbortController();
  res.on("close", () => connectionGone.abort());

  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "request-id": requestId() });
  let flushed = Promise.resolve();
  for (let i = 0; i < cut; i++) {
    if (i > 0 && !(await pause(reply.delayMs, connectionGone.signal))) return;
    flushed = writeEvent(res, events[i]!);
  }
  if (reply.drop) {
    // Node corks a response's writes until the next tick; destroying at once would
    // discard them, and the SDK would see a refused connection (and retry) instead.
    await flushed;
    return void res.socket?.destroy();
  }
  if (reply.midStreamError) {
    const { type, message: text } = reply.midStreamError;
    writeEvent(res, { event: "error", data: { type: "error", error: { type, message: text } } });
  }
  res.end();
}

/** Resolves once the event has left for the client (or the connection has gone). */
function writeEvent(res: ServerResponse, { event, data }: SseEvent): Promise<void> {
  return new Promise((resolve) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => resolve()));
}


// --- Wire helpers ----------------------------------------------------------

function sendError(res: ServerResponse, error: NonNullable<AnthropicReply["error"]>): void {
  const id = requestId();
  res.writeHead(error.status, { "Content-Type": "application/json", "request-id": id, ...error.headers });
  res.end(JSON.stringify({ type: "error", error: { type: error.type, message: error.message }, request_id: id }));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json", "request-id": requestId() });
  res.end(JSON.stringify(body));
}

/** The HTTP status the real API uses for an error type (PROTOCOLS.md §4, "HTTP errors"). */
function statusOf(type: string): number {
  const statuses: Record<string, number> = {
    invalid_request_error: 400,
    authentication_error: 401,
    billing_error: 402,
    permission_error: 403,
    not_found_error: 404,
    request_too_large: 413,
    rate_limit_error: 429,
    api_error: 500,
    timeout_error: 504,
    overloaded_error: 529,
  };
  return statuses[type] ?? 500;
}

function requestId(): string {
  return `req_011${randomId(21)}`;
}

/** Base62-looking ids like the real ones; their content means nothing. */
function randomId(length: number): string {
  return randomBytes(length * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, length).padEnd(length, "0");
}

/** About four characters a token; never zero, as the real API never reports zero for a non-empty exchange. */
function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function roughInputTokens(body: Record<string, unknown>): number {
  return roughTokens(JSON.stringify([body.system ?? "", body.messages ?? [], body.tools ?? []]));
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

