import Anthropic from "@anthropic-ai/sdk";
import { noKey } from "./supervisorError.js";

/**
 * The supervisor's connection: the key and URL from the environment, the
 * model from the flag, then the config. Credentials are always passed to
 * the SDK explicitly, so it never goes looking for them elsewhere.
 */

export const DEFAULT_SUPERVISOR_MODEL = "claude-sonnet-5";
export const DEFAULT_ANTHROPIC_URL = "https://api.anthropic.com";

export interface SupervisorSettings {
  apiKey: string | null;
  authToken: string | null;
  baseURL: string;
  model: string;
}

export function supervisorSettings(env: NodeJS.ProcessEnv, model: string | undefined, configModel: string | undefined): SupervisorSettings {
  return {
    apiKey: env.ANTHROPIC_API_KEY?.trim() || null,
    authToken: env.ANTHROPIC_AUTH_TOKEN?.trim() || null,
    baseURL: (env.ANTHROPIC_BASE_URL?.trim() || DEFAULT_ANTHROPIC_URL).replace(/\/+$/, ""),
    model: model?.trim() || configModel || DEFAULT_SUPERVISOR_MODEL,
  };
}

export function hasCredentials(settings: SupervisorSettings): boolean {
  return settings.apiKey !== null || settings.authToken !== null;
}

/** The SDK client; throws the "set ANTHROPIC_API_KEY" error (exit 2) when there is no key. */
export function createAnthropicClient(settings: SupervisorSettings, options: { maxRetries?: number } = {}): Anthropic {
  if (!hasCredentials(settings)) throw noKey();
  return new Anthropic({
    apiKey: settings.apiKey,
    authToken: settings.authToken,
    baseURL: settings.baseURL,
    maxRetries: options.maxRetries ?? 2,
  });
}
