import type { HacoEvent } from "../../domain/events/events.js";
import type { LogRecord, WorkerAnswerRecord } from "../../domain/events/logRecords.js";

/**
 * The run log keeps each draft's answer as one `worker.answer` record instead
 * of its `worker.token` events: one line per token would make the log mostly
 * JSON punctuation, and a secret split over two tokens could only be masked
 * once the tokens are joined.
 *
 * - `worker.token`: kept in memory, not written.
 * - `worker.done`: the answer so far is written just before it.
 * - `worker.start` again, or `ticket.done`, while a ticket still has tokens
 *   (a draft that failed or was aborted): those tokens are written first, as
 *   a `partial` answer.
 * - `flushAll` (the log closing): every answer still open, as `partial`.
 *
 * Drafts of different tickets may interleave (look-ahead); each ticket has its own.
 */
export class AnswerCoalescer {
  private readonly open = new Map<string, string[]>();

  /** The records to write for `event`, in order (none for a token). */
  take(event: HacoEvent): LogRecord[] {
    switch (event.type) {
      case "worker.token": {
        const parts = this.open.get(event.ticket);
        if (parts) parts.push(event.text);
        else this.open.set(event.ticket, [event.text]);
        return [];
      }
      case "worker.done":
        return [...this.answer(event.ticket, event.ts, false), event];
      case "worker.start":
      case "ticket.done":
        return [...this.answer(event.ticket, event.ts, true), event];
      default:
        return [event];
    }
  }

  /** Every answer still open, as partial ones stamped `ts`. */
  flushAll(ts: string): WorkerAnswerRecord[] {
    return [...this.open.keys()].flatMap((ticket) => this.answer(ticket, ts, true));
  }

  private answer(ticket: string, ts: string, partial: boolean): WorkerAnswerRecord[] {
    const parts = this.open.get(ticket);
    if (!parts) return [];
    this.open.delete(ticket);
    return [{ type: "worker.answer", ts, ticket, text: parts.join(""), ...(partial ? { partial: true } : {}) }];
  }
}
