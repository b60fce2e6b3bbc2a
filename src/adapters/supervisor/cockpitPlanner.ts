import path from "node:path";
import type { HacoConfig } from "../config/config.js";
import type { SendPolicy } from "../workspace/sendPolicy.js";
import { hasCredentials, supervisorSettings } from "./anthropicClient.js";
import { cockpitPlanPath, planToFile, type Planner } from "./planToFile.js";

/** The cockpit's p: Claude plans into .haco/plans/<time>-<slug>.md (never over another file); null without a key. */
export function plannerFromEnv(repoRoot: string, env: NodeJS.ProcessEnv, config: HacoConfig, policy: SendPolicy): Planner | null {
  const settings = supervisorSettings(env, undefined, config.supervisor.model);
  if (!hasCredentials(settings)) return null;
  return {
    model: settings.model,
    plan: (request, hooks) => {
      const out = cockpitPlanPath(repoRoot, request);
      return planToFile({ repoRoot, request, settings, policy, out, shownAs: path.relative(repoRoot, out), ...hooks });
    },
  };
}
