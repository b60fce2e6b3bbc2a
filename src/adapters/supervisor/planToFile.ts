import { mkdir } from "node:fs/promises";
import path from "node:path";
import { EXIT, HacoError } from "../../domain/errors.js";
import { planDifferences } from "../../domain/plan/planFidelity.js";
import type { PlanInput, PlannedTicket } from "../../domain/plan/planTool.js";
import { renderPlanMarkdown, renderPlanYaml, withIds, type PlanMeta } from "../../domain/plan/renderPlan.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
import { parseTickets } from "../../domain/tickets/formats.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import type { PlanSummary } from "../../domain/events/events.js";
import { writeFileAtomic } from "../workspace/atomicWrite.js";
import { createFileExclusive, pathExists } from "../workspace/createExclusive.js";
import type { SendPolicy } from "../workspace/sendPolicy.js";
import { createAnthropicClient, type SupervisorSettings } from "./anthropicClient.js";
import type { SupervisorUsage } from "./claudeWorker.js";
import { checkPlanOut, type PlanFileFormat } from "./planOutPath.js";
import { planWithClaude, type PlanProgress } from "./planWithClaude.js";
import { describeContext, repoContext } from "./repoContext.js";
import { SupervisorError } from "./supervisorError.js";

/**
 * A request in, a plan file out: the path checked, the repository context,
 * Claude's checked plan, the file rendered and parsed back, then written
 * atomically. `haco plan` and the cockpit's `p` share it.
 *
 * What is written is what haco reads, and what haco reads is what Claude
 * sent: when the PLAN.md text would read back as something else (a
 * description line that looks like a ticket heading, a path with a comma, a
 * backtick in a test command), the plan is written as YAML beside it instead,
 * which quotes any value, and a notice says so. Nothing that means something
 * else is ever written, and a plan that was paid for is never dropped.
 */

export interface PlannedFile {
  tickets: LoadedTicket[];
  summaries: PlanSummary[];
  flagged: { id: string; breaches: string[] }[];
  /** As shown to people (relative when under the cwd). */
  file: string;
  /** Where it was written: `out`, or the YAML file beside it (see `notices`). */
  path: string;
  /** What people should know about how it was written (a fallback to YAML). */
  notices: string[];
}

/** Plans a request into tickets and a plan file, reporting progress: the cockpit's p. */
export interface Planner {
  model: string;
  plan(
    request: string,
    hooks: { onProgress(progress: PlanProgress): void; onUsage(usage: SupervisorUsage): void; signal: AbortSignal; takenIds: ReadonlySet<string> },
  ): Promise<PlannedFile>;
}

export interface PlanToFileOptions {
  repoRoot: string;
  request: string;
  settings: SupervisorSettings;
  policy: SendPolicy;
  /** Absolute path; .md gets PLAN.md, .yaml/.yml JuniorSpec YAML, any other extension is refused. An existing file is replaced. */
  out: string;
  shownAs: string;
  /** Ticket ids already in use (committed, or in the cockpit): the plan's tickets get others. */
  takenIds?: ReadonlySet<string>;
  onProgress?: (progress: PlanProgress) => void;
  onUsage?: (usage: SupervisorUsage) => void;
  signal?: AbortSignal;
}

export async function planToFile(options: PlanToFileOptions): Promise<PlannedFile> {
  const { settings } = options;
  // Before anything is paid for: where the plan goes, and that the API can be called at all.
  const format = await checkPlanOut(options.out, options.shownAs, { replace: true, cwd: options.repoRoot });
  const client = createAnthropicClient(settings);
  const context = describeContext(await repoContext(options.repoRoot, options.request, options.policy));
  const result = await planWithClaude({
    client,
    baseURL: settings.baseURL,
    model: settings.model,
    request: options.request,
    context,
    onProgress: options.onProgress,
    onUsage: options.onUsage,
    signal: options.signal,
    takenIds: options.takenIds,
  });
  const taken = options.takenIds ?? new Set<string>();
  const written = await writePlan(result.plan, { request: options.request, model: settings.model }, taken, format, options);
  const summaries = withIds(result.plan, taken).map((t) => ({ id: t.id!, title: t.title, owner: t.owner, files: t.files.map((f) => f.path) }));
  return { ...written, summaries, flagged: result.flagged };
}

type Written = Pick<PlannedFile, "tickets" | "file" | "path" | "notices">;

async function writePlan(plan: PlanInput, meta: PlanMeta, taken: ReadonlySet<string>, format: PlanFileFormat, options: PlanToFileOptions): Promise<Written> {
  const intended = withIds(plan, taken);
  const text = format === "juniorspec" ? renderPlanYaml(plan, meta, taken) : renderPlanMarkdown(plan, meta, taken);
  const first = readBack(text, options.shownAs, format, intended);
  if (first.differences.length === 0) {
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFileAtomic(options.out, text);
    return { tickets: first.tickets, file: options.shownAs, path: options.out, notices: [] };
  }
  if (format === "juniorspec") throw unfaithful(options.shownAs, first.differences);

  const yaml = renderPlanYaml(plan, meta, taken);
  await mkdir(path.dirname(options.out), { recursive: true });
  for (let n = 1; n < 100; n++) {
    const target = besideAsYaml(options.out, n);
    if (await pathExists(target)) continue;
    const shown = path.join(path.dirname(options.shownAs), path.basename(target));
    const second = readBack(yaml, shown, "juniorspec", intended);
    if (second.differences.length > 0) throw unfaithful(shown, second.differences);
    // Never over another file: one that appeared since the check gets the next name.
    if (!(await createFileExclusive(target, yaml))) continue;
    const notice =
      `${options.shownAs} would not have read back as Claude's plan (${first.differences.join("; ")}), ` +
      `so the plan was written as YAML, which keeps every value as it is: ${shown} — run it with 'haco run --plan ${shown}'`;
    return { tickets: second.tickets, file: shown, path: target, notices: [sanitizeForTerminal(notice)] };
  }
  throw new HacoError("plan_write", `no free name for the plan beside ${options.shownAs} (${path.basename(besideAsYaml(options.out, 1))} and 98 more exist) — remove some, or pass another --out`, EXIT.badInput);
}

/** What `text` reads as, and how that differs from the tickets meant; a text that does not parse differs in that. */
function readBack(text: string, shown: string, format: PlanFileFormat, intended: readonly PlannedTicket[]): { tickets: LoadedTicket[]; differences: string[] } {
  let tickets: LoadedTicket[];
  try {
    tickets = parseTickets(text, shown, format);
  } catch (err) {
    if (!(err instanceof HacoError)) throw err;
    return { tickets: [], differences: [`it does not parse (${err.message})`] };
  }
  return { tickets, differences: planDifferences(intended, tickets) };
}

/** PLAN.md → PLAN.yaml, then PLAN-2.yaml, PLAN-3.yaml… */
function besideAsYaml(out: string, n: number): string {
  const base = path.basename(out, path.extname(out));
  return path.join(path.dirname(out), `${base}${n === 1 ? "" : `-${n}`}.yaml`);
}

function unfaithful(shown: string, differences: string[]): SupervisorError {
  return new SupervisorError(
    "supervisor_bad_plan",
    sanitizeForTerminal(`Claude's plan cannot be written as ${shown} without changing what it says (${differences.join("; ")}); nothing was written — try again, or rephrase the request`),
    EXIT.ticketFailed,
  );
}

/** Where the cockpit keeps a plan made with p: never over another file. */
export function cockpitPlanPath(repoRoot: string, request: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  const slug = request.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "plan";
  return path.join(repoRoot, ".haco", "plans", `${stamp}-${slug}.md`);
}
