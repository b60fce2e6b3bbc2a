import { rmSync } from "node:fs";
import { EXIT, UsageError } from "../../domain/errors.js";
import { loadConfig } from "../../adapters/config/config.js";
import { createDemoRepo, type DemoRepo } from "../../demo/demoRepo.js";
import { DEMO_PLAN_FILE } from "../../demo/demoProject.js";
import { DEMO_MODEL } from "../../demo/demoScript.js";
import { startDemoWorker } from "../../demo/demoWorker.js";
import { DEMO_PACE, type DemoPace } from "../../demo/demoScript.js";
import { parseCommandArgs } from "../parse.js";
import { runPlan, withEventSink } from "./run.js";
import { loadInkLive } from "../../tui/loadInkLive.js";

const HELP = `Usage: haco demo [--keep] [--json] [--pace TOKENS_PER_SEC]

The whole loop without Ollama: a throwaway git repository with a
small plan (3 tickets) and a scripted demo worker (not a real model) that
speaks the Ollama protocol on 127.0.0.1. In a terminal it opens the cockpit;
with --json, or when stdout is not a terminal, it runs the plan headless, as
'haco run --accept all' would.

Options:
  --keep   keep the demo repository afterwards (its path is printed)
  --json   NDJSON events on stdout, nothing else
  --pace   how fast the scripted worker streams, in tokens a second (default ${DEMO_PACE.tokensPerSec}, like a 7B model)`;

export async function demoCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("demo", args, {
    keep: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    pace: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(`haco demo takes no arguments, got "${positionals.join(" ")}" — see 'haco demo --help'`);
  }
  const { keep, json } = values;
  const pace = parsePace(values.pace);
  const cockpit = !json && process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (cockpit) return withDemo(keep, pace, openCockpit);

  if (!json) process.stderr.write("demo: stdout is not a terminal, so the plan runs headless (--accept all)\n");
  return withEventSink(json, (emit) =>
    withDemo(keep, pace, async (repo, host) =>
      runPlan(
        {
          repoRoot: repo.root,
          config: await loadConfig(repo.root),
          planFile: repo.planFile,
          planName: DEMO_PLAN_FILE,
          ids: [],
          accept: "all",
          commit: true,
          keepFailed: false,
          json,
          model: DEMO_MODEL,
          host,
        },
        emit,
      ),
    ),
  );
}

/** `--pace N`: the scripted worker's tokens a second (a quick demo, or tests that need not stream at a model's speed). */
function parsePace(value: string | undefined): DemoPace {
  if (value === undefined) return DEMO_PACE;
  const tokensPerSec = Number(value);
  if (!Number.isFinite(tokensPerSec) || tokensPerSec <= 0 || tokensPerSec > 1_000_000) {
    throw new UsageError(`--pace ${value}: expected tokens a second, a number above 0 and up to 1000000 — e.g. --pace 60 (a 7B model) or --pace 5000`);
  }
  return { ...DEMO_PACE, tokensPerSec };
}

/**
 * Creates the demo repository and starts the demo worker, runs `body`, then
 * stops the worker whatever happened and removes the repository unless kept.
 */
async function withDemo(keep: boolean, pace: DemoPace, body: (repo: DemoRepo, host: string) => Promise<number>): Promise<number> {
  const repo = await createDemoRepo();
  // A closed terminal (SIGHUP) can end the process before the finally below runs: the throwaway
  // repository goes with it anyway.
  const removeOnExit = () => rmSync(repo.root, { recursive: true, force: true });
  if (!keep) process.once("exit", removeOnExit);
  try {
    const worker = await startDemoWorker(pace);
    try {
      process.stderr.write(`demo: scripted worker at ${worker.url} (not a real model) — repository: ${repo.root}\n`);
      return await body(repo, worker.url);
    } finally {
      await worker.close();
    }
  } finally {
    if (keep) process.stderr.write(`demo: kept the repository at ${repo.root}\n`);
    else {
      await repo.remove();
      process.off("exit", removeOnExit);
    }
  }
}

async function openCockpit(repo: DemoRepo, host: string): Promise<number> {
  // Loaded only here: the headless demo needs neither Ink nor React.
  await loadInkLive();
  const { runCockpit } = await import("../../tui/runCockpit.js");
  return runCockpit({
    repoRoot: repo.root,
    planFile: repo.planFile,
    model: DEMO_MODEL,
    host,
    // The scripted worker uses no GPU, so this machine's GPU readings would mean nothing here: "n/a".
    gpuProbe: async () => null,
  });
}
