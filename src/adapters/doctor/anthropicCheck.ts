import { baseUrlProblem, hasCredentials, supervisorSettings } from "../supervisor/anthropicClient.js";
import { fail, ok, warn, type DoctorCheck } from "./check.js";

/**
 * Whether Claude can be asked. Only which variable is set is ever reported,
 * never its value. Without a key haco still works; planning and escalation
 * are off, so this is a warning, not a failure.
 */
export function checkAnthropic(env: NodeJS.ProcessEnv, configModel: string | undefined, supervisorTickets = 0): DoctorCheck {
  const settings = supervisorSettings(env, undefined, configModel);
  const urlProblem = baseUrlProblem(settings.baseURL);
  if (urlProblem) {
    // With a key, haco plan and escalation stop on it (exit 2); without one, nothing uses it yet.
    const check = hasCredentials(settings) ? fail : warn;
    return check("anthropic key", urlProblem, "export ANTHROPIC_BASE_URL=https://api.anthropic.com (or unset ANTHROPIC_BASE_URL)");
  }
  if (hasCredentials(settings)) {
    const which = settings.apiKey !== null ? "ANTHROPIC_API_KEY" : "ANTHROPIC_AUTH_TOKEN";
    return ok("anthropic key", `${which} is set · supervisor model ${settings.model}`);
  }
  const refused = supervisorTickets > 0 ? `; the plan's ${supervisorTickets} supervisor ticket(s) will be refused` : "";
  return warn(
    "anthropic key",
    `ANTHROPIC_API_KEY is not set: planning with Claude (haco plan, p in the cockpit) and escalation of failing tickets are off${refused}`,
    "export ANTHROPIC_API_KEY=<your key from console.anthropic.com>",
  );
}
