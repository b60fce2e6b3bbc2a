import { EXIT, UsageError } from "../../domain/errors.js";
import { runDoctor } from "../../adapters/doctor/runDoctor.js";
import { formatDoctor } from "../../adapters/doctor/formatDoctor.js";
import { parseCommandArgs } from "../parse.js";
import { jsonLine } from "../../domain/text/jsonLine.js";

const HELP = `Usage: haco doctor [--json] [--warm] [--plan FILE]

Checks what haco needs and says how to fix what is missing: the git
repository and its state (a rebase or merge half-done, an interrupted run's
journal), Node, .haco/config.yaml, the GPU, each worker endpoint (reachable,
its version, the models present, their context length and whether they fit
in VRAM), ANTHROPIC_API_KEY (only whether it is set), the plan, the programs
its test and verify commands start, and tmux's escape-time.

Options:
  --json        print {ok, checks: [{name, status, detail, fix?}]} on stdout
  --warm        load each Ollama model with a one-token answer first, so
                /api/ps can tell whether it fits in VRAM (can take a while)
  --plan FILE   the plan to validate (default .haco/plan.yaml, then PLAN.md)

Exit codes: 0 nothing failed (warnings allowed), 1 a check failed.`;

export async function doctorCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("doctor", args, {
    json: { type: "boolean", default: false },
    warm: { type: "boolean", default: false },
    plan: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`haco doctor takes no arguments, got "${positionals[0]}" — see 'haco doctor --help'`);

  const report = await runDoctor({
    cwd: process.cwd(),
    env: process.env,
    warm: values.warm,
    ...(values.plan ? { planFile: values.plan } : {}),
    // Progress goes to stderr so stdout stays the report (or the one JSON object).
    onProgress: (message) => process.stderr.write(`haco: ${message}\n`),
  });
  if (values.json) process.stdout.write(`${jsonLine(report)}\n`);
  else process.stdout.write(formatDoctor(report, { colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));
  return report.ok ? EXIT.ok : EXIT.ticketFailed;
}
