import type { Ticket } from "../domain/tickets/ticket.js";
import { EXIT, HacoError } from "../domain/errors.js";
import { hasPendingJournal, pendingJournalMessage, pendingJournals } from "../adapters/workspace/journal.js";
import { operationBlockingCommits, operationRefusal } from "../adapters/workspace/gitOperation.js";
import { runTicket, type TicketDeps } from "./runTicket.js";
import { generateDraft, type GeneratedDraft } from "./draftTicket.js";
import type { EventInput, TicketStatus } from "../domain/events/events.js";

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
  /** Warnings found before the run (plan tickets skipped, queued files rejected): emitted right after run.start. */
  notices?: readonly EventInput[];
}

export async function runSession(options: SessionOptions): Promise<number> {
  const { emit } = options;
  const statuses: Record<string, TicketStatus> = {};
  // Drafts made ahead stop with the run, however it ends.
  const aheadAbort = new AbortController();
  options.signal?.addEventListener("abort", () => aheadAbort.abort(), { once: true });
  const finish = (exitCode: number) => {
    aheadAbort.abort();
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
  for (const notice of options.notices ?? []) emit(notice);

  // A commit in the middle of a merge or rebase would mix haco's change into it.
  if (options.commit) {
    const operation = await operationBlockingCommits(options.repoRoot);
    if (operation) return finish(reportFatal(operationRefusal(operation), emit));
  }

  const journals = await pendingJournals(options.repoRoot);
  for (const name of journals) {
    emit({
      type: "warning",
      code: "interrupted_ticket",
      message: `.haco/journal/${name} holds the pre-images of a ticket whose run was interrupted — run 'haco rollback' to restore those files, or delete the journal to keep them; until then that ticket is not run`,
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
  /** A ticket was refused because its journal is pending: the run ends with exit 2 (the repository needs 'haco rollback'). */
  let journalBlocked = false;
  // Look-ahead: with two or more endpoints, the next tickets' drafts run while this one is reviewed and
  // tested — on the endpoints this ticket's own draft leaves free, so it never waits for them.
  const lookAhead = options.pool && options.pool.size >= 2 ? Math.min(options.config.worker.lookAhead, options.pool.size - 1) : 0;
  const ahead = new Map<string, Promise<GeneratedDraft>>();
  const draftAhead = (deps: TicketDeps) => {
    for (const next of pending.slice(0, lookAhead)) {
      if (ahead.has(next.id) || next.owner === "supervisor" || journals.includes(`${next.id}.json`)) continue;
      emit({ type: "draft.ahead", ticket: next.id });
      const draft = generateDraft(next, { ...deps, signal: aheadAbort.signal }, undefined);
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
    // Its journal holds an interrupted run's pre-images, which running it again would overwrite.
    if (await hasPendingJournal(options.repoRoot, ticket.id)) {
      refuseForJournal(ticket, emit);
      statuses[ticket.id] = "refused";
      journalBlocked = true;
      continue;
    }
    try {
      const current = ticket;
      const base: TicketDeps = { ...options, modelInfo };
      const deps: TicketDeps = {
        ...base,
        prefetched: ahead.get(current.id) ?? null,
        // Once this ticket's draft has its endpoint (or was made ahead), the next ones may take the others.
        emit: (event) => {
          options.emit(event);
          if (lookAhead > 0 && event.type === "worker.start" && event.ticket === current.id) draftAhead(base);
        },
      };
      if (lookAhead > 0 && deps.prefetched) draftAhead(base);
      ahead.delete(current.id);
      statuses[current.id] = await runTicket(current, deps);
    } catch (err) {
      // The worker went away (exit 3), or a bug: the ticket still ends with its error and reason before the run does.
      const message = err instanceof HacoError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)} — please report this as a bug`;
      emit({ type: "error", code: err instanceof HacoError ? err.code : "internal", message, ticket: ticket.id });
      emit({ type: "ticket.done", ticket: ticket.id, status: "failed", reason: message });
      statuses[ticket.id] = "failed";
      if (!(err instanceof HacoError)) throw err;
      return finish(err.exitCode);
    }
  }
  const allDone = Object.values(statuses).every((s) => s === "committed" || (s === "applied" && !options.commit));
  return finish(journalBlocked ? EXIT.badInput : allDone ? EXIT.ok : EXIT.ticketFailed);
}

/**
 * A ticket whose journal is pending is refused: it is not started (no
 * ticket.start, as the interrupted_ticket warning says), and `haco rollback`
 * comes first. Its ticket.done still gives it a status and a queued one its result.
 */
function refuseForJournal(ticket: Ticket, emit: (event: EventInput) => void): void {
  const message = pendingJournalMessage(ticket.id);
  emit({ type: "error", code: "pending_journal", message, ticket: ticket.id });
  emit({ type: "ticket.done", ticket: ticket.id, status: "refused", reason: message });
}

function reportFatal(err: unknown, emit: (event: EventInput) => void): number {
  if (err instanceof HacoError) {
    emit({ type: "error", code: err.code, message: err.message });
    return err.exitCode;
  }
  throw err;
}
