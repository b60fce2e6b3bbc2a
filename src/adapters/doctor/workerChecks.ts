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
  const reached = await Promise.all(endpoints.map((e) => reach(e, env, options.timeoutMs)));
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
      // A URL that cannot be used stops every run, however many other endpoints are up.
      checks.push(anyUp && !endpoint.invalid ? downgrade(check, "another endpoint takes its tickets") : check);
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

/** An endpoint whose URL cannot be used is not asked: a run would refuse it before it starts. */
function reach(endpoint: DoctorEndpoint, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Reached> {
  if (endpoint.invalid) return Promise.resolve({ check: fail(`worker ${endpoint.name}`, endpoint.invalid.detail, endpoint.invalid.fix), listed: null });
  return endpoint.kind === "ollama" ? reachOllama(endpoint, timeoutMs) : reachOpenAI(endpoint, env, timeoutMs);
}

function downgrade(check: Reached["check"], why: string): DoctorCheck {
  return check.status === "fail" ? warn(check.name, `${check.detail}; ${why}`, check.fix) : check;
}
