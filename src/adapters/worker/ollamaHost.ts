import { checkCompleteUrl, credentialsError, OLLAMA_URL_FORM, parsePort, shownUrlValue, WORKER_URL_SOURCES, WorkerUrlError } from "./workerUrl.js";

/**
 * Where to find Ollama. ollama-js does not read OLLAMA_HOST, and its own host
 * parsing differs from the server's (a bare `host` gets 11434 there too, but
 * `0.0.0.0` is kept), so haco reads the variable the way `ollama` itself does
 * (envconfig `Host()` + `ConnectableHost()`): a user who exported OLLAMA_HOST
 * for the CLI then reaches the same server from haco.
 *
 * Where Ollama guesses, haco refuses (exit 2, naming the setting): a port that
 * is not a number from 1 to 65535 (Ollama swaps in its default), a scheme
 * other than http(s), a value no URL can be made of, and a user:password,
 * which neither Ollama's CLI nor haco sends.
 */

const DEFAULT_PORT = "11434";

/** OLLAMA_HOST of `env` (default: this process's), resolved; a value that cannot be used throws a WorkerUrlError. */
export function resolveOllamaHost(env: Record<string, string | undefined> = process.env): string {
  return ollamaHostFrom(env.OLLAMA_HOST, WORKER_URL_SOURCES.ollamaHostEnv);
}

/** An Ollama address as written in `source` (OLLAMA_HOST, worker.host, an endpoint's url, --worker), resolved. */
export function ollamaHostFrom(value: string | undefined, source: string): string {
  const raw = unquote(value ?? "");
  const refuse = (problem: string) => new WorkerUrlError(source, `${shownUrlValue(raw)} ${problem}`, OLLAMA_URL_FORM);

  let scheme = "http";
  let hostport = raw;
  let defaultPort = DEFAULT_PORT;
  const schemeEnd = raw.indexOf("://");
  if (schemeEnd >= 0) {
    scheme = raw.slice(0, schemeEnd).toLowerCase();
    hostport = raw.slice(schemeEnd + 3);
    if (scheme === "http") defaultPort = "80";
    else if (scheme === "https") defaultPort = "443";
    else throw refuse(`uses ${scheme}://, and Ollama is reached with http:// or https:// only`);
  } else if (raw === "ollama.com") {
    // Ollama special-cases its cloud: the bare name means the HTTPS API.
    scheme = "https";
    hostport = "ollama.com:443";
  }

  const slash = hostport.indexOf("/");
  const path = slash >= 0 ? hostport.slice(slash + 1) : "";
  if (slash >= 0) hostport = hostport.slice(0, slash);
  if (hostport.includes("@")) throw credentialsError(raw, source, OLLAMA_URL_FORM);

  const split = splitHostPort(hostport) ?? bareHost(hostport, defaultPort);
  // An empty port ("gpu-box:") is no port, as for Ollama; anything else must be one.
  const port = split.port === "" ? defaultPort : parsePort(split.port);
  if (port === null) throw refuse(`has ${shownUrlValue(split.port)} after the colon, which is not a port (a number from 1 to 65535)`);
  const host = isUnspecified(split.host) ? "127.0.0.1" : split.host;

  const tail = path.replace(/\/+$/, "");
  const url = `${scheme}://${joinHostPort(host, String(port))}${tail ? `/${tail}` : ""}`;
  checkCompleteUrl(url, raw, source, OLLAMA_URL_FORM);
  return url;
}

/** Ollama trims whitespace and then any surrounding quotes people put in .env files. */
function unquote(value: string): string {
  return value.trim().replace(/^["']+|["']+$/g, "").trim();
}

/** Go's net.SplitHostPort: null where Go returns an error (no port, too many colons). */
function splitHostPort(hostport: string): { host: string; port: string } | null {
  if (hostport.startsWith("[")) {
    const close = hostport.indexOf("]");
    if (close < 0 || hostport[close + 1] !== ":") return null;
    return { host: hostport.slice(1, close), port: hostport.slice(close + 2) };
  }
  const colon = hostport.lastIndexOf(":");
  if (colon < 0 || hostport.indexOf(":") !== colon) return null;
  // ":11434" means "this machine": Go leaves the host empty, which dials the loopback.
  const host = hostport.slice(0, colon) || "127.0.0.1";
  return { host, port: hostport.slice(colon + 1) };
}

function bareHost(hostport: string, defaultPort: string): { host: string; port: string } {
  const unbracketed = hostport.replace(/^\[+|\]+$/g, "");
  if (unbracketed.includes(":")) return { host: unbracketed, port: defaultPort };
  return { host: hostport || "127.0.0.1", port: defaultPort };
}

/** A bind-all address is fine for `ollama serve` to listen on but not to connect to. */
function isUnspecified(host: string): boolean {
  if (host === "0.0.0.0") return true;
  if (!host.includes(":")) return false;
  try {
    return new URL(`http://[${host}]/`).hostname === "[::]";
  } catch {
    return false;
  }
}

function joinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
