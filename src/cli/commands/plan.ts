import path from "node:path";
import { EXIT, HacoError, UsageError } from "../../domain/errors.js";
import { loadConfig } from "../../adapters/config/config.js";
import { hasCredentials, supervisorSettings, type SupervisorSettings } from "../../adapters/supervisor/anthropicClient.js";
import { checkPlanOut } from "../../adapters/supervisor/planOutPath.js";
import { planToFile } from "../../adapters/supervisor/planToFile.js";
import { noKey } from "../../adapters/supervisor/supervisorError.js";
import { committedTicketIds } from "../../adapters/workspace/ticketHistory.js";
import { findDefaultPlan } from "../../adapters/tickets/loadTickets.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { loadSendPolicy } from "../../adapters/workspace/sendPolicy.js";
import { stamp, type EventInput } from "../../domain/events/events.js";
import { openCommandLog } from "../commandLog.js";
import { parseCommandArgs } from "../parse.js";
import { withEventSink } from "./run.js";

const HELP = `Usage: haco plan "<request>" [options]

Asks Claude (the supervisor) to split the request into small tickets, each
within the limits (at most 2 files, ~150 changed lines, 1 new dependency;
worker tickets under 50 lines) and with an owner and a reason, and writes
them as a plan that 'haco run' and the cockpit read. Its events, Claude's
tokens included, go to the run log in .haco/logs/ too ('haco stats').

Options:
  --out FILE                 where the plan goes (default PLAN.md); its
                             extension picks the format: .md for PLAN.md,
                             .yaml/.yml for JuniorSpec YAML
  --force                    overwrite FILE if it exists
  --json                     NDJSON events on stdout (the plan in plan.done)
  --supervisor-model M       the Claude model (else config supervisor.model,
                             else claude-sonnet-5)

Environment: ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN), ANTHROPIC_BASE_URL.`;

export async function planCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("plan", args, {
    out: { type: "string" },
    force: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    "supervisor-model": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const request = positionals.join(" ").trim();
  if (!request) throw new UsageError('haco plan needs a request, e.g. haco plan "add a slugify util with tests"');
  return withEventSink(values.json, (emit) => plan(request, values, emit));
}

async function plan(
  request: string,
  flags: { out?: string; force: boolean; json: boolean; "supervisor-model"?: string },
  emit: (event: EventInput) => void,
): Promise<number> {
  const repoRoot = await findRepoRoot(process.cwd());
  const config = await loadConfig(repoRoot);
  const settings = supervisorSettings(process.env, flags["supervisor-model"], config.supervisor.model);
  if (!hasCredentials(settings)) throw noKey();
  const out = path.resolve(flags.out ?? path.join(repoRoot, "PLAN.md"));
  const shown = path.relative(process.cwd(), out) || out;
  // Checked before Claude is asked: a plan that cannot be written is not worth paying for.
  await checkPlanOut(out, shown, { replace: flags.force, cwd: process.cwd() });

  // Like haco run's, every event goes to the run log too: Claude's usage for haco stats, the request for audit.
  const { log, emitAndRecord } = await openCommandLog(repoRoot, config, "plan", emit);
  try {
    await planInto({ repoRoot, request, settings, out, shown }, emitAndRecord);
  } catch (err) {
    // A plan that failed after Claude answered was still paid for: its usage is logged above, and why it failed here.
    if (err instanceof HacoError) log.write(stamp({ type: "error", code: err.code, message: err.message }));
    throw err;
  } finally {
    await log.close();
  }
  return EXIT.ok;
}

interface PlanTarget {
  repoRoot: string;
  request: string;
  settings: SupervisorSettings;
  out: string;
  shown: string;
}

async function planInto({ repoRoot, request, settings, out, shown }: PlanTarget, emit: (event: EventInput) => void): Promise<void> {
  emit({ type: "plan.start", request, model: settings.model });
  let lastCount = -1;
  const result = await planToFile({
    repoRoot,
    request,
    settings,
    policy: await loadSendPolicy(repoRoot),
    out,
    shownAs: shown,
    // A second plan must not reuse the ids of tickets already committed: haco run would skip them.
    takenIds: await committedTicketIds(repoRoot),
    onProgress: (p) => {
      // One event per ticket whose title has arrived, not per JSON fragment.
      if (p.tickets === lastCount) return;
      lastCount = p.tickets;
      emit({ type: "plan.progress", tickets: p.tickets, titles: p.titles });
    },
    onUsage: (u) => emit({ type: "supervisor.usage", purpose: "plan", model: u.model, inputTokens: u.inputTokens, outputTokens: u.outputTokens }),
  });

  emit({ type: "plan.done", file: result.file, tickets: result.summaries, flagged: result.flagged });
  for (const notice of result.notices) emit({ type: "warning", code: "plan_written_as_yaml", message: notice });
  const first = findDefaultPlan(repoRoot);
  if (first && path.resolve(first) !== result.path && result.notices.length === 0) {
    emit({ type: "warning", code: "plan_shadowed", message: `${path.relative(process.cwd(), first) || first} comes first when haco looks for a plan: run this one with 'haco run --plan ${result.file}'` });
  }
  for (const flag of result.flagged) {
    emit({ type: "warning", code: "ticket_over_limits", ticket: flag.id, message: `${flag.id} ${flag.breaches.join("; ")} — it is flagged in ${result.file}; fix it before running` });
  }
}
