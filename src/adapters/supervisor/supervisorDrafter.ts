import type { HacoConfig } from "../config/config.js";
import type { ModelInfo, WorkerProvider } from "../worker/provider.js";
import { createAnthropicClient, hasCredentials, supervisorSettings } from "./anthropicClient.js";
import { createClaudeWorker } from "./claudeWorker.js";

/** Claude behind the worker interface: what drafts supervisor tickets and escalated ones. */
export interface SupervisorDrafter {
  provider: WorkerProvider;
  model: string;
  modelInfo: ModelInfo;
}

/** Claude as a drafter when the environment has a key for it; null otherwise (supervisor tickets are then refused with how to set one). */
export function supervisorDrafterFromEnv(env: NodeJS.ProcessEnv, config: HacoConfig, model?: string): SupervisorDrafter | null {
  const settings = supervisorSettings(env, model, config.supervisor.model);
  if (!hasCredentials(settings)) return null;
  const provider = createClaudeWorker(createAnthropicClient(settings), settings.baseURL);
  return { provider, model: settings.model, modelInfo: { contextLength: 200_000 } };
}
