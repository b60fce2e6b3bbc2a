import path from "node:path";
import { render, type Instance } from "ink";
import { loadConfig } from "../adapters/config/config.js";
import type { PollableGpuProbe } from "../domain/gpu/gpuReadout.js";
import { probeGpu, startGpuPoller, type GpuPoller } from "../adapters/gpu/probeGpu.js";
import { loadTemplates } from "../adapters/prompt/loadTemplates.js";
import { workerSetup } from "../session/workerSetup.js";
import { currentBranch, git } from "../adapters/workspace/git.js";
import { loadSendPolicy } from "../adapters/workspace/sendPolicy.js";
import { resolveWorkerSettings } from "../session/workerSettings.js";
import { EXIT } from "../domain/errors.js";
import type { HacoEvent } from "../domain/events/events.js";
import { resolveTheme } from "../../themes/index.js";
import { loadCockpitPlan } from "./cockpitPlan.js";
import { createCockpit } from "./createCockpit.js";
import { editInTerminal } from "./externalEditor.js";
import { TicketQueue, type QueueWatcher } from "../adapters/queue/index.js";
import { openRunLog } from "../adapters/runlog/index.js";
import { supervisorDrafterFromEnv } from "../adapters/supervisor/supervisorDrafter.js";
import { plannerFromEnv } from "../adapters/supervisor/cockpitPlanner.js";
import { stamp } from "../domain/events/events.js";
import { enterFullScreen, requireTerminal } from "./terminal.js";
import { Journal } from "../adapters/workspace/journal.js";
import { queueRejectedWarning } from "../session/queueEvents.js";

/** How long quitting waits for the running ticket to stop before haco puts its files right itself. */
const QUIT_GRACE_MS = 3_000;

/**
 * The cockpit's entry point, for `haco` and for anything that drives the
 * cockpit (a demo, an end-to-end test in tmux, a benchmark). Resolves with
 * the exit code once the user quits (0), or a signal stopped it (128 + n).
 * Bad input (a plan that does not parse, an unknown theme, a config error)
 * throws a HacoError before the screen is touched; main() prints it.
 */
export interface RunCockpitOptions {
  /** The repository's top directory (findRepoRoot). */
  repoRoot: string;
  /** A plan file; default .haco/plan.yaml, then PLAN.md; none opens an empty cockpit that says how to add one. */
  planFile?: string;
  /** dark | light | high-contrast | no-color; default config ui.theme, then dark. NO_COLOR wins. */
  theme?: string;
  /** Worker model; default HACO_WORKER_MODEL, then config, then haco's default. */
  model?: string;
  /** Ollama URL; default OLLAMA_HOST, then config, then http://127.0.0.1:11434. */
  host?: string;
  /** --worker kind:url (an OpenAI-compatible server, or another Ollama). */
  worker?: string;
  stdin?: NodeJS.ReadStream;
  /** Must be a terminal (isTTY, columns, rows), as must stdin (isTTY, setRawMode); otherwise exit 2. */
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** The GPU line's probe; null turns polling off (tests, machines where the tool misbehaves). */
  gpuProbe?: PollableGpuProbe | null;
  gpuIntervalMs?: number;
  /** Sees every session event, as `--json` would print it. */
  onEvent?: (event: HacoEvent) => void;
}

export async function runCockpit(options: RunCockpitOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  if (!requireTerminal(stdout, stderr, stdin)) return EXIT.badInput;

  const { repoRoot } = options;
  const config = await loadConfig(repoRoot);
  const theme = resolveTheme(options.theme ?? config.ui.theme, env);
  const plan = await loadCockpitPlan(repoRoot, options.planFile);
  const settings = resolveWorkerSettings({ model: options.model }, config, env);
  // worker.endpoints in the config: a pool (first free endpoint with the model drafts); else one Ollama.
  const { worker, pool } = workerSetup(config, options.host ?? settings.host, options.worker ?? (options.host ? `ollama:${options.host}` : undefined), env);
  const sendPolicy = await loadSendPolicy(repoRoot);
  const branch = await currentBranch(repoRoot).catch(() => null);
  // The hunk being edited goes where git keeps its own edit files, inside the repository's .git.
  const gitDir = path.resolve(repoRoot, (await git(["rev-parse", "--git-dir"], { cwd: repoRoot })).stdout.trim());

  const queue = new TicketQueue(repoRoot);
  // Every event of the session, its prompts and answers, secrets masked: .haco/logs/ (haco stats reads it).
  const log = await openRunLog(repoRoot, { config: config.logs, run: { command: "cockpit" }, env });
  let quitting = false;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  /** What a forced stop put right, said once the terminal is back. */
  const stopNotes: string[] = [];
  /** Set when quitting had to give up on the running ticket: the exit code to leave with. */
  let stuckExit: number | null = null;
  const quit = (code: number): void => {
    if (quitting) return;
    quitting = true;
    app.session.dispatch({ type: "cockpit.quitting" });
    // Stop the running ticket first: its journal restores the files a half-done ticket touched.
    // Whatever it is stuck in (a hook that never returns), quitting waits only so long; then the
    // journals are put right here and haco leaves.
    let grace: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (grace = setTimeout(() => resolve("late"), QUIT_GRACE_MS)));
    void Promise.race([app.controller.shutdown(), late])
      .then(async (how) => {
        clearTimeout(grace);
        if (how !== "late") return;
        stuckExit = code;
        stopNotes.push(...(await Journal.stopAll()));
      })
      .catch((err: unknown) => stopNotes.push(`could not put every file back (${err instanceof Error ? err.message : String(err)}) — run 'haco rollback'`))
      .finally(() => finish(code));
  };

  const app = createCockpit({
    repoRoot,
    repoName: path.basename(repoRoot),
    branch,
    config,
    worker,
    pool,
    model: settings.model,
    tickets: plan.tickets,
    committed: plan.committed,
    hasPlan: plan.displayName !== null,
    planNote: plan.note,
    theme,
    templatesFor: (kind) => loadTemplates(repoRoot, kind),
    sendPolicy,
    onQuit: () => quit(EXIT.ok),
    onEvent: (event) => {
      log.write(event);
      options.onEvent?.(event);
    },
    onPrompt: (ticket, system, prompt) => log.record({ type: "prompt.text", ticket: ticket.id, system, prompt }),
    supervisor: supervisorDrafterFromEnv(env, config),
    planner: plannerFromEnv(repoRoot, env, config, sendPolicy),
    // A queued ticket's result goes back where the supervisor that queued it looks.
    onTicketResult: (result) => {
      if (queue.isQueued(result.id)) void queue.writeDone({ ...result, finishedAt: new Date() }).catch(() => undefined);
    },
    editText: async (text, fileName) => {
      handedOver = true;
      try {
        return await editInTerminal(text, fileName, { stdin, stdout, env, dir: gitDir });
      } finally {
        // A Ctrl+C typed in the editor reaches haco only once the editor has returned: let it land first.
        await new Promise((resolve) => setImmediate(resolve));
        handedOver = false;
      }
    },
  });

  let instance: Instance | null = null;
  let handedOver = false;
  let poller: GpuPoller | null = null;
  let watcher: QueueWatcher | null = null;
  const screen = enterFullScreen({
    stdout,
    stderr,
    stdin,
    onSignal: (_signal, code) => quit(code),
    ignoreInterrupt: () => handedOver,
    beforeCrashRestore: () => instance?.unmount(),
  });
  try {
    // Raw mode from the first byte: Ink turns it on only after its first frame, and a key typed
    // in between would arrive cooked (or be echoed onto the screen).
    if (stdin.isTTY) stdin.setRawMode(true);
    instance = render(app.element, { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false });
    // Ask for the exit promise now: Ink creates it lazily and would never settle one asked for after unmount.
    const exited = instance.waitUntilExit();
    if (options.gpuProbe !== null) {
      poller = startGpuPoller(options.gpuProbe ?? probeGpu, (readout) => app.stream.setGpu(readout), options.gpuIntervalMs ?? 2000);
    }
    void app.controller.reportInterrupted().catch(() => undefined);
    // Tickets written into .haco/queue/ (by Claude Code, or 'haco queue add') join the list within a second.
    watcher = queue.watch(
      (batch) => {
        app.controller.addTickets(batch.tickets);
        for (const bad of batch.rejected) {
          app.emit(stamp(queueRejectedWarning(bad)));
        }
      },
      { existingIds: () => app.controller.ticketIds },
    );
    const code = await finished;
    instance.unmount();
    await exited;
    return code;
  } finally {
    await watcher?.stop();
    await log.close();
    poller?.stop();
    instance?.unmount();
    app.dispose();
    screen.restore();
    for (const note of stopNotes) stderr.write(`haco: ${note}\n`);
    // What the run was stuck in would keep the process alive after the cockpit is gone.
    if (stuckExit !== null) process.exit(stuckExit);
  }
}
