import { mkdir } from "node:fs/promises";
import path from "node:path";
import { renderPlanMarkdown, renderPlanYaml, withIds } from "../../domain/plan/renderPlan.js";
import { parseTickets } from "../../domain/tickets/formats.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import type { PlanSummary } from "../../session/events.js";
import { writeFileAtomic } from "../workspace/atomicWrite.js";
import type { SendPolicy } from "../workspace/sendPolicy.js";
import { createAnthropicClient, type SupervisorSettings } from "./anthropicClient.js";
import type { SupervisorUsage } from "./claudeWorker.js";
import { planWithClaude, type PlanProgress } from "./planWithClaude.js";
import { describeContext, repoContext } from "./repoContext.js";

/**
 * A request in, a plan file out: the repository context, Claude's checked
 * plan, the file rendered and parsed back (what is written is what haco
 * reads), then written atomically. `haco plan` and the cockpit's `p` share it.
 */

export interface PlannedFile {
  tickets: LoadedTicket[];
  summaries: PlanSummary[];
  flagged: { id: string; breaches: string[] }[];
  /** As shown to people (relative when under the cwd). */
  file: string;
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
  /** Absolute path; a .yaml/.yml path gets JuniorSpec YAML, anything else PLAN.md. */
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
  const meta = { request: options.request, model: settings.model };
  const yaml = /\.ya?ml$/i.test(options.out);
  const taken = options.takenIds ?? new Set<string>();
  const text = yaml ? renderPlanYaml(result.plan, meta, taken) : renderPlanMarkdown(result.plan, meta, taken);
  const tickets = parseTickets(text, options.shownAs, yaml ? "juniorspec" : "planmd");
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFileAtomic(options.out, text);
  const summaries = withIds(result.plan, taken).map((t) => ({ id: t.id!, title: t.title, owner: t.owner, files: t.files.map((f) => f.path) }));
  return { tickets, summaries, flagged: result.flagged, file: options.shownAs };
}

/** Where the cockpit keeps a plan made with p: never over another file. */
export function cockpitPlanPath(repoRoot: string, request: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  const slug = request.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "plan";
  return path.join(repoRoot, ".haco", "plans", `${stamp}-${slug}.md`);
}
