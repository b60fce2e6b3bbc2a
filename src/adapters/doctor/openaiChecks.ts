import { parseModelList, servedModel } from "../worker/openaiModels.js";
import { createOpenAIWorker } from "../worker/openaiWorker.js";
import { fail, messageOf, ok, warn, type DoctorCheck } from "./check.js";
import { contextCheck, whyUnreachable, type ListedModel, type ModelCheckOptions, type Reached } from "./ollamaChecks.js";
import { displayUrl, type DoctorEndpoint } from "./workerEndpoints.js";

/**
 * An OpenAI-compatible server (LM Studio, llama.cpp's server, vLLM): reached
 * with a plain GET /v1/models, which all of them answer with
 * `{data: [{id, …}]}`. Where the listing carries a context length it is
 * read: vLLM's `max_model_len`, llama.cpp's `meta.n_ctx_train`, LM Studio's
 * `max_context_length`.
 */
export async function reachOpenAI(endpoint: DoctorEndpoint, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Reached> {
  const name = `worker ${endpoint.name}`;
  const url = `${endpoint.url}/v1/models`;
  const shown = displayUrl(endpoint.url);
  const key = endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv]?.trim() : undefined;
  const keyFix = endpoint.apiKeyEnv
    ? `export ${endpoint.apiKeyEnv}=<the server's API key>`
    : `set ${endpoint.setting}.apiKeyEnv in .haco/config.yaml to the variable holding the server's API key`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return {
      check: fail(name, `cannot reach the OpenAI-compatible server at ${shown} (${whyUnreachable(err, timeoutMs)})`, `start the server at ${shown} (LM Studio, llama-server, vllm serve), or fix ${endpoint.setting}.url in .haco/config.yaml`),
      listed: null,
    };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (err) {
    body = messageOf(err);
  }
  if (response.status === 401 || response.status === 403) {
    const unset = endpoint.apiKeyEnv && !key ? ` (${endpoint.apiKeyEnv} is not set)` : "";
    return { check: fail(name, `${shown} refused the request: HTTP ${response.status}${unset}`, keyFix), listed: null };
  }
  const entries = parseModelList(body);
  if (!response.ok || entries === null) {
    return {
      check: fail(name, `${shown} answered GET /v1/models with HTTP ${response.status} and no model list — is it an OpenAI-compatible server?`, `check ${endpoint.setting} in .haco/config.yaml (kind: openai wants the server's base URL)`),
      listed: null,
    };
  }
  const listed: ListedModel[] = entries.map((entry) => ({ name: entry.id, contextLength: listedContext(entry.raw), served: entry }));
  return { check: ok(name, `OpenAI-compatible server at ${shown} · ${listed.length} model${listed.length === 1 ? "" : "s"} served`), listed };
}

function listedContext(entry: Record<string, unknown>): number | null {
  const meta = entry.meta as Record<string, unknown> | undefined;
  for (const value of [entry.max_model_len, meta?.n_ctx_train, entry.max_context_length, entry.context_length]) {
    if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  }
  return null;
}

export function loadFix(endpoint: DoctorEndpoint, model: string): string {
  return `serve ${model} at ${displayUrl(endpoint.url)} (LM Studio: 'lms load ${model}'; llama-server: --alias ${model}; vLLM: --served-model-name ${model}), or name one it serves in worker.model / ${endpoint.setting}.models`;
}

/**
 * The model a run would get, decided by the worker's own `servedModel` (the
 * function its preflight calls), never by a rule of doctor's: the one listed
 * under that id, or the only one of a server that answers any name with it.
 */
export function findOpenAIModel(listed: readonly ListedModel[], model: string): ListedModel | undefined {
  const entries = listed.flatMap((m) => (m.served ? [{ ...m.served, listed: m }] : []));
  return servedModel(entries, model)?.listed;
}

/**
 * A present model, asked the way `haco run` asks before drafting: the
 * OpenAI-compatible worker's own preflight (its /v1/models and /health), so
 * doctor passes exactly what a run would pass. Its context length, where the
 * server tells, comes from there or from the listing.
 */
export async function openaiModelCheck(
  endpoint: DoctorEndpoint,
  env: NodeJS.ProcessEnv,
  entry: ListedModel,
  model: string,
  options: ModelCheckOptions,
): Promise<DoctorCheck> {
  const name = `model ${model} @ ${endpoint.name}`;
  const worker = createOpenAIWorker({
    baseUrl: endpoint.url,
    apiKey: endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv] : undefined,
    apiKeyEnv: endpoint.apiKeyEnv,
    name: endpoint.name,
    adminTimeoutMs: options.timeoutMs,
    // Doctor reports a server that is still loading rather than waiting for it.
    loadingRetries: 0,
  });
  let contextLength: number | null;
  try {
    contextLength = (await worker.preflight(model)).contextLength ?? entry.contextLength ?? null;
  } catch (err) {
    const message = messageOf(err);
    return /still loading/i.test(message)
      ? warn(name, message, "wait until the server has loaded the model, then run 'haco doctor' again")
      : fail(name, message, loadFix(endpoint, model));
  }
  const check = contextCheck(name, entry, contextLength, options);
  if (entry.name === model) return check;
  // llama.cpp and LM Studio answer any name with their one model: a run works, but the name in the config is not what runs.
  return { ...check, detail: `served as ${entry.name} (this server answers any name with its only model) · ${check.detail}` };
}
