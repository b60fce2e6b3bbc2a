import type { Proposal } from "../domain/edits/index.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import type { ReviewFile } from "./cockpitState.js";

/**
 * How the cockpit answers runTicket's `decide`: the session waits on a
 * promise that a key press settles. This one is all-or-nothing (A / X); the
 * hunk-by-hunk reviewer of the next issue implements the same interface, so
 * the controller does not change when it arrives.
 */

export type Decide = (ticket: Ticket, proposal: Proposal) => Promise<ReadonlySet<string>>;

export interface Reviewer {
  decide: Decide;
  /** Settles the pending review with every hunk or none; false when none was pending. */
  decideAll(accept: boolean): boolean;
  /** Quit or abort: a pending review gets no hunk, so nothing is written. */
  cancel(): void;
}

/** The draft's changes as the Review pane shows them (full hunk lines, not only the event summaries). */
export function reviewFiles(proposal: Proposal): ReviewFile[] {
  return proposal.changes.map((change) => ({
    path: change.path,
    kind: change.kind,
    hunks: change.hunks.map((h) => ({ id: h.id, header: h.header, added: h.added, removed: h.removed, lines: h.lines })),
  }));
}

export function createAllOrNothingReviewer(open: (ticket: string, files: ReviewFile[]) => void): Reviewer {
  let pending: { ids: string[]; settle: (accepted: ReadonlySet<string>) => void } | null = null;
  const settle = (accepted: ReadonlySet<string>) => {
    const current = pending;
    pending = null;
    current?.settle(accepted);
  };
  return {
    decide(ticket, proposal) {
      // A review left open (cannot happen with one ticket at a time) must not hang its session.
      settle(new Set());
      return new Promise((resolve) => {
        pending = { ids: proposal.changes.flatMap((c) => c.hunks.map((h) => h.id)), settle: resolve };
        open(ticket.id, reviewFiles(proposal));
      });
    },
    decideAll(accept) {
      if (!pending) return false;
      settle(new Set(accept ? pending.ids : []));
      return true;
    },
    cancel() {
      settle(new Set());
    },
  };
}
