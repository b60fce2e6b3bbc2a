import { EXIT } from "../../domain/errors.js";
import { parseCommandArgs } from "../parse.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { THEME_NAMES } from "../../../themes/theme.js";
import { requireTerminal } from "../../tui/terminal.js";

const HELP = `Usage: haco [--plan FILE] [--theme NAME] [--model M] [--worker KIND:URL]

Opens the cockpit on this repository's plan: the tickets, the local worker's
draft as it streams (tokens/s, time to first token, context and VRAM use),
the proposed hunks, and the tests. Press ? inside for every key.

Options:
  --plan FILE     the plan (default .haco/plan.yaml, then PLAN.md)
  --theme NAME    ${THEME_NAMES.join(", ")} (default: ui.theme in
                  .haco/config.yaml, then dark; NO_COLOR forces no-color)
  --model M       the worker model (else HACO_WORKER_MODEL, config)
  --worker K:URL  the worker server: ollama:<url> or openai:<base-url>
                  (else worker.endpoints in .haco/config.yaml, else Ollama)

The cockpit needs a terminal; scripts use 'haco run --json'.`;

/** `haco` with no subcommand (or only cockpit flags): the full-screen cockpit. */
export async function cockpitCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    process.stderr.write(`haco: unknown command "${positionals[0]}" — see 'haco --help'\n`);
    return EXIT.badInput;
  }
  // Before anything else: a pipe gets the pointer to the headless mode, whatever the directory.
  if (!requireTerminal(process.stdout, process.stderr, process.stdin)) return EXIT.badInput;
  const repoRoot = await findRepoRoot(process.cwd());
  const { runCockpit } = await loadCockpit();
  return runCockpit({ repoRoot, planFile: values.plan, theme: values.theme, model: values.model, worker: values.worker });
}

function parseFlags(args: string[]) {
  return parseCommandArgs("", args, {
    plan: { type: "string" },
    theme: { type: "string" },
    model: { type: "string" },
    worker: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
}

/**
 * Ink and React load only once there is a terminal to draw on. Ink decides
 * once, when it is imported, whether it runs in CI (CI or
 * CONTINUOUS_INTEGRATION set), and there draws nothing until exit — a blank
 * cockpit in a dev container or a tmux test under CI. Stdout is a terminal
 * here, so hide those two variables from that one decision, then put them
 * back for everything else (the tickets' test commands see them unchanged).
 */
async function loadCockpit() {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await import("../../tui/runCockpit.js");
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}
