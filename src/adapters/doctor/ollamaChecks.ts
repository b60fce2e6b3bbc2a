import { trainedContextLength } from "../worker/ollamaModelInfo.js";
import type { ListedEntry } from "../worker/openaiModels.js";
import { Ollama, type ListResponse, type ModelResponse } from "ollama";
import { formatGpu } from "../../domain/gpu/formatGpu.js";
import type { GpuReadout } from "../../domain/gpu/gpuReadout.js";
import { createOllamaWorker, isSameModel } from "../worker/ollamaWorker.js";
import { processorLabel } from "../worker/processorLabel.js";
import { fail, gibibytes, messageOf, ok, warn, type DoctorCheck } from "./check.js";
import { totalGpuBytes } from "./gpuCheck.js";
import { displayUrl, isLocal, type DoctorEndpoint } from "./workerEndpoints.js";

/** What reaching a server found: its check, and the models it lists (null when it could not be asked). */
export interface Reached {
  check: DoctorCheck;
  listed: ListedModel[] | null;
}

export interface ListedModel {
  name: string;
  /** Ollama lists a model under `name` and `model`, which may differ (`qwen` / `qwen:latest`). */
  alias?: string;
  /** The file on disk, in bytes (Ollama only). */
  sizeBytes?: number;
  quantization?: string;
  /** From the listing itself, where the server says (vLLM, llama.cpp); Ollama's comes from /api/show. */
  contextLength?: number | null;
  /** An OpenAI-compatible server's /v1/models entry, as sent: what decides whether it answers another name. */
  served?: ListedEntry;
}

export interface ModelCheckOptions {
  timeoutMs: number;
  /** Load each model with a one-token answer first, so /api/ps can say where it runs. */
  warm: boolean;
  /** The longest wait for the warm-up's first token (it includes loading the model). */
  warmTimeoutMs: number;
  /** num_ctx haco sends at most (worker.maxContextTokens): the warm-up loads the model that large. */
  maxContextTokens: number;
  /** worker.replyTokens: a context smaller than this leaves no room for a prompt. */
  replyTokens: number;
  gpu: GpuReadout | null;
  /** Told before a slow step (the warm-up), for a progress line. */
  onProgress?: (message: string) => void;
}

const DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434";

/** The ollama client, every request cut off after `timeoutMs`: doctor never waits on a silent server. */
function clientFor(url: string, timeoutMs: number): Ollama {
  return new Ollama({
    host: url,
    fetch: (input, init) => {
      const timeout = AbortSignal.timeout(timeoutMs);
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
    },
  });
}

export async function reachOllama(endpoint: DoctorEndpoint, timeoutMs: number): Promise<Reached> {
  const name = `worker ${endpoint.name}`;
  const shown = displayUrl(endpoint.url);
  const client = clientFor(endpoint.url, timeoutMs);
  let version: string;
  try {
    version = `Ollama ${(await client.version()).version}`;
  } catch (err) {
    if (isHttpError(err)) {
      // Something answered: an old Ollama without /api/version, or not Ollama at all. /api/tags decides.
      version = `version unknown (/api/version answered HTTP ${err.status_code})`;
    } else {
      return { check: fail(name, `cannot reach Ollama at ${shown} (${whyUnreachable(err, timeoutMs)})`, serveFix(endpoint)), listed: null };
    }
  }
  let tags: ListResponse;
  try {
    tags = await client.list();
  } catch (err) {
    return {
      check: fail(name, `${shown} answered, but listing its models (/api/tags) failed: ${messageOf(err)} — is it Ollama?`, serveFix(endpoint)),
      listed: null,
    };
  }
  const listed = tags.models.map((m: ModelResponse) => ({
    name: m.name,
    alias: m.model,
    sizeBytes: m.size,
    quantization: m.details?.quantization_level,
  }));
  return { check: ok(name, `${version} at ${shown} · ${listed.length} model${listed.length === 1 ? "" : "s"} pulled`), listed };
}

export function findOllamaModel(listed: readonly ListedModel[], model: string): ListedModel | undefined {
  return listed.find((m) => isSameModel({ name: m.name, model: m.alias ?? m.name }, model));
}

export function pullFix(endpoint: DoctorEndpoint, model: string): string {
  return endpoint.url === DEFAULT_OLLAMA_URL ? `ollama pull ${model}` : `OLLAMA_HOST=${displayUrl(endpoint.url)} ollama pull ${model}`;
}

function serveFix(endpoint: DoctorEndpoint): string {
  const where = isLocal(endpoint.url) ? "" : ` on ${endpoint.name}`;
  const setting = endpoint.setting.startsWith("worker.endpoints")
    ? `fix ${endpoint.setting}.url in .haco/config.yaml`
    : "set OLLAMA_HOST (or worker.host in .haco/config.yaml) to where Ollama runs";
  return `ollama serve${where} — or ${setting}`;
}

/** The present model's context length and, for the GPU, where it runs. */
export async function ollamaModelChecks(
  endpoint: DoctorEndpoint,
  entry: ListedModel,
  model: string,
  options: ModelCheckOptions,
): Promise<DoctorCheck[]> {
  const client = clientFor(endpoint.url, options.timeoutMs);
  let contextLength: number | null = null;
  try {
    contextLength = trainedContextLength((await client.show({ model })).model_info);
  } catch {
    // Only the context figure is lost; the model is there.
  }
  const checks = [contextCheck(`model ${model} @ ${endpoint.name}`, entry, contextLength, options)];
  checks.push(await vramCheck(endpoint, client, entry, model, contextLength, options));
  return checks;
}

export function contextCheck(name: string, entry: ListedModel, contextLength: number | null, options: ModelCheckOptions): DoctorCheck {
  const facts = [
    entry.sizeBytes ? `${gibibytes(entry.sizeBytes)} on disk` : null,
    entry.quantization || null,
  ].filter(Boolean);
  const present = `present${facts.length ? ` (${facts.join(", ")})` : ""}`;
  if (contextLength === null) return ok(name, `${present} · context length unknown (the server did not say)`);
  const used = Math.min(contextLength, options.maxContextTokens);
  const context = `context ${contextLength} tokens (haco sends num_ctx up to ${used})`;
  if (contextLength < options.replyTokens + 2048) {
    return warn(
      name,
      `${present} · ${context}: once worker.replyTokens (${options.replyTokens}) are reserved, under 2048 tokens are left for the prompt`,
      "use a model with a longer context (8192 tokens or more), or lower worker.replyTokens in .haco/config.yaml",
    );
  }
  return ok(name, `${present} · ${context}`);
}

const CPU_FIX =
  "free GPU memory (other models: 'ollama ps' / 'ollama stop <model>'), lower worker.maxContextTokens in .haco/config.yaml, or use a smaller model or quantization";

async function vramCheck(
  endpoint: DoctorEndpoint,
  client: Ollama,
  entry: ListedModel,
  model: string,
  contextLength: number | null,
  options: ModelCheckOptions,
): Promise<DoctorCheck> {
  const name = `vram ${model} @ ${endpoint.name}`;
  // This machine's nvidia-smi says nothing about a remote server's GPU.
  const gpu = isLocal(endpoint.url) ? options.gpu : null;
  const numCtx = Math.min(contextLength ?? options.maxContextTokens, options.maxContextTokens);
  if (options.warm) {
    options.onProgress?.(`warming up ${model} on ${endpoint.name} (loads it with num_ctx ${numCtx})…`);
    try {
      await createOllamaWorker({ host: endpoint.url, adminTimeoutMs: options.timeoutMs }).generate({
        model,
        system: "",
        prompt: "Reply with OK.",
        numCtx,
        numPredict: 1,
        temperature: 0,
        firstTokenTimeoutMs: options.warmTimeoutMs,
        stallTimeoutMs: options.warmTimeoutMs,
      });
    } catch (err) {
      return fail(name, `the warm-up (a one-token answer) failed: ${messageOf(err)}`, "look at Ollama's log (the terminal running 'ollama serve', or 'journalctl -u ollama')");
    }
  }
  let running;
  try {
    running = (await client.ps()).models.find((m) => isSameModel(m, model));
  } catch (err) {
    return warn(name, `could not ask ${endpoint.name} which models are loaded (/api/ps: ${messageOf(err)})`);
  }
  if (!running) {
    const total = totalGpuBytes(gpu);
    if (entry.sizeBytes && total !== null && entry.sizeBytes > total) {
      return warn(
        name,
        `not loaded; its ${gibibytes(entry.sizeBytes)} file is larger than the GPU memory (${gibibytes(total)}: ${formatGpu(gpu)}), so part will run on the CPU, slowly`,
        "use a smaller model or quantization",
      );
    }
    return ok(name, `not loaded, so where it runs is unknown — 'haco doctor --warm' loads it and checks`);
  }
  const split = processorLabel(running.size, running.size_vram);
  const loadedCtx = (running as { context_length?: unknown }).context_length;
  const ctxNote = typeof loadedCtx === "number" ? ` at num_ctx ${loadedCtx}` : "";
  const sizes = `${gibibytes(running.size_vram)} of ${gibibytes(running.size)} in VRAM${ctxNote}`;
  // "Unknown" (Ollama's numbers contradict each other) is not evidence of a CPU split.
  if (split.gpuPercent === 100 || split.gpuPercent === null) return ok(name, `${split.processor} · ${sizes}`);
  return warn(name, `${split.processor}: ${gibibytes(running.size - running.size_vram)} runs on the CPU, so drafts are slow · ${sizes}`, CPU_FIX);
}


/** The client's ResponseError (not exported): an HTTP status from the server. */
function isHttpError(err: unknown): err is Error & { status_code: number } {
  return err instanceof Error && typeof (err as { status_code?: unknown }).status_code === "number";
}

/** Refused, unknown host, timed out: said in words, from undici's cause codes. */
export function whyUnreachable(err: unknown, timeoutMs: number): string {
  if ((err as { name?: unknown } | null)?.name === "TimeoutError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = (err as { cause?: { code?: unknown; errors?: { code?: unknown }[]; name?: unknown } } | null)?.cause;
  if (cause?.name === "TimeoutError") return `no answer within ${timeoutMs / 1000} s`;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "unknown host";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    default:
      return typeof code === "string" ? code : messageOf(err);
  }
}
