import { fail, warn, type DoctorCheck } from "./check.js";
import { findOllamaModel, ollamaModelChecks, pullFix, reachOllama, type ListedModel, type ModelCheckOptions, type Reached } from "./ollamaChecks.js";
import { findOpenAIModel, loadFix, openaiModelCheck, reachOpenAI } from "./openaiChecks.js";
import type { DoctorEndpoint } from "./workerEndpoints.js";

/**
 * Every worker endpoint: reachable, each model it should draft with present,
 * its context length and where it runs. The endpoints are asked in parallel,
 * then judged together: with a pool, one server down or lacking a model is a
 * warning as long as another can take its tickets; it is a failure when none
 * can, or when the config names that model for that server.
 */
export async function checkWorkers(
  endpoints: readonly DoctorEndpoint[],
  env: NodeJS.ProcessEnv,
  options: ModelCheckOptions,
): Promise<DoctorCheck[]> {
  const reached = await Promise.all(
    endpoints.map((e) => (e.kind === "ollama" ? reachOllama(e, options.timeoutMs) : reachOpenAI(e, env, options.timeoutMs))),
  );
  const has = (i: number, model: string): ListedModel | undefined => {
    const listed = reached[i]!.listed;
    if (!listed) return undefined;
    return endpoints[i]!.kind === "ollama" ? findOllamaModel(listed, model) : findOpenAIModel(listed, model);
  };
  const anyUp = reached.some((r) => r.listed !== null);

  // The warm-ups load models into GPU memory: one endpoint at a time, so they do not compete.
  const checks: DoctorCheck[] = [];
  for (const [i, endpoint] of endpoints.entries()) {
    const { check, listed } = reached[i]!;
    if (!listed) {
      checks.push(anyUp ? downgrade(check, "another endpoint takes its tickets") : check);
      continue;
    }
    checks.push(check);
    for (const model of endpoint.models) {
      const entry = has(i, model);
      const name = `model ${model} @ ${endpoint.name}`;
      if (!entry) {
        const fix = endpoint.kind === "ollama" ? pullFix(endpoint, model) : loadFix(endpoint, model);
        const elsewhere = endpoints.findIndex((_, j) => j !== i && has(j, model) !== undefined);
        const detail = `${model} is not available at ${endpoint.name}`;
        checks.push(
          elsewhere >= 0 && !endpoint.modelsListed
            ? warn(name, `${detail}; ${endpoints[elsewhere]!.name} has it and drafts those tickets`, fix)
            : fail(name, detail, fix),
        );
        continue;
      }
      if (endpoint.kind === "ollama") checks.push(...(await ollamaModelChecks(endpoint, entry, model, options)));
      else checks.push(await openaiModelCheck(endpoint, env, entry, model, options));
    }
  }
  return checks;
}

function downgrade(check: Reached["check"], why: string): DoctorCheck {
  return check.status === "fail" ? warn(check.name, `${check.detail}; ${why}`, check.fix) : check;
}
