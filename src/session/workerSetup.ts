import type { HacoConfig } from "../adapters/config/config.js";
import { ollamaHostFrom } from "../adapters/worker/ollamaHost.js";
import { createOllamaWorker } from "../adapters/worker/ollamaWorker.js";
import { createOpenAIWorker } from "../adapters/worker/openaiWorker.js";
import type { WorkerProvider } from "../adapters/worker/provider.js";
import { checkOpenAIUrl, shownUrlValue, WORKER_URL_SOURCES } from "../adapters/worker/workerUrl.js";
import { UsageError } from "../domain/errors.js";
import { EndpointPool, endpointName, type Endpoint } from "./endpointPool.js";

/**
 * Which worker servers a run drafts on: `--worker kind:url` (one server),
 * else `worker.endpoints` in the config (a pool), else the one Ollama of
 * OLLAMA_HOST / worker.host. `worker` is the one the session asks for
 * everything but drafts (the commit message, the first preflight).
 *
 * Every URL is checked here, before any client is made, so a bad one is a
 * UsageError naming its setting (never the client's "Invalid URL"), and an
 * Ollama URL reaches the client in the one form haco resolves it to.
 */

export interface WorkerSetup {
  worker: WorkerProvider;
  pool: EndpointPool | null;
}

export const WORKER_FLAG_HELP = "ollama:<url> or openai:<base-url> (LM Studio, llama.cpp's server, vLLM)";

export function workerSetup(config: HacoConfig, ollamaHost: string, flag: string | undefined, env: NodeJS.ProcessEnv): WorkerSetup {
  if (flag !== undefined) return { worker: fromFlag(flag), pool: null };
  const configured = config.worker.endpoints;
  if (configured.length === 0) return { worker: createOllamaWorker({ host: ollamaHost }), pool: null };
  const endpoints: Endpoint[] = configured.map((e, i) => {
    const source = WORKER_URL_SOURCES.configEndpoint(i);
    if (e.kind === "openai") {
      checkOpenAIUrl(e.url, source);
      return {
        name: e.name ?? endpointName(e.url),
        models: e.models ?? null,
        provider: createOpenAIWorker({ baseUrl: e.url, apiKey: e.apiKeyEnv ? env[e.apiKeyEnv] : undefined, apiKeyEnv: e.apiKeyEnv, name: e.name }),
      };
    }
    const host = ollamaHostFrom(e.url, source);
    return { name: e.name ?? endpointName(e.url), models: e.models ?? null, provider: createOllamaWorker({ host }) };
  });
  return { worker: endpoints[0]!.provider, pool: new EndpointPool(endpoints) };
}

function fromFlag(flag: string): WorkerProvider {
  const match = /^(ollama|openai):(.+)$/.exec(flag.trim());
  if (!match) throw new UsageError(`--worker ${shownUrlValue(flag)}: expected ${WORKER_FLAG_HELP}, e.g. --worker openai:http://127.0.0.1:1234`);
  const [, kind, url] = match;
  if (kind === "openai") {
    checkOpenAIUrl(url!, WORKER_URL_SOURCES.flag);
    return createOpenAIWorker({ baseUrl: url! });
  }
  return createOllamaWorker({ host: ollamaHostFrom(url, WORKER_URL_SOURCES.flag) });
}
