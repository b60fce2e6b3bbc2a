import { excerpt } from "./streamIntegrity.js";

/**
 * ollama-js reads `/api/chat` NDJSON itself and skips a line it cannot parse
 * with a `console.warn` (PROTOCOLS.md §2): the caller never learns that a
 * token was lost. haco does not patch console.warn nor replace the client's
 * parser; it reads the same bytes on their way to the client. The response
 * body passes through a TransformStream that hands every byte on untouched
 * and splits the text into lines as the client does (on `\n`, a final line
 * without one included); the first non-blank line that is not a JSON object
 * is remembered. The audit sees each read before the client does, so by the
 * time the client yields a chunk, every line before it has been checked.
 *
 * Blank lines are not flagged: the client skips them too, and they carry
 * nothing that could be lost.
 */

export interface BadLine {
  /** 1-based. */
  line: number;
  excerpt: string;
}

export interface NdjsonAudit {
  /** The first line that did not parse, or null so far. */
  readonly bad: BadLine | null;
  /** Wraps the client's fetch: a streamed 2xx response reaches the client through the audit. */
  wrap(fetchFn: typeof fetch): typeof fetch;
}

export function createNdjsonAudit(): NdjsonAudit {
  let bad: BadLine | null = null;
  let lineNo = 0;
  let carry = "";
  const decoder = new TextDecoder("utf-8");

  const check = (line: string): void => {
    lineNo += 1;
    if (bad || line.trim() === "") return;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return;
    } catch {
      // Not JSON: the client skips it.
    }
    bad = { line: lineNo, excerpt: excerpt(line) };
  };
  const scan = (text: string, final: boolean): void => {
    const lines = (carry + text).split("\n");
    carry = final ? "" : (lines.pop() ?? "");
    for (const line of lines) check(line);
  };

  const auditing = (): TransformStream<Uint8Array, Uint8Array> =>
    new TransformStream({
      transform(chunk, controller) {
        scan(decoder.decode(chunk, { stream: true }), false);
        controller.enqueue(chunk);
      },
      flush() {
        scan(decoder.decode(), true);
      },
    });

  return {
    get bad() {
      return bad;
    },
    wrap: (fetchFn) => async (input, init) => {
      const res = await fetchFn(input, init);
      if (!res.ok || !res.body) return res;
      return new Response(res.body.pipeThrough(auditing()), { status: res.status, statusText: res.statusText, headers: res.headers });
    },
  };
}
