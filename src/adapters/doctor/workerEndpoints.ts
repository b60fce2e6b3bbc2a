import type { HacoConfig } from "../config/config.js";
import { DEFAULT_WORKER_MODEL } from "../config/config.js";
import { resolveOllamaHost } from "../worker/ollamaHost.js";

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
    const hostSetting = env.OLLAMA_HOST?.trim() || config.worker.host;
    const url = resolveOllamaHost(hostSetting ? { OLLAMA_HOST: hostSetting } : {});
    const setting = env.OLLAMA_HOST?.trim() ? "OLLAMA_HOST" : config.worker.host ? "worker.host" : "the default host";
    return [{ name: hostPort(url), kind: "ollama", url, models: wanted, modelsListed: false, setting }];
  }
  return config.worker.endpoints.map((e, i) => {
    const url = e.kind === "ollama" ? resolveOllamaHost({ OLLAMA_HOST: e.url }) : openAIBase(e.url);
    return {
      name: e.name ?? hostPort(url),
      kind: e.kind,
      url,
      models: e.models ?? wanted,
      modelsListed: e.models !== undefined,
      ...(e.apiKeyEnv ? { apiKeyEnv: e.apiKeyEnv } : {}),
      setting: `worker.endpoints[${i}]`,
    };
  });
}

/** People write the base URL with or without /v1; requests add it themselves. */
export function openAIBase(url: string): string {
  return url.trim().replace(/\/+$/, "").replace(/\/v1$/, "");
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
