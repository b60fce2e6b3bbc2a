import type { HacoConfig } from "../adapters/config/config.js";
import { DEFAULT_WORKER_MODEL } from "../adapters/config/config.js";
import { ollamaHostFrom } from "../adapters/worker/ollamaHost.js";
import { WORKER_URL_SOURCES } from "../adapters/worker/workerUrl.js";

/**
 * Which model on which host: flags beat the ecosystem's environment variables,
 * which beat `.haco/config.yaml`, which beats haco's default. A host that
 * cannot be used is a UsageError naming the setting it came from.
 */
export function resolveWorkerSettings(
  flags: { model?: string },
  config: HacoConfig,
  env: NodeJS.ProcessEnv = process.env,
): { host: string; model: string } {
  const fromEnv = env.OLLAMA_HOST?.trim();
  return {
    host: fromEnv
      ? ollamaHostFrom(fromEnv, WORKER_URL_SOURCES.ollamaHostEnv)
      : ollamaHostFrom(config.worker.host, WORKER_URL_SOURCES.configHost),
    model: flags.model?.trim() || env.HACO_WORKER_MODEL?.trim() || config.worker.model || DEFAULT_WORKER_MODEL,
  };
}
