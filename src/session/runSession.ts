import type { Ticket } from "../domain/tickets/ticket.js";
import { EXIT, HacoError } from "../domain/errors.js";
import { pendingJournals } from "../adapters/workspace/journal.js";
import { runTicket, type TicketDeps } from "./runTicket.js";
import { generateDraft, type GeneratedDraft } from "./draftTicket.js";
import type { EventInput, TicketStatus } from "./events.js";

/**
 * Runs tickets one after another. The worker is checked once up front so
 * that an unreachable server or a missing model fails before any file is
 * touched; the exit code sums up the run (see EXIT).
 */

export interface SessionOptions extends Omit<TicketDeps, "modelInfo"> {
  tickets: Ticket[];
  plan: string | null;
  /** More tickets once these are done (files queued meanwhile); an empty list ends the run. */
  more?: () => Promise<Ticket[]>;
}

export async function runSession(options: SessionOptions): Promise<number> {
  const { emit } = options;
  const statuses: Record<string, TicketStatus> = {};
  const finish = (exitCode: number) => {
    emit({ type: "run.done", exitCode, statuses });
    return exitCode;
  };
  emit({
    type: "run.start",
    tickets: options.tickets.map((t) => t.id),
    plan: options.plan,
    model: options.model,
    host: options.worker.host,
  });

  for (const name of await pendingJournals(options.repoRoot)) {
    emit({
      type: "warning",
      code: "interrupted_ticket",
      message: `.haco/journal/${name} holds the pre-images of a ticket whose run was interrupted — run 'haco rollback' to restore those files, or delete the journal to keep them`,
    });
  }

  let modelInfo;
  try {
    // With a pool, any endpoint that has the model will do; one that is down now may be back later.
    if (options.pool) {
      const lease = await options.pool.acquire(options.model, options.signal);
      modelInfo = lease.modelInfo;
      lease.release();
    } else {
      modelInfo = await options.worker.preflight(options.model);
    }
  } catch (err) {
    return finish(reportFatal(err, emit));
  }

  const pending = [...options.tickets];
  // Look-ahead: with two or more endpoints, the next tickets' drafts run while this one is reviewed and tested.
  const lookAhead = options.pool && options.pool.size >= 2 ? options.config.worker.lookAhead : 0;
  const ahead = new Map<string, Promise<GeneratedDraft>>();
  const draftAhead = (deps: TicketDeps) => {
    for (const next of pending.slice(0, lookAhead)) {
      if (ahead.has(next.id) || next.owner === "supervisor") continue;
      emit({ type: "draft.ahead", ticket: next.id });
      const draft = generateDraft(next, deps, undefined);
      // Awaited when the ticket's turn comes; until then a failure must not go unhandled.
      draft.catch(() => undefined);
      ahead.set(next.id, draft);
    }
  };
  for (let ticket = pending.shift(); ticket; ticket = pending.shift() ?? (options.more ? (pending.push(...(await options.more())), pending.shift()) : undefined)) {
    if (options.signal?.aborted) {
      emit({ type: "error", code: "interrupted", message: "interrupted — the remaining tickets were not started" });
      return finish(EXIT.ticketFailed);
    }
    try {
      const deps: TicketDeps = { ...options, modelInfo, prefetched: ahead.get(ticket.id) ?? null };
      ahead.delete(ticket.id);
      const running = runTicket(ticket, deps);
      if (lookAhead > 0) draftAhead({ ...options, modelInfo });
      statuses[ticket.id] = await running;
    } catch (err) {
      return finish(reportFatal(err, emit));
    }
  }
  const allDone = Object.values(statuses).every((s) => s === "committed" || (s === "applied" && !options.commit));
  return finish(allDone ? EXIT.ok : EXIT.ticketFailed);
}

function reportFatal(err: unknown, emit: (event: EventInput) => void): number {
  if (err instanceof HacoError) {
    emit({ type: "error", code: err.code, message: err.message });
    return err.exitCode;
  }
  throw err;
}
