import type { HacoConfig } from "../adapters/config/config.js";
import type { ModelInfo, WorkerProvider } from "../adapters/worker/provider.js";
import type { SendPolicy } from "../adapters/workspace/sendPolicy.js";
import { finishLandedCommits } from "../adapters/workspace/interruptedRuns.js";
import { hasPendingJournal, Journal, pendingJournalMessage, pendingJournals } from "../adapters/workspace/journal.js";
import { operationBlockingCommits, operationRefusal } from "../adapters/workspace/gitOperation.js";
import type { Templates } from "../domain/prompt/buildPrompt.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { HacoError } from "../domain/errors.js";
import { undoCommit } from "../adapters/workspace/undoCommit.js";
import { commitChanges, type CommittedFile } from "../adapters/workspace/commitChanges.js";
import { firstChangedSince } from "../adapters/workspace/worktreeState.js";
import { draftCommitMessage } from "../session/draftCommitMessage.js";
import { runTicket, type CommitRecord, type FailureChoice, type TestFailure, type TicketDeps } from "../session/runTicket.js";
import { generateDraft, type GeneratedDraft } from "../session/draftTicket.js";
import type { CommitContext } from "../session/ticketDeps.js";
import { stamp, type EventInput, type HacoEvent, type VramReadout } from "../domain/events/events.js";
import type { CockpitAction } from "./cockpitState.js";
import { Gate } from "./gate.js";
import type { SupervisorDrafter } from "../adapters/supervisor/supervisorDrafter.js";
import type { EndpointPool } from "../session/endpointPool.js";
import type { Planner } from "../adapters/supervisor/planToFile.js";
import { NO_KEY_MESSAGE } from "../adapters/supervisor/supervisorError.js";
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
  /** Claude as a second drafter (supervisor tickets, escalations); null without a key. */
  supervisor?: SupervisorDrafter | null;
  /** p: plans a request with Claude into tickets; null without a key. */
  planner?: Planner | null;
  /** Several worker endpoints: each draft on the first free one with the model. */
  pool?: EndpointPool | null;
  /** Every prompt sent to a drafter (the run log keeps them). */
  onPrompt?: TicketDeps["onPrompt"];
  templatesFor: (kind: string) => Promise<Templates>;
  sendPolicy: SendPolicy;
  reviewer: Reviewer;
  emit: (event: HacoEvent) => void;
  /** The cockpit's own actions: a question opened or closed (failed tests, the commit message). */
  raise: (action: CockpitAction) => void;
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
  private readonly tickets: Ticket[];
  /** Drafts made ahead (look-ahead), by ticket id, until the ticket is started. */
  private readonly ahead = new Map<string, { draft: Promise<GeneratedDraft>; held: HacoEvent[]; abort: AbortController }>();
  private readonly aheadAbort = new AbortController();
  /** Whether a ticket still waits to be started (the cockpit's Tickets pane knows); all do by default. */
  pendingIds: ((id: string) => boolean) | null = null;
  private planning: AbortController | null = null;
  private modelInfo: ModelInfo | null = null;
  /** The tests failed: r, x, k or E. Quit or abort restores the files. */
  private readonly failureGate = new Gate<FailureChoice>("rollback");
  /** The tests passed: the message to commit with, or null (Esc) to leave the change uncommitted. */
  private readonly commitGate = new Gate<string | null>(null);
  /** The last commit this cockpit made, while `U` may still undo it. */
  private lastCommit: CommitRecord | null = null;
  /** num_ctx of the running ticket's prompt, reused for its commit message. */
  private numCtx: number | null = null;
  /** Tested changes left uncommitted (Esc in the commit box), by ticket: Enter on one opens its commit box again. */
  private readonly uncommitted = new Map<string, { files: CommittedFile[]; message: string; by: "worker" | "template" }>();
  /** The message the commit box last opened with, by ticket: what a later commit starts from. */
  private readonly drafted = new Map<string, { message: string; by: "worker" | "template" }>();

  constructor(private readonly deps: ControllerDeps) {
    this.tickets = [...deps.tickets];
  }

  /** Tickets that arrived while the cockpit runs (the queue, a plan made with p). */
  addTickets(tickets: readonly Ticket[]): Ticket[] {
    const known = new Set(this.tickets.map((t) => t.id));
    const added = tickets.filter((t) => !known.has(t.id));
    this.tickets.push(...added);
    if (added.length) this.deps.raise({ type: "tickets.add", tickets: added });
    return added;
  }

  get ticketIds(): string[] {
    return this.tickets.map((t) => t.id);
  }

  /** p: Claude plans the request; its tickets join the list. Returns why it cannot start, or null. */
  plan(request: string): string | null {
    if (!this.deps.planner) return NO_KEY_MESSAGE;
    if (this.planning) return "Claude is still planning the last request";
    const abort = new AbortController();
    this.planning = abort;
    let last = -1;
    const planner = this.deps.planner;
    this.emit({ type: "plan.start", request, model: planner.model });
    this.deps.raise({ type: "planning", status: "Claude is planning…" });
    void planner
      .plan(request, {
        signal: abort.signal,
        takenIds: new Set(this.ticketIds),
        onProgress: (p) => {
          if (p.tickets === last) return;
          last = p.tickets;
          this.emit({ type: "plan.progress", tickets: p.tickets, titles: p.titles });
          this.deps.raise({ type: "planning", status: `Claude is planning: ${p.tickets} ticket(s)${p.titles.at(-1) ? ` — ${p.titles.at(-1)}` : ""}` });
        },
        onUsage: (u) => this.emit({ type: "supervisor.usage", purpose: "plan", model: u.model, inputTokens: u.inputTokens, outputTokens: u.outputTokens }),
      })
      .then((result) => {
        this.addTickets(result.tickets);
        this.emit({ type: "plan.done", file: result.file, tickets: result.summaries, flagged: result.flagged });
        for (const notice of result.notices) this.emit({ type: "warning", code: "plan_written_as_yaml", message: notice });
        for (const flag of result.flagged) {
          this.emit({ type: "warning", code: "ticket_over_limits", ticket: flag.id, message: `${flag.id} ${flag.breaches.join("; ")} — flagged in ${result.file}; fix it before running` });
        }
      })
      .catch((err: unknown) => this.emit({ type: "error", code: err instanceof HacoError ? err.code : "internal", message: describe(err) }))
      .finally(() => {
        this.planning = null;
        this.deps.raise({ type: "planning", status: null });
      });
    return null;
  }

  get activeTicket(): string | null {
    return this.running?.ticket ?? null;
  }

  /** Starts a ticket in the background; returns why it cannot start, or null. */
  start(id: string): string | null {
    if (this.running) return `${this.running.ticket} is still running`;
    const ticket = this.tickets.find((t) => t.id === id);
    if (!ticket) return `the plan has no ticket ${id}`;
    const left = this.uncommitted.get(id);
    if (left) {
      const running: Running = { ticket: id, abort: new AbortController(), done: Promise.resolve() };
      running.done = this.commitLater(id, left).finally(() => {
        if (this.running === running) this.running = null;
      });
      this.running = running;
      return null;
    }
    const abort = new AbortController();
    const running: Running = { ticket: id, abort, done: Promise.resolve() };
    const ahead = this.ahead.get(id);
    this.ahead.delete(id);
    // Esc on this ticket stops its draft, even one that started ahead of time.
    if (ahead) abort.signal.addEventListener("abort", () => ahead.abort.abort(), { once: true });
    // The held-back events of a draft made ahead are replayed now, after this ticket's start.
    const prefetched = ahead
      ? ahead.draft.then((result) => {
          for (const event of ahead.held) this.deps.emit(event);
          return result;
        })
      : null;
    running.done = this.run(ticket, abort.signal, prefetched).finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return null;
  }

  /**
   * Look-ahead: with two or more endpoints, the tickets after the one just
   * started are drafted on the free endpoints while it is reviewed. Their
   * events are held back (the Worker pane shows the current ticket) and
   * replayed when the ticket is started, so its stream and figures appear
   * at once.
   */
  private draftAhead(after: string): void {
    const { pool, config } = this.deps;
    // On the endpoints the current draft leaves free, so it never waits for a draft made ahead.
    const lookAhead = pool && pool.size >= 2 && this.modelInfo ? Math.min(config.worker.lookAhead, pool.size - 1) : 0;
    if (lookAhead === 0) return;
    const from = this.tickets.findIndex((t) => t.id === after) + 1;
    const next = this.tickets.slice(from).filter((t) => t.owner === "worker" && this.isPending(t.id) && !this.ahead.has(t.id)).slice(0, lookAhead - this.ahead.size);
    for (const ticket of next) {
      const held: HacoEvent[] = [];
      this.emit({ type: "draft.ahead", ticket: ticket.id });
      const abort = new AbortController();
      this.aheadAbort.signal.addEventListener("abort", () => abort.abort(), { once: true });
      const draft = generateDraft(ticket, { ...this.ticketDeps(abort.signal), emit: (event) => void held.push(stamp(event)) }, undefined);
      // Awaited when the ticket is started; until then a failure must not go unhandled.
      draft.catch(() => undefined);
      this.ahead.set(ticket.id, { draft, held, abort });
    }
  }

  /** Esc: stops the draft (or the tests) of the running ticket. */
  abort(): void {
    this.running?.abort.abort();
    this.deps.reviewer.cancel();
    this.failureGate.cancel();
    this.commitGate.cancel();
  }

  /** r, x, k or E after failing tests; false when no such choice is pending. */
  chooseAfterFailure(choice: FailureChoice): boolean {
    return this.failureGate.settle(choice);
  }

  /** Enter in the commit box (the message) or Esc (null: leave the change applied, uncommitted). */
  commit(message: string | null): boolean {
    return this.commitGate.settle(message);
  }

  /** U: the commit `U` would undo, or null. */
  get undoable(): CommitRecord | null {
    return this.lastCommit;
  }

  /** U, confirmed: undoes haco's last commit if HEAD is still it and its files have no newer changes. */
  async undoLastCommit(): Promise<void> {
    const record = this.lastCommit;
    if (!record || this.running) return;
    try {
      const result = await undoCommit(this.deps.repoRoot, record);
      this.lastCommit = null;
      this.emit({ type: "commit.undone", ticket: record.ticket, sha: record.sha, files: result.files });
    } catch (err) {
      // Whatever moved (HEAD, a file), the commit cannot be undone by haco any more.
      if (err instanceof HacoError) {
        this.lastCommit = null;
        this.deps.raise({ type: "commit.forget" });
      }
      this.emit({ type: "error", code: err instanceof HacoError ? err.code : "internal", message: describe(err) });
    }
  }

  /** Resolves once no ticket runs (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** Quit: abort what runs and wait until its files are restored, so nothing is left half-written. */
  async shutdown(): Promise<void> {
    this.planning?.abort();
    this.aheadAbort.abort();
    this.abort();
    await this.idle();
  }

  /** Journals left by a run that was killed: a landed commit is finished; the files the others hold may need restoring. */
  async reportInterrupted(): Promise<void> {
    for (const recovered of await finishLandedCommits(this.deps.repoRoot)) {
      this.emit({ type: "warning", code: "commit_recovered", ticket: recovered.ticket, message: recovered.message });
    }
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

  private async run(ticket: Ticket, signal: AbortSignal, prefetched: Promise<GeneratedDraft> | null): Promise<void> {
    const failed = (reason: string) => this.emit({ type: "ticket.done", ticket: ticket.id, status: "failed", reason });
    // Not started at all: a notice says why, and the ticket stays pending for when that is sorted out.
    const refusal = await this.startRefusal(ticket.id).catch((err: unknown) => ({ code: err instanceof HacoError ? err.code : "internal", message: describe(err) }));
    if (refusal) {
      this.emit({ type: "error", ...refusal });
      return;
    }
    try {
      this.modelInfo ??= await this.preflight();
    } catch (err) {
      const message = describe(err);
      // Not the ticket's fault (the server is down, the model is missing): a notice for the whole cockpit.
      this.emit({ type: "error", code: err instanceof HacoError ? err.code : "internal", message });
      return failed(message);
    }
    if (prefetched) this.draftAhead(ticket.id);
    const probe = this.loadProbe();
    try {
      await runTicket(ticket, {
        ...this.ticketDeps(signal),
        prefetched,
        decide: this.deps.reviewer.decide,
        commit: this.deps.commit ?? true,
        keepFailed: this.deps.keepFailed ?? false,
        retries: this.deps.config.review.retries,
        onTestFailure: (t, failure) => this.askAfterFailure(t, failure),
        commitMessage: (t, context) => this.askCommitMessage(t, context, signal),
        onCommitted: (record) => (this.lastCommit = record),
        onLeftUncommitted: (change) => {
          const drafted = this.drafted.get(change.ticket) ?? { message: change.suggested, by: "template" as const };
          // The message as the user last sent it, when a hook refused it: their edits are kept.
          this.uncommitted.set(change.ticket, { files: change.files, ...drafted, ...(change.message ? { message: change.message } : {}) });
          this.emit({ type: "warning", code: "left_uncommitted", message: `${change.ticket} is applied and uncommitted: Enter on it opens its commit box again` });
        },
        emit: (event) => {
          const stamped = stamp(signal.aborted ? asStopped(event) : event);
          if (stamped.type === "prompt.built") this.numCtx = stamped.numCtx;
          // This ticket's draft has its endpoint: the next tickets may take the others.
          if (stamped.type === "worker.start" && stamped.ticket === ticket.id) this.draftAhead(ticket.id);
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
   * Why the ticket may not start, or null: its journal from an interrupted run
   * is still there (running it would overwrite it), or git is in the middle
   * of a merge or rebase that haco's commit would land in.
   */
  private async startRefusal(id: string): Promise<{ code: string; message: string } | null> {
    if (await hasPendingJournal(this.deps.repoRoot, id)) return { code: "pending_journal", message: pendingJournalMessage(id) };
    if (this.deps.commit ?? true) {
      const operation = await operationBlockingCommits(this.deps.repoRoot);
      if (operation) return { code: "git_operation_in_progress", message: `${id} was not started: ${operationRefusal(operation).message}` };
    }
    return null;
  }

  /** What every draft of this cockpit shares; the caller adds the review, the questions and its own emit. */
  private ticketDeps(signal: AbortSignal): TicketDeps {
    return {
      repoRoot: this.deps.repoRoot,
      config: this.deps.config,
      worker: this.deps.worker,
      model: this.deps.model,
      modelInfo: this.modelInfo!,
      templatesFor: this.deps.templatesFor,
      sendPolicy: this.deps.sendPolicy,
      decide: async (_ticket, proposal) => ({ changes: proposal.changes, accepted: new Set() }),
      commit: this.deps.commit ?? true,
      keepFailed: this.deps.keepFailed ?? false,
      supervisor: this.deps.supervisor ?? null,
      pool: this.deps.pool ?? null,
      onPrompt: this.deps.onPrompt,
      signal,
      emit: (event) => this.emit(event),
    };
  }

  private isPending(id: string): boolean {
    return this.pendingIds?.(id) ?? true;
  }

  private async askAfterFailure(ticket: Ticket, failure: TestFailure): Promise<FailureChoice> {
    const answer = this.failureGate.wait();
    this.deps.raise({ type: "failure.open", ticket: ticket.id, command: failure.command, retriesLeft: failure.retriesLeft, canEscalate: failure.canEscalate });
    try {
      return await answer;
    } finally {
      this.deps.raise({ type: "failure.close", ticket: ticket.id });
    }
  }

  /** The worker drafts the message from the accepted hunks (seed 000); the human edits it and presses Enter. */
  private async askCommitMessage(ticket: Ticket, context: CommitContext, signal: AbortSignal): Promise<string | null> {
    const answer = this.commitGate.wait();
    this.deps.raise({ type: "commit.drafting", ticket: ticket.id });
    let message: string | null = null;
    try {
      const drafted = await this.draftMessage(ticket, context, signal);
      // Esc while the worker drafted already answered: no box to open.
      this.drafted.set(ticket.id, { message: drafted.message, by: drafted.by });
      if (this.commitGate.open) this.deps.raise({ type: "commit.open", ticket: ticket.id, message: drafted.message, by: drafted.by, reason: drafted.reason ?? null });
      message = await answer;
      return message;
    } finally {
      this.commitGate.cancel();
      this.deps.raise({ type: "commit.close", ticket: ticket.id, committing: message !== null });
    }
  }

  /**
   * Enter on a ticket whose tested change was left uncommitted: its commit box again, and on Enter
   * the commit of exactly that change — only while its files are still as the ticket left them.
   */
  private async commitLater(id: string, left: { files: CommittedFile[]; message: string; by: "worker" | "template" }): Promise<void> {
    const changed = await firstChangedSince(this.deps.repoRoot, left.files).catch(() => left.files[0]?.path ?? id);
    if (changed) {
      // Still offered: put the file back as the ticket left it and Enter tries again (or commit it with git).
      this.emit({ type: "warning", code: "uncommitted_changed", message: `${changed} changed since ${id} was left uncommitted, so haco will not commit it: commit it yourself with git` });
      return;
    }
    const answer = this.commitGate.wait();
    this.deps.raise({ type: "commit.open", ticket: id, message: left.message, by: left.by, reason: null });
    let message: string | null = null;
    try {
      message = await answer;
    } finally {
      this.commitGate.cancel();
      this.deps.raise({ type: "commit.close", ticket: id, committing: message !== null });
    }
    if (message === null) {
      // Back to how it was: applied, and still offered for a later commit.
      this.emit({ type: "ticket.done", ticket: id, status: "applied", reason: "left uncommitted" });
      return;
    }
    let journal: Journal | null = null;
    try {
      // No pre-images to keep (the change stays either way), but a run killed mid-commit must be finishable.
      journal = await Journal.open(this.deps.repoRoot, id);
      const result = await commitChanges(this.deps.repoRoot, left.files, message, { hooks: this.deps.config.commit.hooks, journal });
      await journal.discard();
      this.uncommitted.delete(id);
      const files = left.files.map((f) => f.path);
      for (const warning of result.warnings) this.emit({ type: "warning", code: "index_kept", ticket: id, message: warning });
      this.emit({ type: "commit.done", ticket: id, sha: result.sha, message: result.message, files });
      this.lastCommit = { ticket: id, sha: result.sha, message: result.message, files: left.files };
      this.emit({ type: "ticket.done", ticket: id, status: "committed" });
    } catch (err) {
      await journal?.discard();
      // Still offered, with the message as sent: a refusing hook's complaint may be about the message.
      this.uncommitted.set(id, { ...left, message });
      this.emit({ type: "error", code: err instanceof HacoError ? err.code : "internal", message: describe(err) });
      this.emit({ type: "ticket.done", ticket: id, status: "applied", reason: describe(err) });
    }
  }

  /** The worker's message, or haco's own when the worker's is unusable or drafting it failed in any way. */
  private async draftMessage(ticket: Ticket, context: CommitContext, signal: AbortSignal): Promise<{ message: string; by: "worker" | "template"; reason?: string }> {
    if (this.deps.config.review.commitMessage !== "worker") return { message: context.suggested, by: "template" };
    try {
      return await draftCommitMessage({
            worker: this.deps.worker,
            model: this.deps.model,
            ticket,
            repoRoot: this.deps.repoRoot,
            // The draft's own window: asking Ollama for another size would reload the model.
            numCtx: this.numCtx ?? undefined,
            changes: context.outcome.changes,
            accepted: context.outcome.accepted,
            signal,
            temperature: this.deps.config.worker.temperature,
            firstTokenTimeoutMs: this.deps.config.worker.firstTokenTimeoutMs,
            stallTimeoutMs: this.deps.config.worker.stallTimeoutMs,
          });
    } catch (err) {
      return { message: context.suggested, by: "template", reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /** With a pool, any endpoint that has the model will do. */
  private async preflight(): Promise<ModelInfo> {
    const { pool, worker, model } = this.deps;
    if (!pool) return worker.preflight(model);
    const lease = await pool.acquire(model);
    lease.release();
    return lease.modelInfo;
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

/**
 * A ticket the user stopped (Esc, or quitting) did not fail on its own: its end says so, and that
 * Enter starts it again, rather than the worker adapter's "the request … was cancelled".
 */
function asStopped(event: EventInput): EventInput {
  if (event.type === "ticket.done" && event.status === "failed") return { ...event, reason: "stopped before it was done; Enter starts it again" };
  if (event.type === "error" && event.code === "worker_aborted") return { ...event, message: "stopped: the draft was cancelled at the server" };
  return event;
}
