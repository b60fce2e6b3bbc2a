import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import { ok, warn, type DoctorCheck } from "./check.js";
import { programsOf } from "./commandWords.js";

/** Where a command line comes from, as the report names it: "T-002's test_command", "verify[0]". */
interface CommandSource {
  label: string;
  command: string;
}

/**
 * Every program the plan's test commands and the config's verify commands
 * start, looked up the way the shell would (PATH, or a path relative to the
 * repository). A missing one is a warning: the ticket would fail its tests
 * for a reason that has nothing to do with the draft.
 */
export async function checkCommands(
  tickets: readonly LoadedTicket[],
  verify: readonly string[],
  options: { repoRoot: string | null; cwd: string; env: NodeJS.ProcessEnv },
): Promise<DoctorCheck[]> {
  const sources: CommandSource[] = [
    ...tickets.flatMap((t) => (t.testCommand ? [{ label: `${t.id}'s test_command`, command: t.testCommand }] : [])),
    ...verify.map((command, i) => ({ label: `verify[${i}]`, command })),
  ];
  const untested = tickets.filter((t) => !t.testCommand).map((t) => t.id);
  const checks: DoctorCheck[] = [];
  if (untested.length > 0 && verify.length === 0) {
    checks.push(
      warn(
        "tests",
        `${listed(untested)} ${untested.length === 1 ? "has" : "have"} no test_command and no verify command is configured: ${untested.length === 1 ? "its draft" : "their drafts"} would be committed untested`,
        'add verify: ["npm test"] (your test command) to .haco/config.yaml, or a test_command to each ticket',
      ),
    );
  }
  if (sources.length === 0) {
    if (checks.length === 0) checks.push(ok("tests", "no test or verify commands to check"));
    return checks;
  }

  const users = new Map<string, string[]>();
  for (const source of sources) {
    for (const program of programsOf(source.command)) users.set(program, [...(users.get(program) ?? []), source.label]);
  }
  const cwd = options.repoRoot ?? options.cwd;
  for (const [program, usedBy] of users) {
    const found = await findExecutable(program, { cwd, env: options.env });
    const name = `program ${program}`;
    if (found) {
      checks.push(ok(name, `${found} (${listed(usedBy)})`));
    } else {
      const where = program.includes("/") ? `${program} does not exist or is not executable` : `${program} is not on PATH`;
      checks.push(warn(name, `${where}: ${listed(usedBy)} would fail`, `install ${program} (or add it to PATH), or change ${listed(usedBy)}`));
    }
  }
  return checks;
}

function listed(items: readonly string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join(", ")} and ${items.length - 3} more` : items.join(", ");
}

/**
 * `which`: the executable the shell would run for `program`, or null. A name
 * with a slash is a path (relative to `cwd`); anything else is searched on
 * PATH, with PATHEXT's extensions on Windows.
 */
export async function findExecutable(program: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string | null> {
  if (program.includes("/") || (process.platform === "win32" && program.includes("\\"))) {
    const file = path.resolve(options.cwd, program);
    return (await isExecutable(file)) ? file : null;
  }
  const dirs = (options.env.PATH ?? options.env.Path ?? "").split(path.delimiter).filter(Boolean);
  const extensions = process.platform === "win32" ? ["", ...(options.env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";")] : [""];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const file = path.resolve(options.cwd, dir, program + ext);
      if (await isExecutable(file)) return file;
    }
  }
  return null;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
