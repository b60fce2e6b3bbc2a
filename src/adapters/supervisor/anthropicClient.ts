import Anthropic from "@anthropic-ai/sdk";
import { UsageError } from "../../domain/errors.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
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

/**
 * What is wrong with the API's URL (ANTHROPIC_BASE_URL), or null when it can
 * be used: the SDK would otherwise fail every request with a bare "Invalid
 * URL", reported as an unreachable API (exit 3) instead of a setting to fix.
 */
export function baseUrlProblem(baseURL: string): string | null {
  const shown = JSON.stringify(sanitizeForTerminal(baseURL.replace(/(^|\/\/)[^/?#\s]*@/g, "$1***@")));
  const expected = "set it to the API's address as http(s)://host[:port][/path], e.g. https://api.anthropic.com, or unset it";
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return `ANTHROPIC_BASE_URL ${shown} is not a URL — ${expected}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `ANTHROPIC_BASE_URL ${shown} uses ${url.protocol}//, not http:// or https:// — ${expected}`;
  // The key goes in a header; a user:password in the URL would only end up in messages.
  if (url.username || url.password) return `ANTHROPIC_BASE_URL ${shown} has a user name or password in it — remove the "user:password@" part (the key goes in ANTHROPIC_API_KEY)`;
  return null;
}

/** The SDK client; throws the "set ANTHROPIC_API_KEY" error, or the bad ANTHROPIC_BASE_URL one (exit 2). */
export function createAnthropicClient(settings: SupervisorSettings, options: { maxRetries?: number } = {}): Anthropic {
  if (!hasCredentials(settings)) throw noKey();
  const problem = baseUrlProblem(settings.baseURL);
  if (problem) throw new UsageError(problem);
  return new Anthropic({
    apiKey: settings.apiKey,
    authToken: settings.authToken,
    baseURL: settings.baseURL,
    maxRetries: options.maxRetries ?? 2,
  });
}
