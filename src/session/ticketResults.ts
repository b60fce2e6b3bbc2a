import type { EventInput } from "../domain/events/events.js";

/**
 * What a ticket came to, read off the event stream: its status, its commit,
 * why it ended as it did and the tail of its test output. The queue writes
 * this as `.haco/queue/done/<id>.json` for the supervisor (Claude Code) that
 * queued the ticket.
 */

const TAIL = 40;

export interface TicketResult {
  id: string;
  status: string;
  commit?: string;
  reasons: string[];
  testOutputTail: string[];
}

export class TicketResults {
  private readonly open = new Map<string, { commit?: string; reasons: string[]; tail: string[] }>();

  /** Feed every event; returns the finished ticket's result on its ticket.done, else null. */
  observe(event: EventInput): TicketResult | null {
    if (!("ticket" in event) || typeof event.ticket !== "string") return null;
    const id = event.ticket;
    if (event.type === "ticket.start") {
      this.open.set(id, { reasons: [], tail: [] });
      return null;
    }
    // A ticket can end before it started (the worker was down at preflight): it still has a result.
    const entry = this.open.get(id) ?? (event.type === "ticket.done" ? { reasons: [], tail: [] } : undefined);
    if (!entry) return null;
    switch (event.type) {
      case "edit.refused":
        entry.reasons.push(`${event.file ? `${event.file}: ` : ""}${event.reason}`);
        break;
      case "test.output":
        entry.tail.push(event.line);
        if (entry.tail.length > TAIL) entry.tail.shift();
        break;
      case "ticket.retry":
        // A new attempt: the reasons and output that count are the last attempt's.
        entry.reasons = [`attempt ${event.attempt - 1} failed: ${event.reason}`];
        entry.tail = [];
        break;
      case "commit.done":
        entry.commit = event.sha;
        break;
      case "ticket.done": {
        this.open.delete(id);
        const reasons = event.reason ? [...entry.reasons, event.reason] : entry.reasons;
        return { id, status: event.status, ...(entry.commit ? { commit: entry.commit } : {}), reasons, testOutputTail: entry.tail };
      }
      default:
        break;
    }
    return null;
  }
}
