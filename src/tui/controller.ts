import type { HacoConfig } from "../adapters/config/config.js";
import type { ModelInfo, WorkerProvider } from "../adapters/worker/provider.js";
import type { SendPolicy } from "../adapters/workspace/sendPolicy.js";
import { pendingJournals } from "../adapters/workspace/journal.js";
import type { Templates } from "../domain/prompt/buildPrompt.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { HacoError } from "../domain/errors.js";
import { runTicket } from "../session/runTicket.js";
import { stamp, type EventInput, type HacoEvent, type VramReadout } from "../session/events.js";
import type { Reviewer } from "./reviewGate.js";

/**
 * Runs tickets for the cockpit: plain TypeScript, no React, reporting only
 * through `emit` (the same events as `haco run --json`). One ticket at a
 * time; Esc aborts it through the AbortSignal runTicket passes to the worker
 * (which cancels the request at the server) and to the test runner.
 */

export interface ControllerDeps {
  repoRoot: string;
  config: HacoConfig;
  worker: WorkerProvider;
  model: string;
  tickets: readonly Ticket[];
  templatesFor: (kind: string) => Promise<Templates>;
  sendPolicy: SendPolicy;
  reviewer: Reviewer;
  emit: (event: HacoEvent) => void;
  /** While the first token is awaited: the model's /api/ps entry, null while it is not in memory yet. */
  onLoadProbe?: (vram: VramReadout | null) => void;
  loadProbeIntervalMs?: number;
  commit?: boolean;
  keepFailed?: boolean;
}

interface Running {
  ticket: string;
  abort: AbortController;
  done: Promise<void>;
}

export class CockpitController {
  private running: Running | null = null;
  private modelInfo: ModelInfo | null = null;

  constructor(private readonly deps: ControllerDeps) {}

  get activeTicket(): string | null {
    return this.running?.ticket ?? null;
  }

  /** Starts a ticket in the background; returns why it cannot start, or null. */
  start(id: string): string | null {
    if (this.running) return `${this.running.ticket} is still running`;
    const ticket = this.deps.tickets.find((t) => t.id === id);
    if (!ticket) return `the plan has no ticket ${id}`;
    const abort = new AbortController();
    const running: Running = { ticket: id, abort, done: Promise.resolve() };
    running.done = this.run(ticket, abort.signal).finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return null;
  }

  /** Esc: stops the draft (or the tests) of the running ticket. */
  abort(): void {
    this.running?.abort.abort();
    this.deps.reviewer.cancel();
  }

  decideAll(accept: boolean): boolean {
    return this.deps.reviewer.decideAll(accept);
  }

  /** Resolves once no ticket runs (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** Quit: abort what runs and wait until its files are restored, so nothing is left half-written. */
  async shutdown(): Promise<void> {
    this.abort();
    await this.idle();
  }

  /** Journals left by a run that was killed: the files they hold may need restoring. */
  async reportInterrupted(): Promise<void> {
    for (const name of await pendingJournals(this.deps.repoRoot)) {
      this.emit({
        type: "warning",
        code: "interrupted_ticket",
        message: `.haco/journal/${name} holds the pre-images of an interrupted ticket — run 'haco rollback' to restore them`,
      });
    }
  }

  private emit(event: EventInput): void {
    this.deps.emit(stamp(event));
  }

  private async run(ticket: Ticket, signal: AbortSignal): Promise<void> {
    const failed = (reason: string) => this.emit({ type: "ticket.done", ticket: ticket.id, status: "failed", reason });
    try {
      this.modelInfo ??= await this.deps.worker.preflight(this.deps.model);
    } catch (err) {
      const message = describe(err);
      // Not the ticket's fault (the server is down, the model is missing): a notice for the whole cockpit.
      this.emit({ type: "error", code: err instanceof HacoError ? err.code : "internal", message });
      return failed(message);
    }
    const probe = this.loadProbe();
    try {
      await runTicket(ticket, {
        repoRoot: this.deps.repoRoot,
        config: this.deps.config,
        worker: this.deps.worker,
        model: this.deps.model,
        modelInfo: this.modelInfo,
        templatesFor: this.deps.templatesFor,
        sendPolicy: this.deps.sendPolicy,
        decide: this.deps.reviewer.decide,
        commit: this.deps.commit ?? true,
        keepFailed: this.deps.keepFailed ?? false,
        signal,
        emit: (event) => {
          const stamped = stamp(event);
          probe.see(stamped);
          this.deps.emit(stamped);
        },
      });
    } catch (err) {
      // runTicket throws only when the worker went away (exit 3) or on a bug; the cockpit stays up either way.
      this.modelInfo = null;
      const message = describe(err);
      this.emit({ type: "error", code: err instanceof HacoError ? err.code : "internal", message });
      failed(message);
    } finally {
      probe.stop();
    }
  }

  /**
   * Between worker.start and the first token Ollama says nothing; asking
   * /api/ps tells "loading the model" from "reading the prompt".
   */
  private loadProbe() {
    const { worker, model, onLoadProbe } = this.deps;
    const interval = this.deps.loadProbeIntervalMs ?? 1000;
    let state: "before" | "probing" | "over" = "before";
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      const vram = await worker.vram(model);
      if (state !== "probing") return;
      onLoadProbe?.(vram);
      timer = setTimeout(() => void tick(), interval);
      timer.unref();
    };
    const stop = () => {
      state = "over";
      clearTimeout(timer);
    };
    return {
      see(event: HacoEvent) {
        if (!onLoadProbe) return;
        if (event.type === "worker.start" && state === "before") {
          state = "probing";
          void tick();
        } else if (state === "probing" && (event.type === "worker.token" || event.type === "worker.done" || event.type === "ticket.done")) {
          stop();
        }
      },
      stop,
    };
  }
}

function describe(err: unknown): string {
  if (err instanceof HacoError) return err.message;
  return `internal error: ${err instanceof Error ? err.message : String(err)} — please report this as a bug`;
}
