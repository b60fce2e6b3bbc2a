import { UsageError } from "../../domain/errors.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";

/**
 * A worker URL is checked where it is resolved, not where a client library
 * first trips over it: a value the client cannot use (ollama-js throws a raw
 * "Invalid URL" TypeError from deep inside), a scheme other than http(s), a
 * port out of range (Ollama's own parser quietly swaps in a default), or a
 * user:password the request would never carry, is bad input (exit 2) whose
 * message says which setting held it and what it should look like.
 */

/** Where a worker URL came from, in the words the user set it with. */
export const WORKER_URL_SOURCES = {
  ollamaHostEnv: "OLLAMA_HOST",
  configHost: "worker.host in .haco/config.yaml",
  configEndpoint: (index: number) => `worker.endpoints[${index}].url in .haco/config.yaml`,
  flag: "--worker",
} as const;

export const OLLAMA_URL_FORM = "host, host:port or http(s)://host:port[/path], e.g. 127.0.0.1:11434";
export const OPENAI_URL_FORM = "http(s)://host:port[/path], e.g. http://127.0.0.1:1234";

export class WorkerUrlError extends UsageError {
  constructor(
    /** e.g. "OLLAMA_HOST", "worker.endpoints[1].url in .haco/config.yaml". */
    readonly source: string,
    /** What was wrong, with the value as it may be shown (credentials masked). */
    readonly problem: string,
    /** The form the setting expects. */
    readonly expected: string,
  ) {
    super(`${source}: ${problem} — expected ${expected}`);
    this.name = "WorkerUrlError";
  }

  /** The one thing to do about it, for doctor's fix column. */
  get fix(): string {
    if (this.source === WORKER_URL_SOURCES.ollamaHostEnv) return `set OLLAMA_HOST to ${this.expected} (or unset it)`;
    if (this.source === WORKER_URL_SOURCES.flag) return `pass --worker ollama:<url> or openai:<url>, the url as ${this.expected}`;
    return `fix ${this.source}: ${this.expected}`;
  }
}

/**
 * The value as a message may show it, quoted: `scheme://user:pass@host`
 * becomes `scheme://***@host` (a bare `user:pass@host` too), and control
 * characters are dropped, since the value is printed on a terminal.
 */
export function shownUrlValue(raw: string): string {
  const masked = raw.replace(/(^|\/\/)[^/?#\s]*@/g, "$1***@");
  return JSON.stringify(sanitizeForTerminal(masked));
}

/** A port as written after the colon: a number from 1 to 65535, or null. */
export function parsePort(port: string): number | null {
  if (!/^\d{1,5}$/.test(port)) return null;
  const n = Number(port);
  return n >= 1 && n <= 65535 ? n : null;
}

/**
 * The checks every worker URL gets once it is complete (scheme and port
 * filled in): it parses, it is http(s), it names a host, and it carries no
 * credentials. `raw` is what the user wrote, for the message.
 */
export function checkCompleteUrl(url: string, raw: string, source: string, expected: string): URL {
  const shown = shownUrlValue(raw);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WorkerUrlError(source, `${shown} is not a URL (a host name or address, and a port from 1 to 65535)`, expected);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new WorkerUrlError(source, `${shown} uses ${parsed.protocol.replace(/:$/, "")}://, and a worker is reached with http:// or https:// only`, expected);
  }
  if (!parsed.hostname) throw new WorkerUrlError(source, `${shown} names no host`, expected);
  if (parsed.username || parsed.password) throw credentialsError(raw, source, expected);
  return parsed;
}

export function credentialsError(raw: string, source: string, expected: string): WorkerUrlError {
  return new WorkerUrlError(
    source,
    `${shownUrlValue(raw)} has a user name or password in it, which haco never sends to a worker (nor shows or logs); remove the "user:password@" part`,
    expected,
  );
}

/**
 * An OpenAI-compatible server's base URL, checked: a scheme is added when
 * missing (`localhost:1234`), like the worker itself does. Returns nothing;
 * the worker normalises the URL its own way once it is known to be usable.
 */
export function checkOpenAIUrl(raw: string, source: string): void {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  checkCompleteUrl(withScheme, raw, source, OPENAI_URL_FORM);
}
