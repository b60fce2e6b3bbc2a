import type { HacoConfig } from "../config/config.js";
import { DEFAULT_WORKER_MODEL } from "../config/config.js";
import { ollamaHostFrom } from "../worker/ollamaHost.js";
import { normalizeBaseUrl } from "../worker/openaiWorker.js";
import { checkOpenAIUrl, WORKER_URL_SOURCES, WorkerUrlError } from "../worker/workerUrl.js";

/** One worker server doctor looks at, with the models it is expected to have. */
export interface DoctorEndpoint {
  /** As the report names it: the configured name, else host:port. */
  name: string;
  kind: "ollama" | "openai";
  /** Base URL: Ollama's host, or an OpenAI-compatible server without its /v1. */
  url: string;
  models: string[];
  /** True when the config lists this endpoint's models: then each one must be there. */
  modelsListed: boolean;
  /** The variable holding its API key (the value is read, sent, never shown). */
  apiKeyEnv?: string;
  /** Where the config says it is, for fixes: "worker.endpoints[1]" or "OLLAMA_HOST". */
  setting: string;
  /** Set when the URL cannot be used at all: what a run would refuse it for, and the fix. Nothing is asked then. */
  invalid?: { detail: string; fix: string };
}

/**
 * The servers haco would draft on: `worker.endpoints`, or else the one
 * Ollama of OLLAMA_HOST / worker.host / the default. The models are the
 * endpoint's own list, else the worker model (HACO_WORKER_MODEL, worker.model,
 * haco's default) and every routed model.
 */
export function doctorEndpoints(config: HacoConfig, env: NodeJS.ProcessEnv): DoctorEndpoint[] {
  const model = env.HACO_WORKER_MODEL?.trim() || config.worker.model || DEFAULT_WORKER_MODEL;
  const wanted = [...new Set([model, ...config.worker.routes.map((r) => r.model)])];
  if (config.worker.endpoints.length === 0) {
    const fromEnv = env.OLLAMA_HOST?.trim();
    const setting = fromEnv ? "OLLAMA_HOST" : config.worker.host ? "worker.host" : "the default host";
    const source = fromEnv ? WORKER_URL_SOURCES.ollamaHostEnv : WORKER_URL_SOURCES.configHost;
    const raw = fromEnv || config.worker.host;
    return [checked({ kind: "ollama", models: wanted, modelsListed: false, setting }, () => ollamaHostFrom(raw, source))];
  }
  return config.worker.endpoints.map((e, i) => {
    const source = WORKER_URL_SOURCES.configEndpoint(i);
    const resolve = () => {
      if (e.kind === "ollama") return ollamaHostFrom(e.url, source);
      checkOpenAIUrl(e.url, source);
      return normalizeBaseUrl(e.url);
    };
    const endpoint = checked({ kind: e.kind, models: e.models ?? wanted, modelsListed: e.models !== undefined, setting: `worker.endpoints[${i}]` }, resolve);
    return {
      ...endpoint,
      ...(e.name ? { name: e.name } : {}),
      ...(e.apiKeyEnv ? { apiKeyEnv: e.apiKeyEnv } : {}),
    };
  });
}

/** The endpoint with its resolved URL, or marked invalid with why (as a run would refuse it) and the fix. */
function checked(fields: Omit<DoctorEndpoint, "name" | "url" | "invalid">, resolve: () => string): DoctorEndpoint {
  try {
    const url = resolve();
    return { name: hostPort(url), url, ...fields };
  } catch (err) {
    if (!(err instanceof WorkerUrlError)) throw err;
    // No host to name it by: the setting names it, the detail shows the value (credentials masked).
    return { name: fields.setting, url: "", ...fields, invalid: { detail: err.message, fix: err.fix } };
  }
}

/** host:port of a URL, without any user:password in it. */
export function hostPort(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return url;
  }
}

/** The URL as shown: credentials in it are never printed. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

/** Whether the endpoint is this machine, so that this machine's nvidia-smi speaks for its GPU. */
export function isLocal(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\./.test(host);
  } catch {
    return false;
  }
}
