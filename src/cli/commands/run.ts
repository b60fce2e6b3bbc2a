import path from "node:path";
import { EXIT, HacoError, UsageError } from "../../domain/errors.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import { loadConfig } from "../../adapters/config/config.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { loadSendPolicy } from "../../adapters/workspace/sendPolicy.js";
import { loadTemplates } from "../../adapters/prompt/loadTemplates.js";
import { createOllamaWorker } from "../../adapters/worker/ollamaWorker.js";
import { findDefaultPlan, loadTicketsFromFile } from "../../adapters/tickets/loadTickets.js";
import { committedTicketIds } from "../../adapters/workspace/ticketHistory.js";
import { runSession } from "../../session/runSession.js";
import { stamp, type EventInput } from "../../session/events.js";
import { humanSink, ndjsonSink } from "../sinks.js";
import { oneOf, parseCommandArgs } from "../parse.js";
import { resolveWorkerSettings } from "../workerSettings.js";

const HELP = `Usage: haco run [IDS...] [options]

Runs each ticket through the loop: prompt → local worker draft → hunks →
decision → apply → test → commit. Without IDS, every ticket of the plan that
has no commit yet.

Options:
  --plan FILE          the plan (default .haco/plan.yaml, then PLAN.md);
                       JuniorSpec YAML, task-spec JSON or PLAN.md
  --json               NDJSON events on stdout, nothing else
  --accept all|none    headless decision for every hunk (default none: the
                       draft is shown, nothing is written)
  --no-commit          apply and test, but do not commit
  --keep-failed        keep the changes when the tests fail
  --model M            the worker model (else HACO_WORKER_MODEL, config)`;

export async function runCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    plan: { type: "string" },
    json: { type: "boolean", default: false },
    accept: { type: "string" },
    "no-commit": { type: "boolean", default: false },
    "keep-failed": { type: "boolean", default: false },
    model: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const emitRaw = values.json ? ndjsonSink() : humanSink();
  const emit = (event: EventInput) => emitRaw(stamp(event));
  try {
    return await runWith(values, positionals, emit);
  } catch (err) {
    // Scripts reading --json get the failure as an event too; people get it on stderr from main().
    if (values.json && err instanceof HacoError) emit({ type: "error", code: err.code, message: err.message });
    throw err;
  }
}

interface RunFlags {
  plan?: string;
  json: boolean;
  accept?: string;
  "no-commit": boolean;
  "keep-failed": boolean;
  model?: string;
}

async function runWith(values: RunFlags, positionals: string[], emit: (event: EventInput) => void): Promise<number> {
  const accept = oneOf("accept", values.accept, ["all", "none"] as const, "none");

  const repoRoot = await findRepoRoot(process.cwd());
  const config = await loadConfig(repoRoot);
  const planFile = values.plan ? path.resolve(values.plan) : findDefaultPlan(repoRoot);
  if (!planFile) {
    throw new UsageError("no plan found: pass --plan FILE, or write .haco/plan.yaml or PLAN.md (see docs/ticket-formats.md)");
  }
  const displayName = path.relative(process.cwd(), planFile) || planFile;
  const all = await loadTicketsFromFile(planFile, displayName);
  const tickets = await selectTickets(all, positionals, repoRoot, displayName);
  if (tickets.length === 0) {
    process.stderr.write(`haco: every ticket in ${displayName} already has a commit — name ticket ids to run them again\n`);
    return EXIT.ok;
  }
  if (!values.json && accept === "none") {
    process.stderr.write("haco: --accept none: the draft is proposed but nothing is written (pass --accept all to apply)\n");
  }

  const { host, model } = resolveWorkerSettings({ model: values.model }, config);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await runSession({
      tickets,
      plan: displayName,
      repoRoot,
      config,
      worker: createOllamaWorker({ host }),
      model,
      templatesFor: (kind) => loadTemplates(repoRoot, kind),
      sendPolicy: await loadSendPolicy(repoRoot),
      emit,
      decide: async (_ticket, proposal) =>
        new Set(accept === "all" ? proposal.changes.flatMap((c) => c.hunks.map((h) => h.id)) : []),
      commit: !values["no-commit"],
      keepFailed: values["keep-failed"],
      signal: controller.signal,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function selectTickets(all: LoadedTicket[], ids: string[], repoRoot: string, planName: string): Promise<LoadedTicket[]> {
  if (ids.length > 0) {
    const byId = new Map(all.map((t) => [t.id, t]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw new UsageError(`${planName} has no ticket ${unknown.join(", ")} — its tickets are ${all.map((t) => t.id).join(", ")}`);
    }
    return ids.map((id) => byId.get(id)!);
  }
  const done = await committedTicketIds(repoRoot);
  return all.filter((t) => !done.has(t.id));
}
