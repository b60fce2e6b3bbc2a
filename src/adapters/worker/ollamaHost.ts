/**
 * Where to find Ollama. ollama-js does not read OLLAMA_HOST, and its own host
 * parsing differs from the server's (a bare `host` gets 11434 there too, but
 * `0.0.0.0` is kept), so haco reads the variable the way `ollama` itself does
 * (envconfig `Host()` + `ConnectableHost()`): a user who exported OLLAMA_HOST
 * for the CLI then reaches the same server from haco.
 */

const DEFAULT_PORT = "11434";

export function resolveOllamaHost(env: Record<string, string | undefined> = process.env): string {
  const raw = unquote(env.OLLAMA_HOST ?? "");

  let scheme = "http";
  let hostport = raw;
  let defaultPort = DEFAULT_PORT;
  const schemeEnd = raw.indexOf("://");
  if (schemeEnd >= 0) {
    scheme = raw.slice(0, schemeEnd);
    hostport = raw.slice(schemeEnd + 3);
    if (scheme === "http") defaultPort = "80";
    if (scheme === "https") defaultPort = "443";
  } else if (raw === "ollama.com") {
    // Ollama special-cases its cloud: the bare name means the HTTPS API.
    scheme = "https";
    hostport = "ollama.com:443";
  }

  const slash = hostport.indexOf("/");
  const path = slash >= 0 ? hostport.slice(slash + 1) : "";
  if (slash >= 0) hostport = hostport.slice(0, slash);

  const split = splitHostPort(hostport) ?? bareHost(hostport, defaultPort);
  // Like Ollama, a port that is not a number in range falls back to the default.
  const port = parsePort(split.port) ?? defaultPort;
  const host = isUnspecified(split.host) ? "127.0.0.1" : split.host;

  const tail = path.replace(/\/+$/, "");
  return `${scheme}://${joinHostPort(host, port)}${tail ? `/${tail}` : ""}`;
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

function parsePort(port: string): string | null {
  if (!/^\+?\d+$/.test(port)) return null;
  const n = Number(port);
  return n <= 65535 ? String(n) : null;
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
