import type { Proposal } from "../domain/edits/index.js";
import {
  acceptedIds,
  allDecided,
  changesFor,
  countUndecided,
  createReviewState,
  firstUndecided,
  listHunks,
  reviewReducer,
  type ReviewAction,
  type ReviewState,
} from "../domain/review/index.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { sanitizeForTerminal } from "../domain/text/sanitize.js";
import type { ReviewOutcome } from "../session/ticketDeps.js";
import type { ReviewFile } from "./cockpitState.js";
import { Gate } from "./gate.js";
import { Subscribers } from "./subscribers.js";

/**
 * How the cockpit answers runTicket's `decide`: the hunk reviewer. It holds
 * the pure review state (src/domain/review) of the draft under review,
 * applies one key's action at a time, and settles the session's wait with
 * the reviewed changes and the accepted hunk ids once Enter is pressed with
 * every hunk decided. The Review pane reads it as an external store.
 */

export type Decide = (ticket: Ticket, proposal: Proposal) => Promise<ReviewOutcome>;

/** The draft under review, as the Review pane draws it. */
export interface LiveReview {
  ticket: string;
  title: string;
  /** The ticket's acceptance criteria, shown above the hunks. */
  criteria: readonly string[];
  state: ReviewState;
  /** Edits the engine could not place, with why (sanitised). */
  refusals: readonly { file: string | null; reason: string }[];
}

export interface Reviewer {
  decide: Decide;
  /** Quit or abort: a pending review gets no hunk, so nothing is written. */
  cancel(): void;
}

const NOTHING: ReviewOutcome = { changes: [], accepted: new Set() };

export class HunkReviewer implements Reviewer {
  private live: LiveReview | null = null;
  private readonly gate = new Gate<ReviewOutcome>(NOTHING);
  private readonly subscribers = new Subscribers();

  /**
   * `open` tells the session a review is waiting (the Tickets pane shows
   * "review"); `closed` gives it the hunks as reviewed, for the summary.
   */
  constructor(
    private readonly open: (ticket: string, files: ReviewFile[]) => void,
    private readonly closed: (ticket: string, files: ReviewFile[]) => void = () => undefined,
  ) {}

  readonly subscribe = this.subscribers.subscribe;
  readonly getSnapshot = (): LiveReview | null => this.live;

  readonly decide: Decide = (ticket, proposal) => {
    const waiting = this.gate.wait();
    const state = createReviewState(proposal.changes);
    this.set({
      ticket: ticket.id,
      title: sanitizeForTerminal(ticket.title),
      criteria: ticket.acceptanceCriteria.map(sanitizeForTerminal),
      state: reviewReducer(state, { type: "goto", index: Math.max(0, firstUndecided(state)) }),
      refusals: proposal.refusals.map((r) => ({ file: r.file === null ? null : sanitizeForTerminal(r.file), reason: sanitizeForTerminal(r.reason) })),
    });
    this.open(ticket.id, reviewFiles(proposal));
    return waiting;
  };

  get awaiting(): boolean {
    return this.gate.open && this.live !== null;
  }

  /** One reviewer key; returns the state's notice (what it did, or why it did nothing). */
  dispatch(action: ReviewAction): void {
    if (!this.live || !this.gate.open) return;
    this.set({ ...this.live, state: reviewReducer(this.live.state, action) });
  }

  /** A / X: decides every undecided hunk, file by file, so `u` takes the decisions back a file at a time. */
  decideRemaining(accept: boolean): void {
    if (!this.live || !this.gate.open) return;
    let state = this.live.state;
    for (let guard = state.files.length; guard >= 0 && countUndecided(state) > 0; guard--) {
      state = reviewReducer(state, { type: "goto", index: firstUndecided(state) });
      state = reviewReducer(state, { type: accept ? "acceptRestOfFile" : "rejectRestOfFile" });
    }
    this.set({ ...this.live, state });
  }

  /** Why Enter cannot apply now, or null. */
  whyNotApply(): string | null {
    if (!this.live || !this.gate.open) return "no draft is waiting for a decision";
    const left = countUndecided(this.live.state);
    return left > 0 ? `${left} hunk${left === 1 ? " is" : "s are"} still undecided — y accepts, n rejects (a / d: the rest of the file)` : null;
  }

  /** Enter: every hunk decided → the session writes the accepted ones. */
  apply(): boolean {
    if (!this.live || !allDecided(this.live.state)) return false;
    const { state } = this.live;
    const edited = new Set(listHunks(state).filter((h) => h.edited).map((h) => h.hunk.id));
    const outcome: ReviewOutcome = { changes: changesFor(state), accepted: acceptedIds(state), edited };
    this.closed(this.live.ticket, reviewFiles({ changes: [...outcome.changes], refusals: [] }));
    this.set(null);
    return this.gate.settle(outcome);
  }

  cancel(): void {
    this.set(null);
    this.gate.cancel();
  }

  private set(live: LiveReview | null): void {
    this.live = live;
    this.subscribers.notify();
  }
}

/** The draft's changes as the Review pane's summary shows them once the review is over. */
export function reviewFiles(proposal: Proposal): ReviewFile[] {
  return proposal.changes.map((change) => ({
    path: change.path,
    kind: change.kind,
    hunks: change.hunks.map((h) => ({ id: h.id, header: h.header, added: h.added, removed: h.removed, lines: h.lines })),
  }));
}
