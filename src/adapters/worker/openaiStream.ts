import { createParser, type ParseError } from "eventsource-parser";
import { errorDetailFrom, oneLine, type ServerErrorDetail } from "./openaiErrors.js";

/**
 * Reading a `/v1/chat/completions` stream (PROTOCOLS.md §3): eventsource-parser
 * does the SSE framing; this file says what each event means and adds up the
 * answer. No I/O and no clock: the worker feeds it text and times what it
 * reports.
 */

export type StreamItem =
  | { kind: "chunk"; chunk: Record<string, unknown> }
  /** `data: [DONE]`: the answer is over. */
  | { kind: "done" }
  /** `data: {"error":…}`, `event: error`, or old llama.cpp's `error: {…}` line. */
  | { kind: "error"; detail: ServerErrorDetail }
  /** A data event that is not a JSON object: damaged on the way, or not this protocol. */
  | { kind: "garbage"; data: string }
  /** A line that is no SSE field a server of this protocol sends (`adta: {…}`): a damaged line SSE would skip. */
  | { kind: "unknownField"; line: string };

export interface StreamReader {
  feed(text: string): void;
  /** The body ended: dispatches an event whose blank line never came (`data: [DONE]` at EOF). */
  end(): void;
}

export function createStreamReader(emit: (item: StreamItem) => void): StreamReader {
  const parser = createParser({
    onEvent(event) {
      const data = event.data.trim();
      // A blank event (or whitespace only) carries nothing; real servers send none, proxies might.
      if (data === "") return;
      if (data === "[DONE]") return emit({ kind: "done" });
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch {
        return emit({ kind: "garbage", data: oneLine(data, 200) });
      }
      const detail = errorDetailFrom(value);
      if (detail || event.event === "error") {
        return emit({ kind: "error", detail: detail ?? { message: oneLine(data), type: null, code: null } });
      }
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        emit({ kind: "chunk", chunk: value as Record<string, unknown> });
      } else {
        emit({ kind: "garbage", data: oneLine(data, 200) });
      }
    },
    // Comments (`: ping` keep-alives from llama.cpp) are ignored: the parser drops them without onComment.
    onError(err: ParseError) {
      // Old llama.cpp (before PR #16109) wrote `error: {…}` as a field line of its own, then
      // `data: [DONE]`. SSE has no `error` field, so the parser reports it as an unknown field,
      // with the JSON in `value`. The SSE spec ignores other unknown fields, but no server of this
      // protocol sends any: such a line is a damaged `data:` line (`adta: {…}`), and ignoring it would
      // silently drop a token. (A bad `retry:` value is harmless and stays ignored.)
      if (err.type !== "unknown-field") return;
      if (err.field !== "error") return emit({ kind: "unknownField", line: oneLine(err.line ?? `${err.field ?? ""}: ${err.value ?? ""}`, 200) });
      const raw = err.value ?? "";
      let detail: ServerErrorDetail | null = null;
      try {
        detail = errorDetailFrom(JSON.parse(raw) as unknown);
      } catch {
        // Not JSON: the text itself is the message.
      }
      emit({ kind: "error", detail: detail ?? { message: oneLine(raw) || "unknown error", type: null, code: null } });
    },
  });
  return {
    feed: (text) => parser.feed(text),
    // Two line ends: the first finishes a line cut off by EOF, the second is the missing blank line.
    end: () => parser.feed("\n\n"),
  };
}

/** What one chunk contributed. */
export interface ChunkEffect {
  /** Answer text in this chunk; "" when none. */
  content: string;
  /** Content, reasoning or a tool call: the model produced tokens. */
  generated: boolean;
}

/** llama.cpp's `timings` (tools/server/README.md), the fields haco reads. */
interface Timings {
  promptN: number | null;
  cacheN: number | null;
  predictedN: number | null;
  predictedPerSecond: number | null;
}

/**
 * Adds up an answer chunk by chunk. Only choice 0 is read: haco never asks
 * for more than one. `delta.reasoning_content` (llama.cpp, vLLM, LM Studio's
 * reasoning models) is not part of the answer; it only counts as generation.
 */
export class AnswerAccumulator {
  text = "";
  contentChunks = 0;
  finishReason: string | null = null;
  model: string | null = null;
  promptTokens: number | null = null;
  completionTokens: number | null = null;
  private timings: Timings | null = null;

  take(chunk: Record<string, unknown>): ChunkEffect {
    if (typeof chunk.model === "string" && chunk.model !== "") this.model = chunk.model;
    this.takeUsage(chunk.usage);
    this.takeTimings(chunk.timings);

    let content = "";
    let generated = false;
    // vLLM's usage chunk may have `choices: null` or no key at all; the usage chunk of others has [].
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    for (const choice of choices) {
      if (!isRecord(choice) || (choice.index !== undefined && choice.index !== 0)) continue;
      const delta = isRecord(choice.delta) ? choice.delta : {};
      // llama.cpp's first delta is {"role":"assistant","content":null}: check the type, not truthiness.
      if (typeof delta.content === "string" && delta.content !== "") content += delta.content;
      if (typeof delta.reasoning_content === "string" && delta.reasoning_content !== "") generated = true;
      if (typeof delta.reasoning === "string" && delta.reasoning !== "") generated = true;
      if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) generated = true;
      if (typeof choice.finish_reason === "string" && choice.finish_reason !== "") this.finishReason = choice.finish_reason;
    }
    if (content !== "") {
      this.text += content;
      this.contentChunks += 1;
      generated = true;
    }
    return { content, generated };
  }

  /** Server-measured speed: llama.cpp's predicted_per_second; null elsewhere. */
  get serverTokensPerSec(): number | null {
    const rate = this.timings?.predictedPerSecond ?? null;
    return rate !== null && rate > 0 ? rate : null;
  }

  /** usage.completion_tokens, else llama.cpp's predicted_n, else the number of content chunks. */
  get tokens(): number {
    return this.completionTokens ?? this.timings?.predictedN ?? this.contentChunks;
  }

  /** usage.prompt_tokens, else llama.cpp's prompt_n plus the tokens it took from its cache. */
  get prompt(): number | null {
    if (this.promptTokens !== null) return this.promptTokens;
    const promptN = this.timings?.promptN ?? null;
    return promptN === null ? null : promptN + (this.timings?.cacheN ?? 0);
  }

  private takeUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    this.promptTokens = count(usage.prompt_tokens) ?? this.promptTokens;
    this.completionTokens = count(usage.completion_tokens) ?? this.completionTokens;
  }

  private takeTimings(timings: unknown): void {
    if (!isRecord(timings)) return;
    this.timings = {
      promptN: count(timings.prompt_n),
      cacheN: count(timings.cache_n),
      predictedN: count(timings.predicted_n),
      predictedPerSecond: finite(timings.predicted_per_second),
    };
  }
}

function count(value: unknown): number | null {
  const n = finite(value);
  return n !== null && n >= 0 ? n : null;
}

function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
