import type { HacoConfig } from "../adapters/config/config.js";
import { DEFAULT_WORKER_MODEL } from "../adapters/config/config.js";
import { resolveOllamaHost } from "../adapters/worker/ollamaHost.js";

/**
 * Which model on which host: flags beat the ecosystem's environment variables,
 * which beat `.haco/config.yaml`, which beats haco's default.
 */
export function resolveWorkerSettings(
  flags: { model?: string },
  config: HacoConfig,
  env: NodeJS.ProcessEnv = process.env,
): { host: string; model: string } {
  const hostSetting = env.OLLAMA_HOST?.trim() || config.worker.host;
  return {
    host: resolveOllamaHost(hostSetting ? { OLLAMA_HOST: hostSetting } : {}),
    model: flags.model?.trim() || env.HACO_WORKER_MODEL?.trim() || config.worker.model || DEFAULT_WORKER_MODEL,
  };
}
