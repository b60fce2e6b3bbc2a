import type { ModelInfo, WorkerProvider } from "../adapters/worker/provider.js";
import { WorkerError } from "../adapters/worker/workerError.js";

/**
 * The worker servers a run drafts on (Ollama hosts and OpenAI-compatible
 * servers alike, behind WorkerProvider). A draft takes the first free
 * endpoint that has its model; an endpoint that fails is marked down for a
 * while and the draft moves to another. haco grows no scheduler of its own:
 * first free wins, in the order the user listed them.
 */

export interface Endpoint {
  /** As events and stats name it. */
  name: string;
  provider: WorkerProvider;
  /** The models it may draft with; null: whatever it has (asked with preflight). */
  models: readonly string[] | null;
}

export interface Lease {
  endpoint: Endpoint;
  modelInfo: ModelInfo;
  release(): void;
  /** The endpoint failed this draft: it is down for a while; release it too. */
  markDown(): void;
}

/** How long a failed endpoint is left alone before a draft tries it again. */
export const DOWN_FOR_MS = 30_000;

interface State {
  endpoint: Endpoint;
  busy: boolean;
  downUntil: number;
  /** Model → what preflight said, or the WorkerError it threw. */
  known: Map<string, ModelInfo | WorkerError>;
}

export class EndpointPool {
  private readonly states: State[];
  private readonly waiters: (() => void)[] = [];

  constructor(
    endpoints: readonly Endpoint[],
    private readonly now: () => number = Date.now,
  ) {
    if (endpoints.length === 0) throw new Error("an endpoint pool needs at least one endpoint");
    this.states = endpoints.map((endpoint) => ({ endpoint, busy: false, downUntil: 0, known: new Map() }));
  }

  get size(): number {
    return this.states.length;
  }

  get names(): string[] {
    return this.states.map((s) => s.endpoint.name);
  }

  /**
   * The first free endpoint that is up and has `model`; waits while all that
   * have it are busy. Throws when none has it or every one that may is down:
   * the last endpoint error, so the message names a server and a fix.
   */
  async acquire(model: string, signal?: AbortSignal, skip: ReadonlySet<string> = new Set()): Promise<Lease> {
    for (;;) {
      if (signal?.aborted) throw new WorkerError("worker_aborted", "the draft was stopped while it waited for a free worker endpoint");
      let lastError: WorkerError | null = null;
      let someoneBusy = false;
      for (const state of this.states) {
        if (skip.has(state.endpoint.name)) continue;
        if (state.endpoint.models && !state.endpoint.models.includes(model)) continue;
        if (state.downUntil > this.now()) {
          lastError ??= new WorkerError("worker_unreachable", `${state.endpoint.name} is down (it failed a draft); haco tries it again later`);
          continue;
        }
        if (state.busy) {
          someoneBusy = true;
          continue;
        }
        const info = await this.infoFor(state, model);
        if (info instanceof WorkerError) {
          lastError = info;
          continue;
        }
        if (state.busy) {
          someoneBusy = true;
          continue;
        }
        state.busy = true;
        return this.lease(state, info);
      }
      if (!someoneBusy) {
        throw lastError ?? new WorkerError("model_missing", `no worker endpoint has the model ${model} — list it under an endpoint's models in .haco/config.yaml, or pull it`);
      }
      // Woken when an endpoint frees up, or by Esc.
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }

  private async infoFor(state: State, model: string): Promise<ModelInfo | WorkerError> {
    const cached = state.known.get(model);
    if (cached) return cached;
    try {
      const info = await state.endpoint.provider.preflight(model);
      state.known.set(model, info);
      return info;
    } catch (err) {
      if (!(err instanceof WorkerError)) throw err;
      // An unreachable server may come back; a missing model will not, within a run.
      if (err.code === "worker_unreachable") state.downUntil = this.now() + DOWN_FOR_MS;
      else state.known.set(model, err);
      return err;
    }
  }

  private lease(state: State, modelInfo: ModelInfo): Lease {
    let done = false;
    const free = () => {
      if (done) return;
      done = true;
      state.busy = false;
      for (const wake of this.waiters.splice(0)) wake();
    };
    return {
      endpoint: state.endpoint,
      modelInfo,
      release: free,
      markDown: () => {
        state.downUntil = this.now() + DOWN_FOR_MS;
        state.known.clear();
        free();
      },
    };
  }
}

/** "gpu-box:11434" from "http://gpu-box:11434/": the name an endpoint gets when the config gives none. */
export function endpointName(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
