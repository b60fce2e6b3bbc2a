import type { HacoConfig } from "../adapters/config/config.js";
import { createOllamaWorker } from "../adapters/worker/ollamaWorker.js";
import { createOpenAIWorker } from "../adapters/worker/openaiWorker.js";
import type { WorkerProvider } from "../adapters/worker/provider.js";
import { UsageError } from "../domain/errors.js";
import { EndpointPool, endpointName, type Endpoint } from "./endpointPool.js";

/**
 * Which worker servers a run drafts on: `--worker kind:url` (one server),
 * else `worker.endpoints` in the config (a pool), else the one Ollama of
 * OLLAMA_HOST / worker.host. `worker` is the one the session asks for
 * everything but drafts (the commit message, the first preflight).
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
  const endpoints: Endpoint[] = configured.map((e) => ({
    name: e.name ?? endpointName(e.url),
    models: e.models ?? null,
    provider:
      e.kind === "openai"
        ? createOpenAIWorker({ baseUrl: e.url, apiKey: e.apiKeyEnv ? env[e.apiKeyEnv] : undefined, apiKeyEnv: e.apiKeyEnv, name: e.name })
        : createOllamaWorker({ host: e.url }),
  }));
  return { worker: endpoints[0]!.provider, pool: new EndpointPool(endpoints) };
}

function fromFlag(flag: string): WorkerProvider {
  const match = /^(ollama|openai):(.+)$/.exec(flag.trim());
  if (!match) throw new UsageError(`--worker ${flag}: expected ${WORKER_FLAG_HELP}, e.g. --worker openai:http://127.0.0.1:1234`);
  const [, kind, url] = match;
  try {
    new URL(url!);
  } catch {
    throw new UsageError(`--worker ${flag}: "${url}" is not a URL — e.g. --worker ${kind}:http://127.0.0.1:${kind === "openai" ? "1234" : "11434"}`);
  }
  return kind === "openai" ? createOpenAIWorker({ baseUrl: url! }) : createOllamaWorker({ host: url! });
}
