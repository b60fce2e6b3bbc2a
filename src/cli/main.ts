import { carryOnWhenStdoutCloses } from "./closedStdout.js";
import { EXIT } from "../domain/errors.js";
import { runCommandLine } from "./commands/run.js";
import { workerCommandLine } from "./commands/worker.js";
import { rollbackCommandLine } from "./commands/rollback.js";
import { applyCommandLine } from "./commands/apply.js";
import { demoCommandLine } from "./commands/demo.js";
import { VERSION } from "./version.js";
import { loadInkLive } from "../tui/loadInkLive.js";
import { explainFailure } from "./explainFailure.js";
import { routeConsoleToStderr } from "./consoleToStderr.js";

const HELP = `haco ${VERSION} — a terminal cockpit for hybrid AI coding

Usage:
  haco [--plan FILE] [--theme T] [--model M] [--worker KIND:URL]
                                            the cockpit (full screen; needs a terminal)
  haco run [IDS...] [--plan FILE] [--json] [--accept all|none] [--no-commit]
           [--keep-failed] [--retries N] [--model M] [--worker KIND:URL]
                                            run tickets through the local worker
  haco worker [PROMPT] [--model M] [--json] prompt in (argument or stdin), answer out
  haco apply [FILE|-] [--accept all|none] [--partial] [--dry-run] [--json]
                                            a worker's raw answer in, placed hunks written
  haco queue add FILE|- [--format md|yaml|json] [--json] | list [--json]
                                            hand tickets to a running haco (.haco/queue/)
  haco rollback                             restore files of an interrupted run
  haco plan "<request>" [--out FILE] [--force] [--json] [--supervisor-model M]
                                            Claude splits a request into tickets (a plan)
  haco init [--force] [--json]              set up CLAUDE.md, .haco/ and .hacoignore here
  haco stats [--since D] [--json]           figures from the run logs (.haco/logs/)
  haco doctor [--json] [--warm] [--plan FILE]
                                            check git, Node, the worker, Claude's key, the plan; with fixes
  haco demo [--keep] [--json]               the loop on a throwaway repository with a
                                            scripted demo worker (no Ollama needed)
  haco --version | --help

Exit codes: 0 done, 1 a ticket failed/was refused/rejected, 2 bad input or
usage (a missing API key too), 3 worker unreachable or model missing, or the
Anthropic API unreachable or overloaded.
Environment: OLLAMA_HOST, HACO_WORKER_MODEL, ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN), ANTHROPIC_BASE_URL. Settings: .haco/config.yaml.`;

/** Entry point: returns the exit code; every expected failure becomes a clear message. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Before any command runs: no library's console.log may reach stdout, which belongs to --json.
  routeConsoleToStderr();
  carryOnWhenStdoutCloses();
  try {
    switch (command) {
      case "run":
        return await runCommandLine(rest);
      case "worker":
        return await workerCommandLine(rest);
      case "apply":
        return await applyCommandLine(rest);
      case "queue": return await (await import("./commands/queue.js")).queueCommandLine(rest);
      case "rollback":
        return await rollbackCommandLine(rest);
      case "plan":
        return await (await import("./commands/plan.js")).planCommandLine(rest);
      case "init": return await (await import("./commands/init.js")).initCommandLine(rest);
      case "stats": return await (await import("./commands/stats.js")).statsCommandLine(rest);
      case "doctor": return await (await import("./commands/doctor.js")).doctorCommandLine(rest);
      case "demo":
        return await demoCommandLine(rest);
      case "--version":
      case "-v":
        process.stdout.write(`${VERSION}\n`);
        return EXIT.ok;
      case undefined:
        return await cockpit([]);
      case "--help":
      case "-h":
      case "help":
        process.stdout.write(`${HELP}\n`);
        return EXIT.ok;
      default:
        // Flags without a subcommand are the cockpit's: `haco --plan PLAN.md`.
        if (command.startsWith("-")) return await cockpit(argv);
        process.stderr.write(`haco: unknown command "${command}" — see 'haco --help'\n`);
        return EXIT.badInput;
    }
  } catch (err) {
    const failure = explainFailure(err);
    process.stderr.write(failure.text);
    return failure.exitCode;
  }
}

/** Loaded on demand: Ink and React take half a second to import, which `haco run` and scripts should not pay. */
async function cockpit(args: string[]): Promise<number> {
  await loadInkLive();
  const { cockpitCommandLine } = await import("./commands/cockpit.js");
  return cockpitCommandLine(args);
}
