import { EXIT, HacoError } from "../domain/errors.js";
import { describeFsProblem } from "../adapters/workspace/fsProblem.js";

/** The exit code of a bug: anything that is neither a HacoError nor a filesystem problem the user can fix. */
export const EXIT_INTERNAL = 70;

/**
 * What main prints (on stderr) and returns for an error no command handled:
 * a HacoError's own message; a filesystem problem the user can fix (a file
 * where a folder is needed, permissions, a full disk) worded with its path,
 * as bad input — the safety net for whatever no command worded itself;
 * anything else is a bug, with its stack.
 */
export function explainFailure(err: unknown, cwd: string = process.cwd()): { text: string; exitCode: number } {
  // A usage message already names its command ("haco stats: --since needs a value"): no second "haco:".
  if (err instanceof HacoError) return { text: `${/^haco[\s:]/.test(err.message) ? "" : "haco: "}${err.message}\n`, exitCode: err.exitCode };
  const fsProblem = describeFsProblem(err, { base: cwd });
  if (fsProblem) return { text: `haco: ${fsProblem.message}\n`, exitCode: EXIT.badInput };
  return { text: `haco: internal error: ${(err as Error)?.stack ?? String(err)}\nPlease report this as a bug.\n`, exitCode: EXIT_INTERNAL };
}
