import { execa } from "execa";
import { HacoError, EXIT } from "../../domain/errors.js";

/**
 * The one place haco runs git. Plumbing commands only, with fixed arguments
 * and no shell, so a path or message can never be read as an option or code.
 */

export interface GitOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. check-ignore's 1). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: string;
  exitCode: number;
}

export async function git(args: string[], options: GitOptions): Promise<GitResult> {
  const result = await execa("git", args, {
    cwd: options.cwd,
    input: options.input,
    env: options.env,
    reject: false,
    stripFinalNewline: false,
    encoding: "utf8",
  });
  const exitCode = result.exitCode ?? -1;
  if (exitCode !== 0 && !(options.okCodes ?? []).includes(exitCode)) {
    const detail = String(result.stderr || result.stdout).trim().split("\n")[0] ?? "";
    throw new HacoError("git_failed", `git ${args[0]} failed: ${detail}`, EXIT.ticketFailed);
  }
  return { stdout: String(result.stdout), exitCode };
}

/** The repository's top directory, or a clear refusal when cwd is not inside one. */
export async function findRepoRoot(cwd: string): Promise<string> {
  const result = await execa("git", ["rev-parse", "--show-toplevel"], { cwd, reject: false });
  if (result.exitCode !== 0) {
    throw new HacoError(
      "not_a_repository",
      `${cwd} is not inside a git repository — run haco from your project's repository (or 'git init' one first)`,
      EXIT.badInput,
    );
  }
  return String(result.stdout).trim();
}

/** HEAD's commit id, or null on an unborn branch (a repository with no commit yet). */
export async function headCommit(cwd: string): Promise<string | null> {
  const result = await git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], { cwd, okCodes: [1] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

export async function currentBranch(cwd: string): Promise<string | null> {
  const result = await git(["symbolic-ref", "--quiet", "--short", "HEAD"], { cwd, okCodes: [1] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}
