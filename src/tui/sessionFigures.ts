import { computeStats, type RunStats } from "../session/stats/computeStats.js";
import { median } from "../session/stats/quantiles.js";
import type { HacoEvent } from "../domain/events/events.js";
import { formatCount, formatRate } from "./format.js";
import { Subscribers } from "./subscribers.js";

/**
 * The session's figures for the status bar, computed by the same code as
 * `haco stats` over this session's events: tickets committed, worker tokens
 * and median tok/s, Claude's tokens. Recomputed only when a figure can
 * change (a draft, a ticket or a supervisor call ends), never per token.
 */

const CHANGES = new Set<HacoEvent["type"]>(["worker.done", "ticket.done", "supervisor.usage", "ticket.retry", "ticket.escalated"]);

export class SessionFigures {
  private readonly records: HacoEvent[] = [];
  private text: string | null = null;
  private readonly subscribers = new Subscribers();

  readonly subscribe = this.subscribers.subscribe;
  readonly getSnapshot = (): string | null => this.text;

  observe(event: HacoEvent): void {
    if (event.type === "worker.token" || event.type === "test.output") return;
    this.records.push(event);
    if (!CHANGES.has(event.type)) return;
    const next = figuresLine(computeStats(this.records));
    if (next === this.text) return;
    this.text = next;
    this.subscribers.notify();
  }
}

export function figuresLine(stats: RunStats): string | null {
  if (stats.tickets.ended === 0 && stats.worker.drafts === 0 && stats.supervisor.calls === 0) return null;
  const parts = stats.tickets.ended > 0 ? [`${stats.tickets.byStatus.committed}/${stats.tickets.ended} committed`] : [];
  if (stats.worker.drafts > 0) {
    const rate = median(Object.values(stats.worker.byModel).flatMap((g) => g.tokensPerSec.samples));
    parts.push(`worker ${formatCount(stats.worker.tokensOut)} tok${rate !== null ? ` ${formatRate(rate)} tok/s` : ""}`);
  }
  if (stats.supervisor.calls > 0) parts.push(`claude ${formatCount(stats.supervisor.inputTokens)}↑${formatCount(stats.supervisor.outputTokens)}↓`);
  return parts.join(" · ");
}
