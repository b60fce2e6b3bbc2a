/**
 * What an OpenAI-compatible server's `GET /v1/models` says, and which of its
 * models answers a chat request naming a given model. The one place that
 * decides it: the worker's preflight (what `haco run` and `haco worker` ask
 * before drafting) and `haco doctor` both call `servedModel`, so doctor
 * passes a model exactly when a run would.
 */

/** One entry of the listing: its id, and the object as the server sent it. */
export interface ListedEntry {
  id: string;
  raw: Record<string, unknown>;
}

/** `{"object":"list","data":[{"id",…}]}`; null when the answer has another shape. */
export function parseModelList(listing: unknown): ListedEntry[] | null {
  const data = (listing as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  return data.flatMap((item: unknown) => {
    const id = (item as { id?: unknown } | null)?.id;
    return typeof id === "string" ? [{ id, raw: item as Record<string, unknown> }] : [];
  });
}

/**
 * The entry that answers a request for `model`: the one listed under that
 * id; else, when the server lists a single model and is one of those that
 * answer with it whatever name is asked for (PROTOCOLS.md §3: llama.cpp's
 * server, LM Studio — lmstudio-bug-tracker#619), that one. vLLM and Ollama's
 * /v1 refuse a name they do not list (404 "The model `x` does not exist." /
 * "model 'x' not found"), and so does a server haco cannot tell apart: a run
 * that would fail at its first draft is refused at preflight instead.
 */
export function servedModel<T extends ListedEntry>(entries: readonly T[], model: string): T | undefined {
  const exact = entries.find((e) => e.id === model);
  if (exact) return exact;
  const only = entries.length === 1 ? entries[0] : undefined;
  return only && answersAnyName(only) ? only : undefined;
}

/**
 * Whether the listing comes from a server that ignores the requested model
 * name. Told by what each one writes there: llama.cpp owns its models as
 * "llamacpp" and adds `meta` (n_ctx_train, …); LM Studio owns them as
 * "organization_owner". vLLM writes "vllm", Ollama the model's namespace.
 */
export function answersAnyName(entry: ListedEntry): boolean {
  const ownedBy = entry.raw.owned_by;
  const meta = entry.raw.meta;
  return ownedBy === "llamacpp" || ownedBy === "organization_owner" || (typeof meta === "object" && meta !== null);
}
