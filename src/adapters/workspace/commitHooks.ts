import { constants } from "node:fs";
import { access, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { HacoError, EXIT } from "../../domain/errors.js";
import { git } from "./git.js";

/**
 * The repository's own git hooks, run for haco's commits the way `git commit
 * -- <paths>` runs them: pre-commit against the private index that holds
 * exactly the ticket's change, then commit-msg on the message (which it may
 * rewrite), then post-commit. haco commits with commit-tree, which runs no
 * hook by itself; without this, a team's commit checks (commitlint, a lint
 * on staged files) would be skipped for every ticket.
 *
 * Hooks are the user's code, not the worker's: they run with no terminal
 * (stdin closed, output captured, never printed as it comes) so a hook can
 * neither draw over the cockpit nor wait for a key.
 */

/** The codes of a commit a hook refused: the change stays applied, ready to commit once that is fixed. */
export const HOOK_REFUSALS: ReadonlySet<string> = new Set(["commit_hook_failed", "commit_hook_restaged"]);

/** A hook that takes longer is stopped, and the commit refused. */
const HOOK_TIMEOUT_MS = 600_000;
/** The last lines of a refusing hook's output go into the message: enough to say why. */
const OUTPUT_LINES = 6;

export interface HookRun {
  /** The private index the commit is built in: what pre-commit sees as staged. */
  indexFile: string;
  /** Where commit-msg gets the message file. */
  scratch: string;
}

/** pre-commit, then commit-msg; returns the message as commit-msg left it. */
export async function runPreCommitHooks(repoRoot: string, message: string, run: HookRun): Promise<string> {
  const env = { GIT_INDEX_FILE: run.indexFile };
  await runHook(repoRoot, "pre-commit", [], env);
  const messageFile = path.join(run.scratch, "COMMIT_EDITMSG");
  await writeFile(messageFile, message);
  if (!(await runHook(repoRoot, "commit-msg", [messageFile], env))) return message;
  const rewritten = await readFile(messageFile, "utf8");
  if (rewritten.split("\n").every((line) => line.trim() === "" || line.startsWith("#"))) {
    throw refusal("commit-msg", "it left the message empty");
  }
  return rewritten;
}

/** post-commit: the commit is made; like git, a failing hook changes nothing. */
export async function runPostCommitHook(repoRoot: string): Promise<void> {
  await runHook(repoRoot, "post-commit", [], {}).catch(() => undefined);
}

/** Runs the hook if the repository has it; false when it has none. Throws a clear refusal when it fails. */
async function runHook(repoRoot: string, name: string, args: string[], env: Record<string, string>): Promise<boolean> {
  const file = await hookFile(repoRoot, name);
  if (!file) return false;
  const result = await execa(file, args, {
    cwd: repoRoot,
    env,
    stdin: "ignore",
    all: true,
    reject: false,
    timeout: HOOK_TIMEOUT_MS,
    encoding: "utf8",
  });
  if (result.exitCode === 0) return true;
  const why = result.timedOut
    ? `stopped after ${HOOK_TIMEOUT_MS / 60_000} minutes`
    : result.exitCode === undefined
      ? `it could not be run: ${result.originalMessage ?? result.shortMessage}`
      : `exit code ${result.exitCode}`;
  throw refusal(name, why, String(result.all ?? ""));
}

/** The hook's path (core.hooksPath respected), if it exists and is executable, as git requires. */
async function hookFile(repoRoot: string, name: string): Promise<string | null> {
  const relative = (await git(["rev-parse", "--git-path", `hooks/${name}`], { cwd: repoRoot })).stdout.trim();
  const file = path.resolve(repoRoot, relative);
  try {
    await access(file, constants.X_OK);
    return file;
  } catch {
    return null;
  }
}

function refusal(name: string, why: string, output = ""): HacoError {
  const lines = stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
  // What the hook said comes first: on a narrow screen it is the part that must show.
  const said = lines.length > 0 ? `: ${lines.slice(-OUTPUT_LINES).join(" ⏎ ")} (${why})` : ` (${why})`;
  return new HacoError(
    "commit_hook_failed",
    `the ${name} hook refused the commit${said} — the change is applied and left uncommitted; fix what the hook reports, then commit it (Enter on the ticket in the cockpit, or git commit), or set commit.hooks: false in .haco/config.yaml to commit without hooks`,
    EXIT.ticketFailed,
  );
}
