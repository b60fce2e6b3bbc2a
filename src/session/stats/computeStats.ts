import type { Drafter, TicketStatus } from "../../domain/events/events.js";
import { isRecordObject } from "../../domain/events/logRecords.js";
import { median, percentile } from "./quantiles.js";

/**
 * `haco stats`: figures computed from run-log records (events, `worker.answer`,
 * `log.meta`; see logRecords.ts), in the order the logs hold them. Pure.
 *
 * Definitions (the tests check them with hand-worked figures):
 *
 * - **Run**: the records after a `log.meta` belong to its run, keyed by the
 *   meta's start date and run id (a rotated file repeats the meta: same run).
 *   `runs` and `period` (first and last `ts`) count every record with a `ts`,
 *   whatever its type; the figures below skip records of types they do not
 *   use (a later haco's new records too) and known ones missing a field.
 * - **since**: only records whose `ts` is at or after it are counted (meta
 *   lines are always read, they only say which run follows). A ticket whose
 *   events straddle it is seen in part.
 * - **Ticket**: a ticket id within a run; the same id in two runs is two tickets.
 *   It **ended** when it has a `ticket.done`; its **final status** is that of
 *   its last `ticket.done` in the run. Its **owner** is that of its last
 *   `ticket.start` ("unknown" if none is counted). `tickets.byStatus` and
 *   `tickets.byOwner` count ended tickets.
 * - **Draft**: a `worker.done`; its drafter and endpoint are those of the
 *   ticket's latest `worker.start` before it (drafter absent: the worker; no
 *   start counted: the worker at endpoint "unknown"). A ticket's **final draft**
 *   is its last draft before its final `ticket.done`.
 * - **delegation.rate** = tickets whose final status is committed or applied
 *   and whose final draft was the worker's ÷ ended tickets.
 * - **firstPass.rate** = tickets whose final status is committed, with no
 *   `ticket.retry`, no `ticket.escalated` and every `hunk.decision` accepted
 *   and not `edited` (rewritten by the reviewer with `e`), in their run ÷
 *   ended tickets. (Hunk ids with a "." are the parts of a split hunk: a
 *   split is fine.)
 * - **hunks.rate** = accepted `hunk.decision`s ÷ all `hunk.decision`s.
 * - **retries**: `ticket.retry` events, except the one that follows a
 *   `ticket.escalated` of the same ticket (that re-draft is the hand-over,
 *   counted in **escalations**, the number of `ticket.escalated` events).
 * - **worker**: drafts by the worker only. `tokensOut` = Σ their `tokens`;
 *   per model (`worker.done.model`) and per endpoint (`worker.start.endpoint`
 *   when the start names one, as the endpoint pool's do, else `.host`):
 *   drafts, tokens, tok/s median and p90 (quantiles.ts) of the non-null
 *   `tokensPerSec`, with those samples in log order, and TTFT median of the
 *   non-null `ttftMs`.
 * - **supervisor**: Σ `supervisor.usage` input and output tokens, also by
 *   purpose; `cost` = (input × supervisorInputPerMTok + output ×
 *   supervisorOutputPerMTok) ÷ 1e6, null unless both prices are set.
 * - **saved.tokens** = Σ over tickets whose final status is committed and
 *   whose final draft was the worker's, of that draft's `tokens`: the answer
 *   the supervisor did not have to write (the worker's failed drafts saved
 *   nothing). `saved.money` = saved.tokens × supervisorOutputPerMTok ÷ 1e6,
 *   null without that price.
 * - Rates are null when their denominator is 0.
 */

export const TICKET_STATUSES: readonly TicketStatus[] = ["committed", "applied", "rejected", "refused", "failed", "escalated"];

export interface Prices {
  supervisorInputPerMTok?: number;
  supervisorOutputPerMTok?: number;
}

export interface StatsOptions {
  since?: Date | null;
  prices?: Prices;
}

export interface DraftGroup {
  drafts: number;
  tokens: number;
  tokensPerSec: { median: number | null; p90: number | null; samples: number[] };
  ttftMs: { median: number | null };
}

export interface TokenUse {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export interface RunStats {
  since: string | null;
  runs: number;
  /** The first and last counted record's ts. */
  period: { from: string; to: string } | null;
  tickets: { ended: number; byStatus: Record<TicketStatus, number>; byOwner: Record<string, number> };
  delegation: { workerDrafted: number; ended: number; rate: number | null };
  firstPass: { tickets: number; ended: number; rate: number | null };
  hunks: { decided: number; accepted: number; rate: number | null };
  retries: number;
  escalations: number;
  worker: { drafts: number; tokensOut: number; byModel: Record<string, DraftGroup>; byEndpoint: Record<string, DraftGroup> };
  supervisor: TokenUse & { byPurpose: Record<string, TokenUse>; cost: number | null };
  saved: { tokens: number; money: number | null };
}

interface Draft {
  drafter: Drafter;
  tokens: number;
}

interface TicketTrack {
  owner: string;
  /** The latest worker.start's drafter and host, for the next worker.done. */
  start: { drafter: Drafter; host: string } | null;
  lastDraft: Draft | null;
  final: { status: TicketStatus; draft: Draft | null } | null;
  retried: boolean;
  escalated: boolean;
  /** A ticket.escalated whose ticket.retry has not come yet. */
  handOver: boolean;
  rejectedHunk: boolean;
}

interface Samples {
  drafts: number;
  tokens: number;
  rates: number[];
  ttfts: number[];
}

const str = (v: unknown): v is string => typeof v === "string";
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export function computeStats(records: readonly unknown[], options: StatsOptions = {}): RunStats {
  const since = options.since ?? null;
  const sinceMs = since ? since.getTime() : null;
  const tickets = new Map<string, TicketTrack>();
  const runs = new Set<string>();
  const byModel = new Map<string, Samples>();
  const byEndpoint = new Map<string, Samples>();
  const byPurpose = new Map<string, TokenUse>();
  const supervisor: TokenUse = { calls: 0, inputTokens: 0, outputTokens: 0 };
  const hunks = { decided: 0, accepted: 0 };
  let retries = 0;
  let escalations = 0;
  let workerDrafts = 0;
  let tokensOut = 0;
  let from: string | null = null;
  let to: string | null = null;
  let run = "(before any log.meta)";

  const track = (ticket: string): TicketTrack => {
    const key = `${run}\u0000${ticket}`;
    let t = tickets.get(key);
    if (!t) {
      t = { owner: "unknown", start: null, lastDraft: null, final: null, retried: false, escalated: false, handOver: false, rejectedHunk: false };
      tickets.set(key, t);
    }
    return t;
  };

  for (const r of records) {
    if (!isRecordObject(r)) continue;
    if (r.type === "log.meta") {
      if (str(r.run)) run = `${str(r.startedAt) ? r.startedAt.slice(0, 10) : ""}/${r.run}`;
      continue;
    }
    if (!str(r.ts)) continue;
    const at = Date.parse(r.ts);
    if (sinceMs !== null && !(at >= sinceMs)) continue;
    let counted = true;
    switch (r.type) {
      case "ticket.start":
        if (str(r.ticket) && str(r.owner)) track(r.ticket).owner = r.owner;
        else counted = false;
        break;
      case "worker.start":
        if (str(r.ticket)) track(r.ticket).start = { drafter: r.drafter === "supervisor" ? "supervisor" : "worker", host: str(r.endpoint) ? r.endpoint : str(r.host) ? r.host : "unknown" };
        else counted = false;
        break;
      case "worker.done": {
        if (!str(r.ticket) || !str(r.model) || !num(r.tokens)) {
          counted = false;
          break;
        }
        const t = track(r.ticket);
        const start = t.start ?? { drafter: "worker" as const, host: "unknown" };
        t.lastDraft = { drafter: start.drafter, tokens: r.tokens };
        if (start.drafter === "worker") {
          workerDrafts++;
          tokensOut += r.tokens;
          for (const [groups, name] of [[byModel, r.model], [byEndpoint, start.host]] as const) {
            const g = groups.get(name) ?? { drafts: 0, tokens: 0, rates: [], ttfts: [] };
            g.drafts++;
            g.tokens += r.tokens;
            if (num(r.tokensPerSec)) g.rates.push(r.tokensPerSec);
            if (num(r.ttftMs)) g.ttfts.push(r.ttftMs);
            groups.set(name, g);
          }
        }
        break;
      }
      case "hunk.decision":
        if (!str(r.ticket) || typeof r.accepted !== "boolean") {
          counted = false;
          break;
        }
        hunks.decided++;
        if (r.accepted) hunks.accepted++;
        // A hunk the reviewer rewrote (`edited`) was not the worker's first pass either.
        if (!r.accepted || r.edited === true) track(r.ticket).rejectedHunk = true;
        break;
      case "ticket.escalated":
        if (!str(r.ticket)) {
          counted = false;
          break;
        }
        escalations++;
        Object.assign(track(r.ticket), { escalated: true, handOver: true });
        break;
      case "ticket.retry": {
        if (!str(r.ticket)) {
          counted = false;
          break;
        }
        const t = track(r.ticket);
        t.retried = true;
        if (t.handOver) t.handOver = false;
        else retries++;
        break;
      }
      case "ticket.done": {
        if (!str(r.ticket) || !(TICKET_STATUSES as readonly unknown[]).includes(r.status)) {
          counted = false;
          break;
        }
        const t = track(r.ticket);
        t.final = { status: r.status as TicketStatus, draft: t.lastDraft };
        break;
      }
      case "supervisor.usage": {
        if (!num(r.inputTokens) || !num(r.outputTokens)) {
          counted = false;
          break;
        }
        const purpose = str(r.purpose) ? r.purpose : "unknown";
        const use = byPurpose.get(purpose) ?? { calls: 0, inputTokens: 0, outputTokens: 0 };
        for (const u of [use, supervisor]) {
          u.calls++;
          u.inputTokens += r.inputTokens;
          u.outputTokens += r.outputTokens;
        }
        byPurpose.set(purpose, use);
        break;
      }
      default:
        // Other records (other events, worker.answer, prompt.text, types from a later haco) only place the run in time.
        break;
    }
    if (!counted) continue;
    runs.add(run);
    if (!Number.isNaN(at)) {
      if (from === null || at < Date.parse(from)) from = r.ts;
      if (to === null || at > Date.parse(to)) to = r.ts;
    }
  }

  const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
  const owners = new Map<string, number>();
  let ended = 0;
  let workerDrafted = 0;
  let firstPass = 0;
  let savedTokens = 0;
  for (const t of tickets.values()) {
    if (!t.final) continue;
    ended++;
    byStatus[t.final.status]++;
    owners.set(t.owner, (owners.get(t.owner) ?? 0) + 1);
    const byWorker = t.final.draft?.drafter === "worker";
    if (byWorker && (t.final.status === "committed" || t.final.status === "applied")) workerDrafted++;
    if (t.final.status === "committed" && !t.retried && !t.escalated && !t.rejectedHunk) firstPass++;
    if (byWorker && t.final.status === "committed") savedTokens += t.final.draft!.tokens;
  }

  const prices = options.prices ?? {};
  const inPrice = prices.supervisorInputPerMTok;
  const outPrice = prices.supervisorOutputPerMTok;
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    since: since ? since.toISOString() : null,
    runs: runs.size,
    period: from !== null && to !== null ? { from, to } : null,
    tickets: { ended, byStatus, byOwner: sortedRecord(owners, (n) => n) },
    delegation: { workerDrafted, ended, rate: rate(workerDrafted, ended) },
    firstPass: { tickets: firstPass, ended, rate: rate(firstPass, ended) },
    hunks: { ...hunks, rate: rate(hunks.accepted, hunks.decided) },
    retries,
    escalations,
    worker: { drafts: workerDrafts, tokensOut, byModel: sortedRecord(byModel, group), byEndpoint: sortedRecord(byEndpoint, group) },
    supervisor: {
      ...supervisor,
      byPurpose: sortedRecord(byPurpose, (u) => u),
      // One division of whole products, so round prices give exact figures.
      cost: inPrice !== undefined && outPrice !== undefined ? (supervisor.inputTokens * inPrice + supervisor.outputTokens * outPrice) / 1e6 : null,
    },
    saved: { tokens: savedTokens, money: outPrice !== undefined ? (savedTokens * outPrice) / 1e6 : null },
  };
}

function group(s: Samples): DraftGroup {
  return {
    drafts: s.drafts,
    tokens: s.tokens,
    tokensPerSec: { median: median(s.rates), p90: percentile(s.rates, 90), samples: s.rates },
    ttftMs: { median: median(s.ttfts) },
  };
}

function sortedRecord<V, W>(map: Map<string, V>, f: (v: V) => W): Record<string, W> {
  return Object.fromEntries([...map.keys()].sort().map((k) => [k, f(map.get(k)!)]));
}

/** What `haco stats` shows when there is nothing to count. */
export function emptyStats(since: Date | null = null): RunStats {
  return computeStats([], { since });
}
