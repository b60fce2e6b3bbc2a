import { EXIT, UsageError } from "../../domain/errors.js";
import { computeStats, emptyStats, TICKET_STATUSES, type DraftGroup, type RunStats } from "../../session/stats/computeStats.js";
import { parseSince } from "../../session/stats/since.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
import { loadConfig } from "../../adapters/config/config.js";
import { LOGS_DIR } from "../../adapters/runlog/logFiles.js";
import { readRunLogs, type SkippedLine } from "../../adapters/runlog/readRunLogs.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { asFsProblem } from "../../adapters/workspace/fsProblem.js";
import { sparkline } from "../../tui/format.js";
import { parseCommandArgs } from "../parse.js";
import { jsonLine } from "../../domain/text/jsonLine.js";

const HELP = `Usage: haco stats [--since D] [--json]

Figures from the run logs in .haco/logs/ (every 'haco run' and cockpit
session writes one): tickets by final status and owner, delegation rate,
first-pass acceptance, hunk acceptance, retries and escalations, the worker's
tokens and tok/s (median, p90, sparkline) and TTFT per model and endpoint,
the supervisor's tokens, and the tokens (and, with prices in
.haco/config.yaml, the money) the worker saved. The definitions are in
src/session/stats/computeStats.ts.

  --since D   only what happened since D: a date (2025-03-05, UTC), a date
              and time (2025-03-05T14:00Z) or a span back from now (12h, 7d, 2w)
  --json      the figures as one JSON object on stdout, with "source": the
              files read and how many lines were skipped

Lines that are not JSON records (a log cut short by a crash) are skipped and
counted, with a warning on stderr. No logs yet is not an error: a message
(and with --json the empty figures) and exit 0.

Exit codes: 0 figures shown (or nothing logged yet), 2 bad input or usage
(outside a git repository, a bad --since or config).`;

export interface StatsOutput extends RunStats {
  source: { dir: string; files: string[]; records: number; skippedLines: number };
}

export async function statsCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("stats", args, {
    since: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`haco stats takes no arguments, got "${positionals.join(" ")}" — see 'haco stats --help'`);
  const since = values.since === undefined ? null : parseSince(values.since, new Date());
  const repoRoot = await findRepoRoot(process.cwd());
  const config = await loadConfig(repoRoot);
  const logs = await readRunLogs(repoRoot).catch((err: unknown) => {
    // .haco/logs being a file, an unreadable log: worded with the path that is wrong.
    throw asFsProblem(err, { base: repoRoot });
  });
  if (logs.skipped.length > 0) process.stderr.write(`haco: ${describeSkipped(logs.skipped)}\n`);

  const stats = logs.files.length > 0 ? computeStats(logs.records, { since, prices: config.prices }) : emptyStats(since);
  const output: StatsOutput = {
    source: { dir: LOGS_DIR, files: logs.files, records: logs.records.length, skippedLines: logs.skipped.length },
    ...stats,
  };
  if (logs.files.length === 0) {
    const off = config.logs.enabled ? "" : " (logs.enabled is false in .haco/config.yaml)";
    process.stderr.write(`haco: no run logs yet in ${LOGS_DIR}/${off} — every 'haco run', 'haco plan' and cockpit session writes one; run some tickets, then ask again\n`);
    if (values.json) process.stdout.write(`${jsonLine(output)}\n`);
    return EXIT.ok;
  }
  process.stdout.write(values.json ? `${jsonLine(output)}\n` : formatStats(output, config.prices.supervisorOutputPerMTok));
  return EXIT.ok;
}

function describeSkipped(skipped: readonly SkippedLine[]): string {
  const where = skipped.slice(0, 3).map((s) => `${s.file}:${s.line}`).join(", ");
  const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : "";
  const n = skipped.length;
  return `skipped ${n} line${n === 1 ? "" : "s"} of ${LOGS_DIR} that ${n === 1 ? "is" : "are"} not a JSON record (${where}${more})`;
}

/** The human table. Names come from the logs (model names, endpoints, owners): sanitised before they reach the terminal. */
export function formatStats(s: StatsOutput, outputPrice?: number): string {
  const files = `${s.source.files.length} log file${s.source.files.length === 1 ? "" : "s"}`;
  const skipped = s.source.skippedLines > 0 ? `, ${s.source.skippedLines} corrupt line${s.source.skippedLines === 1 ? "" : "s"} skipped` : "";
  const since = s.since ? ` since ${s.since}` : "";
  if (s.runs === 0) return `haco stats: nothing logged${since} (${files} read${skipped})\n`;
  const lines: string[] = [];
  const period = s.period ? `, ${shortTime(s.period.from)} → ${shortTime(s.period.to)} UTC` : "";
  lines.push(`haco stats: ${s.runs} run${s.runs === 1 ? "" : "s"}${since}${period} (${files}${skipped})`, "");

  const statuses = TICKET_STATUSES.filter((st) => s.tickets.byStatus[st] > 0).map((st) => `${st} ${s.tickets.byStatus[st]}`);
  const owners = Object.entries(s.tickets.byOwner).map(([o, n]) => `${clean(o)} ${n}`);
  const row = (label: string, text: string) => lines.push(`${label.padEnd(12)}${text}`);
  row("tickets", `${s.tickets.ended} ended${statuses.length ? `: ${statuses.join(" · ")}` : ""}${owners.length ? `   owners: ${owners.join(" · ")}` : ""}`);
  row("delegation", `${pct(s.delegation.rate)}  ${s.delegation.workerDrafted} of ${s.delegation.ended} tickets done from the worker's draft`);
  row("first pass", `${pct(s.firstPass.rate)}  ${s.firstPass.tickets} of ${s.firstPass.ended} committed from the first draft, every hunk accepted`);
  row("hunks", `${pct(s.hunks.rate)}  ${s.hunks.accepted} of ${s.hunks.decided} accepted`);
  row("retries", `${s.retries}   escalations ${s.escalations}`);
  lines.push("");
  row("worker", `${s.worker.tokensOut} tokens out in ${s.worker.drafts} draft${s.worker.drafts === 1 ? "" : "s"}`);
  const models = Object.entries(s.worker.byModel);
  const endpoints = Object.entries(s.worker.byEndpoint);
  if (models.length + endpoints.length > 0) lines.push(...draftTable(models, endpoints));
  lines.push("");
  const purposes = Object.entries(s.supervisor.byPurpose).map(([p, u]) => `${clean(p)} ${u.inputTokens}/${u.outputTokens}`);
  const cost = s.supervisor.cost === null ? "" : `   cost ${money(s.supervisor.cost)}`;
  row("supervisor", `${s.supervisor.inputTokens} tokens in · ${s.supervisor.outputTokens} out${purposes.length ? `   (in/out: ${purposes.join(" · ")})` : ""}${cost}`);
  const saved = s.saved.money === null ? "   (set prices.supervisorOutputPerMTok for money)" : ` · ${money(s.saved.money)} at ${outputPrice}/MTok`;
  row("saved", `${s.saved.tokens} tokens the supervisor did not write${saved}`);
  return `${lines.join("\n")}\n`;
}

/** The sparkline shows a model's last drafts, each bar scaled to the highest of them. */
const SPARK_WIDTH = 24;

function draftTable(models: [string, DraftGroup][], endpoints: [string, DraftGroup][]): string[] {
  const width = Math.max(8, ...[...models, ...endpoints].map(([name]) => clean(name).length));
  const head = (first: string, spark: boolean) =>
    `  ${first.padEnd(width)}  ${"drafts".padStart(6)}  ${"tokens".padStart(7)}  ${"t/s med".padStart(7)}  ${"t/s p90".padStart(7)}  ${"TTFT med".padStart(8)}${spark ? "  tok/s, draft by draft" : ""}`;
  const line = ([name, g]: [string, DraftGroup], spark: boolean) =>
    `  ${clean(name).padEnd(width)}  ${String(g.drafts).padStart(6)}  ${String(g.tokens).padStart(7)}  ${rate(g.tokensPerSec.median).padStart(7)}  ${rate(g.tokensPerSec.p90).padStart(7)}  ${ms(g.ttftMs.median).padStart(8)}${spark ? `  ${sparkline(g.tokensPerSec.samples, SPARK_WIDTH)}` : ""}`;
  return [head("model", true), ...models.map((m) => line(m, true)), head("endpoint", false), ...endpoints.map((e) => line(e, false))].map((l) => l.trimEnd());
}

function clean(name: string): string {
  const safe = sanitizeForTerminal(name).replace(/\s+/g, " ");
  return safe.length > 40 ? `${safe.slice(0, 39)}…` : safe;
}

/** 60%, 57.1%, –. */
function pct(rate: number | null): string {
  if (rate === null) return "–";
  return `${Number((rate * 100).toFixed(1))}%`;
}

/** tok/s with one decimal: the medians of even counts are halves. */
function rate(value: number | null): string {
  return value === null ? "–" : value.toFixed(1);
}

function ms(value: number | null): string {
  return value === null ? "–" : `${Math.round(value)} ms`;
}

/** Four significant digits (prices are small per ticket), two decimals from 100 up. */
function money(value: number): string {
  return value >= 100 ? value.toFixed(2) : String(Number(value.toPrecision(4)));
}

function shortTime(ts: string): string {
  return ts.slice(0, 16).replace("T", " ");
}
