import path from "node:path";
import { EXIT, HacoError, InputError, UsageError } from "../../domain/errors.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import { loadConfig, type HacoConfig } from "../../adapters/config/config.js";
import { stopOnSignals } from "../stopOnSignal.js";
import { queueRejectedWarning } from "../../session/queueEvents.js";
import { finishLandedCommits } from "../../adapters/workspace/interruptedRuns.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { loadSendPolicy } from "../../adapters/workspace/sendPolicy.js";
import { loadTemplates } from "../../adapters/prompt/loadTemplates.js";
import { workerSetup } from "../../session/workerSetup.js";
import { defaultPlanFolders, findDefaultPlan, loadTicketsFromFile } from "../../adapters/tickets/loadTickets.js";
import { committedTicketIds } from "../../adapters/workspace/ticketHistory.js";
import { TICKET_TRAILER } from "../../domain/commitMessage.js";
import { runSession } from "../../session/runSession.js";
import { acceptEverything, acceptNothing } from "../../session/runTicket.js";
import { stamp, type EventInput, type HacoEvent } from "../../domain/events/events.js";
import { humanSink, ndjsonSink } from "../sinks.js";
import { nonEmptyFlag, oneOf, parseCommandArgs } from "../parse.js";
import { resolveWorkerSettings } from "../../session/workerSettings.js";
import { supervisorDrafterFromEnv } from "../../adapters/supervisor/supervisorDrafter.js";
import { TicketQueue } from "../../adapters/queue/index.js";
import { TicketResults } from "../../session/ticketResults.js";
import { openCommandLog } from "../commandLog.js";
import type { Ticket } from "../../domain/tickets/ticket.js";

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
  --retries N          when the tests fail, draft again up to N times, telling
                       the worker what failed (default: review.retries, 1);
                       then, with ANTHROPIC_API_KEY set, Claude drafts it
  --model M            the worker model (else HACO_WORKER_MODEL, config)
  --worker KIND:URL    the worker server: ollama:<url> or openai:<base-url>
                       (LM Studio, llama.cpp's server, vLLM); else
                       worker.endpoints in .haco/config.yaml, else Ollama`;

export async function runCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    plan: { type: "string" },
    json: { type: "boolean", default: false },
    accept: { type: "string" },
    "no-commit": { type: "boolean", default: false },
    "keep-failed": { type: "boolean", default: false },
    retries: { type: "string" },
    worker: { type: "string" },
    model: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  return withEventSink(values.json, (emit) => runWith(values, positionals, emit));
}

/**
 * Runs `body` with the event sink of the output mode: NDJSON on stdout for
 * --json, human lines on stderr otherwise.
 */
export async function withEventSink(json: boolean, body: (emit: (event: EventInput) => void) => Promise<number>): Promise<number> {
  const emitRaw = json ? ndjsonSink() : humanSink();
  // An event stamped already (so that the run log gets the very same one) keeps its time.
  const emit = (event: EventInput) => emitRaw("ts" in event ? (event as HacoEvent) : stamp(event));
  try {
    return await body(emit);
  } catch (err) {
    // Scripts reading --json get the failure as an event too; people get it on stderr from main().
    if (json && err instanceof HacoError) emit({ type: "error", code: err.code, message: err.message });
    throw err;
  }
}

interface RunFlags {
  plan?: string;
  json: boolean;
  accept?: string;
  "no-commit": boolean;
  "keep-failed": boolean;
  retries?: string;
  worker?: string;
  model?: string;
}

async function runWith(values: RunFlags, positionals: string[], emit: (event: EventInput) => void): Promise<number> {
  const accept = oneOf("accept", values.accept, ["all", "none"] as const, "none");
  const model = nonEmptyFlag("model", values.model, "qwen2.5-coder:7b");
  const planFlag = nonEmptyFlag("plan", values.plan, "PLAN.md");
  const worker = nonEmptyFlag("worker", values.worker, "ollama:http://127.0.0.1:11434");
  const retries = parseRetries(values.retries);

  const repoRoot = await findRepoRoot(process.cwd());
  const config = await loadConfig(repoRoot);
  const planFile = planFlag ? path.resolve(planFlag) : findDefaultPlan(repoRoot);
  return runPlan(
    {
      repoRoot,
      config,
      planFile,
      planName: planFile ? path.relative(process.cwd(), planFile) || planFile : null,
      ids: positionals,
      accept,
      commit: !values["no-commit"],
      keepFailed: values["keep-failed"],
      retries,
      worker,
      json: values.json,
      model,
    },
    emit,
  );
}

/** One headless run of a plan: what `haco run` does once its flags are read (and what `haco demo --json` runs). */
export interface PlanRun {
  repoRoot: string;
  config: HacoConfig;
  /** The plan; null runs only what is in .haco/queue/. */
  planFile: string | null;
  /** How messages and events name the plan. */
  planName: string | null;
  /** Ticket ids to run (a repeated one runs once); none means every ticket without a commit. */
  ids: string[];
  accept: "all" | "none";
  commit: boolean;
  keepFailed: boolean;
  /** Re-drafts after failing tests (--retries); default config review.retries. */
  retries?: number;
  json: boolean;
  /** The --model flag. */
  model?: string;
  /** A worker URL that beats OLLAMA_HOST and the config (haco demo's own server). */
  host?: string;
  /** --worker kind:url */
  worker?: string;
}

export async function runPlan(run: PlanRun, emit: (event: EventInput) => void): Promise<number> {
  const { repoRoot, config, accept } = run;
  // `haco run T-001 T-001` means T-001, once: a second run of it would only refuse its own first draft.
  const ids = [...new Set(run.ids)];
  // A run killed after its commit landed left git's index behind: finish that first (the commit also
  // makes its ticket count as done below).
  const recovered = await finishLandedCommits(repoRoot);
  const { tickets: planned, skipped } = run.planFile
    ? await selectTickets(await loadTicketsFromFile(run.planFile, run.planName!, { repoRoot }), ids, repoRoot, run.planName!)
    : { tickets: [], skipped: [] };
  // Tickets a supervisor queued (.haco/queue/) run after the plan's, unless ids were named. The queue itself
  // keeps them off the ids a commit already carries (the skipped plan tickets among them).
  const queue = ids.length === 0 ? new TicketQueue(repoRoot) : null;
  const seen = new Set(planned.map((t) => t.id));
  /**
   * Warnings found before the run starts: emitted right after run.start (the stream opens with it), and
   * recorded in the run log. Once the session runs, warn() emits and records at once.
   */
  const notices: EventInput[] = recovered.map((r) => ({ type: "warning", code: "commit_recovered", ticket: r.ticket, message: r.message }));
  let warn: (event: EventInput) => void = (event) => notices.push(event);
  /** Queued tickets taken from the queue that have no result yet. */
  const unfinished = new Set<string>();
  /** Tickets the run emitted an event for: a queued file none of whose tickets is here goes back to the queue. */
  const reached = new Set<string>();
  const takeQueued = async (): Promise<Ticket[]> => {
    if (!queue) return [];
    let batch = await queue.takeNew({ existingIds: seen });
    // A file written a moment ago is left to settle (it may still be being written): wait for it briefly.
    for (let i = 0; i < 20 && batch.tickets.length === 0 && batch.waiting.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      batch = await queue.takeNew({ existingIds: seen });
    }
    for (const bad of batch.rejected) warn(queueRejectedWarning(bad));
    for (const t of batch.tickets) {
      seen.add(t.id);
      unfinished.add(t.id);
    }
    return batch.tickets;
  };
  const settings = resolveWorkerSettings({ model: run.model }, config);
  const host = run.host ?? settings.host;
  const workers = workerSetup(config, host, run.worker, process.env);
  const tickets = [...planned, ...(await takeQueued())];
  if (tickets.length === 0) {
    // Scripts reading --json see the run, and that it had nothing to do.
    if (run.json && run.planFile) emit({ type: "run.start", tickets: [], plan: run.planName, model: settings.model, host: workers.worker.host });
    // A queued file rejected on the way is reported even when nothing runs.
    for (const notice of notices) emit(notice);
    if (!run.planFile) throw noPlan(repoRoot);
    const message = `every ticket in ${run.planName} already has a commit in this branch (matched by ticket id) — name ticket ids to run them again, or give new tickets new ids`;
    process.stderr.write(`haco: ${message}\n`);
    if (run.json) {
      emit({ type: "warning", code: "nothing_to_run", message });
      emit({ type: "run.done", exitCode: EXIT.ok, statuses: {} });
    }
    return EXIT.ok;
  }
  // Matched by id alone: a new plan that reuses an old id would be skipped without a word. Said after the
  // nothing-to-run check, whose message covers a plan that is all committed.
  notices.unshift(
    ...skipped.map((id): EventInput => ({
      type: "warning",
      code: "ticket_already_committed",
      ticket: id,
      message: `${id} is skipped: a commit in this branch already carries its ticket id (${TICKET_TRAILER}: ${id}) — name it to run it again (haco run ${id}), or give a new ticket a new id`,
    })),
  );
  // Each queued ticket's result goes to .haco/queue/done/<id>.json for whoever queued it; every
  // event, prompt and answer goes to the run log.
  const results = new TicketResults();
  const writes: Promise<unknown>[] = [];
  const { log, emitAndRecord: record } = await openCommandLog(repoRoot, config, "run", emit);
  const emitAndRecord = (event: EventInput) => {
    record(event);
    if ("ticket" in event && typeof event.ticket === "string") reached.add(event.ticket);
    const result = results.observe(event);
    if (result && queue?.isQueued(result.id)) {
      unfinished.delete(result.id);
      writes.push(queue.writeDone({ ...result, finishedAt: new Date() }));
    }
  };
  warn = emitAndRecord;
  if (!run.json && accept === "none") {
    process.stderr.write("haco: --accept none: the draft is proposed but nothing is written (pass --accept all to apply)\n");
  }

  const controller = new AbortController();
  const stopSignals = stopOnSignals(controller, (line) => process.stderr.write(`haco: ${line}\n`));
  try {
    return await runSession({
      tickets,
      notices,
      more: takeQueued,
      plan: run.planName,
      repoRoot,
      config,
      ...workers,
      model: settings.model,
      templatesFor: (kind) => loadTemplates(repoRoot, kind),
      sendPolicy: await loadSendPolicy(repoRoot),
      emit: emitAndRecord,
      onPrompt: (ticket, system, prompt) => log.record({ type: "prompt.text", ticket: ticket.id, system, prompt }),
      decide: async (_ticket, proposal) => (accept === "all" ? acceptEverything(proposal) : acceptNothing(proposal)),
      commit: run.commit,
      keepFailed: run.keepFailed,
      retries: run.retries ?? config.review.retries,
      supervisor: supervisorDrafterFromEnv(process.env, config),
      signal: controller.signal,
    });
  } finally {
    await returnUnreachedFiles(queue, reached, unfinished);
    // A queued ticket the run never reached but whose file had one that ran still gets its answer.
    for (const id of unfinished) {
      writes.push(queue!.writeDone({ id, status: "not_run", reasons: ["the run stopped before this ticket; it was not started — queue it again"], testOutputTail: [], finishedAt: new Date() }));
    }
    await Promise.all(writes);
    await log.close();
    stopSignals();
  }
}

/**
 * The run stopped (the worker unreachable, Ctrl-C) before any ticket of some
 * queued files: those go back to .haco/queue/, pending, for the next run.
 */
async function returnUnreachedFiles(queue: TicketQueue | null, reached: ReadonlySet<string>, unfinished: Set<string>): Promise<void> {
  if (!queue || unfinished.size === 0) return;
  try {
    for (const file of await queue.putBack(reached)) {
      for (const id of file.runIds) unfinished.delete(id);
      process.stderr.write(`haco: the run stopped before ${file.ids.join(", ")}: ${file.file} is back in the queue for the next run\n`);
    }
  } catch (err) {
    // The tickets stay in taken/ with a not_run result each: nothing is lost, they are only not pending.
    process.stderr.write(`haco: could not put the queued tickets the run did not reach back in .haco/queue/: ${(err as Error).message}\n`);
  }
}

function noPlan(repoRoot: string): HacoError {
  const folder = defaultPlanFolders(repoRoot)[0];
  if (folder) {
    return new InputError(folder, null, "is a folder, not a plan file — rename or move that folder, write the plan there as a file (see docs/ticket-formats.md), or pass --plan FILE");
  }
  return new UsageError("no plan found and nothing in .haco/queue/: pass --plan FILE, write .haco/plan.yaml or PLAN.md (see docs/ticket-formats.md), or queue tickets with 'haco queue add'");
}

function parseRetries(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new UsageError(`--retries ${value}: expected a whole number from 0 to 10 (how many times to draft again after failing tests) — e.g. --retries 2`);
  return n;
}

/** The plan's tickets to run, and (without ids) those skipped because a commit already carries their id. */
async function selectTickets(all: LoadedTicket[], ids: string[], repoRoot: string, planName: string): Promise<{ tickets: LoadedTicket[]; skipped: string[] }> {
  if (ids.length > 0) {
    const byId = new Map(all.map((t) => [t.id, t]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw new UsageError(`${planName} has no ticket ${unknown.join(", ")} — its tickets are ${all.map((t) => t.id).join(", ")}`);
    }
    return { tickets: ids.map((id) => byId.get(id)!), skipped: [] };
  }
  const done = await committedTicketIds(repoRoot);
  return { tickets: all.filter((t) => !done.has(t.id)), skipped: all.filter((t) => done.has(t.id)).map((t) => t.id) };
}
