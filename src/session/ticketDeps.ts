import type { FileChange, Proposal } from "../domain/edits/index.js";
import type { Templates } from "../domain/prompt/buildPrompt.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import type { HacoConfig } from "../adapters/config/config.js";
import type { ModelInfo, WorkerProvider } from "../adapters/worker/provider.js";
import type { SendPolicy } from "../adapters/workspace/sendPolicy.js";
import type { CommittedFile } from "../adapters/workspace/commitChanges.js";
import type { EventInput } from "../domain/events/events.js";
import type { SupervisorDrafter } from "../adapters/supervisor/supervisorDrafter.js";
import type { EndpointPool } from "./endpointPool.js";
import type { GeneratedDraft } from "./draftTicket.js";

/**
 * What the loop of one ticket asks of whoever runs it. The headless run
 * answers with fixed policies (--accept, --keep-failed, --retries); the
 * cockpit answers each question with a key press. runTicket never knows
 * which.
 */

/** The reviewer's answer: the changes as reviewed (hunks may be split or edited) and the hunk ids to write. */
export interface ReviewOutcome {
  changes: readonly FileChange[];
  accepted: ReadonlySet<string>;
  /** Hunks the reviewer rewrote before accepting them. */
  edited?: ReadonlySet<string>;
}

/** What to do with an applied change whose tests failed. */
export type FailureChoice = "retry" | "rollback" | "keep" | "escalate";

export interface TestFailure {
  command: string;
  exitCode: number | null;
  /** The signal that stopped the command, when one did. */
  signal: string | null;
  timedOut: boolean;
  /** The last lines the command printed (stdout and stderr, in order), for the retry prompt. */
  outputTail: string[];
  /** 1 for the first draft. */
  attempt: number;
  /** How many more drafts `retry` may still ask for. */
  retriesLeft: number;
  /** `escalate` hands the ticket to the supervisor, who drafts it next (else it only marks it). */
  canEscalate: boolean;
}

/** A commit haco made: enough to undo it later only if nothing moved since. */
export interface CommitRecord {
  ticket: string;
  sha: string;
  message: string;
  files: CommittedFile[];
}

export interface CommitContext {
  files: string[];
  outcome: ReviewOutcome;
  /** haco's own Conventional Commit for the ticket, the fallback for any drafted one. */
  suggested: string;
}

export interface TicketDeps {
  repoRoot: string;
  config: HacoConfig;
  worker: WorkerProvider;
  model: string;
  modelInfo: ModelInfo;
  /** Prompt templates for a ticket kind (code, test, refactor, doc). */
  templatesFor: (kind: string) => Promise<Templates>;
  sendPolicy: SendPolicy;
  emit: (event: EventInput) => void;
  /** Which hunks to accept: the reviewer, or a headless policy (--accept all|none). */
  decide: (ticket: Ticket, proposal: Proposal) => Promise<ReviewOutcome>;
  commit: boolean;
  keepFailed: boolean;
  /** Re-drafts allowed after failing tests (each gets the failure output). Default 0. */
  retries?: number;
  /** Tests failed: the cockpit asks the human; by default --keep-failed keeps, else roll back. */
  onTestFailure?: (ticket: Ticket, failure: TestFailure) => Promise<FailureChoice>;
  /** Tests passed: the message to commit with, or null to leave the change applied and uncommitted. Default: `suggested`. */
  commitMessage?: (ticket: Ticket, context: CommitContext) => Promise<string | null>;
  onCommitted?: (record: CommitRecord) => void;
  /** The tested change was left applied and uncommitted (commitMessage said null): what a later commit would need. */
  onLeftUncommitted?: (change: { ticket: string; files: CommittedFile[]; suggested: string; message?: string }) => void;
  /**
   * Claude as a second drafter: it drafts the tickets the supervisor owns,
   * and a worker ticket whose drafts failed its tests (escalation). Absent
   * without an API key: supervisor tickets are then refused with how to set one.
   */
  supervisor?: SupervisorDrafter | null;
  /** Several worker endpoints: drafts go to the first free one with the model, and move on when one fails. */
  pool?: EndpointPool | null;
  /** Every prompt sent to a drafter, for the run log's audit trail. */
  onPrompt?: (ticket: Ticket, system: string, prompt: string) => void;
  /** A draft already made ahead of time for this ticket (look-ahead); used for the first attempt. */
  prefetched?: Promise<GeneratedDraft> | null;
  signal?: AbortSignal;
}

/** Every hunk of a proposal, as drafted: what `--accept all` accepts. */
export function acceptEverything(proposal: Proposal): ReviewOutcome {
  return { changes: proposal.changes, accepted: new Set(proposal.changes.flatMap((c) => c.hunks.map((h) => h.id))) };
}

export function acceptNothing(proposal: Proposal): ReviewOutcome {
  return { changes: proposal.changes, accepted: new Set() };
}
