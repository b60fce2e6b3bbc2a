import { describeCommandEnd } from "../adapters/testing/runCommand.js";
import { conventionalCommitMessage } from "../domain/commitMessage.js";
import { retryFeedback } from "../domain/prompt/retryFeedback.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { HacoError } from "../domain/errors.js";
import { Journal } from "../adapters/workspace/journal.js";
import { keptMessage } from "../adapters/workspace/journalRestore.js";
import { HOOK_REFUSALS } from "../adapters/workspace/commitHooks.js";
import { commitChanges } from "../adapters/workspace/commitChanges.js";
import { applyAccepted } from "./applyAccepted.js";
import { draftTicket } from "./draftTicket.js";
import { describeRefusals } from "./proposalEvents.js";
import { runTests } from "./runTests.js";
import type { Drafter, TicketStatus } from "../domain/events/events.js";
import type { FailureChoice, ReviewOutcome, TestFailure, TicketDeps } from "./ticketDeps.js";

export type { CommitRecord, FailureChoice, ReviewOutcome, TestFailure, TicketDeps } from "./ticketDeps.js";
export { acceptEverything, acceptNothing } from "./ticketDeps.js";

/**
 * The loop of one ticket, free of any UI: prompt → draft → hunks → decisions
 * → apply → test → commit, and on failing tests perhaps a new draft that is
 * told what failed. It reports only through `emit`; the cockpit, `--json`
 * and the run log all consume the same events.
 */

/** Commit refusals after which the same change and message can simply be committed again (the lock gone). */
const COMMIT_AGAIN = new Set(["index_locked", "index_changed"]);

type Attempt =
  | { kind: "done"; status: TicketStatus; reason?: string }
  /** Draft again: the same drafter (retry), or the supervisor (escalate). */
  | { kind: "again"; escalate: boolean; feedback: string; reason: string };

export async function runTicket(ticket: Ticket, deps: TicketDeps): Promise<TicketStatus> {
  const { emit } = deps;
  const finish = (status: TicketStatus, reason?: string): TicketStatus => {
    emit({ type: "ticket.done", ticket: ticket.id, status, ...(reason ? { reason } : {}) });
    return status;
  };
  emit({ type: "ticket.start", ticket: ticket.id, title: ticket.title, owner: ticket.owner });
  let drafter: Drafter = ticket.owner === "supervisor" ? "supervisor" : "worker";
  if (drafter === "supervisor" && !deps.supervisor) {
    return finish("refused", `${ticket.id} is owned by the supervisor: set ANTHROPIC_API_KEY so Claude can draft it, or change its owner to worker`);
  }
  const retries = Math.max(0, deps.retries ?? 0);
  let feedback: string | undefined;
  let drafts = 0;
  for (let attempt = 1; ; attempt++) {
    drafts++;
    // The worker gets 1 + retries drafts; the supervisor, once it has the ticket, gets one.
    const retriesLeft = drafter === "worker" ? Math.max(0, retries - (drafts - 1)) : 0;
    const result = await attemptTicket(ticket, withDrafter(deps, drafter), drafter, attempt, retriesLeft, feedback);
    if (result.kind === "done") return finish(result.status, result.reason);
    feedback = result.feedback;
    if (result.escalate) {
      drafter = "supervisor";
      emit({ type: "ticket.escalated", ticket: ticket.id, to: "supervisor", reason: result.reason });
    }
    emit({ type: "ticket.retry", ticket: ticket.id, attempt: attempt + 1, reason: result.reason });
  }
}

/** The deps with the drafter's provider, model and context window in the worker's place. */
function withDrafter(deps: TicketDeps, drafter: Drafter): TicketDeps {
  if (drafter === "worker" || !deps.supervisor) return deps;
  const { provider, model, modelInfo } = deps.supervisor;
  return { ...deps, worker: provider, model, modelInfo };
}

async function attemptTicket(ticket: Ticket, deps: TicketDeps, drafter: Drafter, attempt: number, retriesLeft: number, feedback: string | undefined): Promise<Attempt> {
  const { emit } = deps;
  const done = (status: TicketStatus, reason?: string): Attempt => ({ kind: "done", status, ...(reason ? { reason } : {}) });
  // The supervisor can take over a worker's ticket only when it is there and allowed to.
  const canEscalate = drafter === "worker" && !!deps.supervisor && deps.config.supervisor.escalate;

  // The first draft may have been made ahead of time (look-ahead), while an earlier ticket was reviewed.
  const drafted = await draftTicket(ticket, deps, feedback, drafter, attempt === 1 ? (deps.prefetched ?? undefined) : undefined);
  if (!drafted.ok) return done(drafted.status, drafted.reason);
  const { proposal, snapshot } = drafted;
  if (proposal.blocking.length > 0) return done("refused", describeRefusals(proposal.blocking));
  if (proposal.changes.length === 0) return done("refused", `nothing to change: ${describeRefusals(proposal.refusals)}`);

  // 4. Decisions. A run stopped meanwhile (Esc, quit) must not open a review nobody will answer,
  // nor write what was decided after the user left.
  if (deps.signal?.aborted) return done("failed", "stopped before review");
  const outcome = await deps.decide(ticket, proposal);
  if (deps.signal?.aborted) return done("failed", "stopped during review; nothing was written");
  for (const change of outcome.changes) {
    for (const hunk of change.hunks) {
      emit({ type: "hunk.decision", ticket: ticket.id, hunk: hunk.id, accepted: outcome.accepted.has(hunk.id), ...(outcome.edited?.has(hunk.id) ? { edited: true } : {}) });
    }
  }
  if (outcome.accepted.size === 0) return done("rejected", "no hunk was accepted");

  // 5. Apply, journalled.
  const journal = await Journal.open(deps.repoRoot, ticket.id);
  const applied = await applyAccepted(deps.repoRoot, [...outcome.changes], outcome.accepted, snapshot, journal);
  if (!applied.ok) {
    await journal.discard();
    emit({ type: "error", code: "changed_on_disk", message: applied.reason, ticket: ticket.id });
    return done("failed", applied.reason);
  }
  const files = applied.files.map((f) => f.path);
  emit({ type: "apply.done", ticket: ticket.id, files });

  // 6. Test: the ticket's command, then the configured verify commands.
  const tests = await runTests(ticket, { repoRoot: deps.repoRoot, config: deps.config, signal: deps.signal, emit });
  if (!tests.passed) {
    const why = describeCommandEnd(tests, deps.config.test.timeoutMs);
    const failure: TestFailure = { ...tests, attempt, retriesLeft, canEscalate };
    // A stopped run (Esc, quit) always restores: nobody is there to choose.
    const choice: FailureChoice = deps.signal?.aborted
      ? "rollback"
      : deps.onTestFailure
        ? await deps.onTestFailure(ticket, failure)
        : retriesLeft > 0
          ? "retry"
          : canEscalate
            ? "escalate"
            : deps.keepFailed
              ? "keep"
              : "rollback";
    if (choice === "keep") {
      await journal.discard();
      return done("failed", `'${tests.command}' ${why}; the changes were kept uncommitted`);
    }
    const rolled = await journal.rollback();
    const kept = rolled.kept.map((k) => k.path);
    emit({ type: "rollback.done", ticket: ticket.id, files: rolled.restored, kept });
    if (kept.length > 0) {
      // Someone else is editing the ticket's files: drafting again would be against a moving target.
      emit({ type: "warning", code: "rollback_kept", ticket: ticket.id, message: keptMessage(ticket.id, rolled.kept, `.haco/journal/${ticket.id}.json`) });
      return done("failed", `'${tests.command}' ${why}; the files were restored except ${kept.join(", ")}, changed since haco wrote ${kept.length === 1 ? "it" : "them"} and left as ${kept.length === 1 ? "it is" : "they are"}`);
    }
    const again = (escalate: boolean): Attempt => ({ kind: "again", escalate, reason: `'${tests.command}' ${why}`, feedback: feedbackFor(attempt, failure, outcome, proposal.refusals) });
    if (choice === "escalate") {
      if (canEscalate && !deps.signal?.aborted) return again(true);
      return done("escalated", `'${tests.command}' ${why}; the files were restored and the ticket is marked for the supervisor`);
    }
    if (choice === "retry" && retriesLeft > 0 && !deps.signal?.aborted) return again(false);
    return done("failed", `'${tests.command}' ${why}; the files were restored`);
  }

  // 7. Commit exactly what was applied.
  if (!deps.commit) {
    await journal.discard();
    return done("applied");
  }
  // Stopped after the tests passed: the tested change stays, uncommitted; nobody is there to write its message.
  if (deps.signal?.aborted) {
    await journal.discard();
    return done("applied", "stopped before the commit; the change is applied and uncommitted");
  }
  const suggested = conventionalCommitMessage(ticket, files);
  const message = deps.commitMessage ? await deps.commitMessage(ticket, { files, outcome, suggested }) : suggested;
  if (message === null) {
    await journal.discard();
    deps.onLeftUncommitted?.({ ticket: ticket.id, files: applied.files, suggested });
    return done("applied", "left uncommitted");
  }
  try {
    const result = await commitChanges(deps.repoRoot, applied.files, message, { hooks: deps.config.commit.hooks, journal });
    await journal.discard();
    for (const warning of result.warnings) emit({ type: "warning", code: "index_kept", ticket: ticket.id, message: warning });
    emit({ type: "commit.done", ticket: ticket.id, sha: result.sha, message: result.message, files });
    deps.onCommitted?.({ ticket: ticket.id, sha: result.sha, message: result.message, files: applied.files });
    return done("committed");
  } catch (err) {
    if (!(err instanceof HacoError)) throw err;
    await journal.discard();
    emit({ type: "error", code: err.code, message: err.message, ticket: ticket.id });
    // A hook said no: once what it reports is fixed, the same change and message can be committed.
    if (HOOK_REFUSALS.has(err.code) || COMMIT_AGAIN.has(err.code)) deps.onLeftUncommitted?.({ ticket: ticket.id, files: applied.files, suggested, message });
    return done("applied", err.message);
  }
}

function feedbackFor(
  attempt: number,
  failure: TestFailure,
  outcome: ReviewOutcome,
  refusals: readonly { file: string | null; reason: string }[],
): string {
  const rejectedHunks = outcome.changes.flatMap((change) =>
    change.hunks.filter((h) => !outcome.accepted.has(h.id)).map((h) => ({ file: change.path, header: h.header, lines: h.lines })),
  );
  return retryFeedback({
    attempt,
    failures: [{ command: failure.command, exitCode: failure.exitCode, timedOut: failure.timedOut, outputTail: failure.outputTail }],
    rejectedHunks,
    refusals: refusals.map((r) => ({ file: r.file, reason: r.reason })),
  });
}
