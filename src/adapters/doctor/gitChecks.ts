import { execa } from "execa";
import { JOURNAL_DIR } from "../workspace/journal.js";
import { interruptedRuns, type InterruptedRun } from "../workspace/interruptedRuns.js";
import { currentBranch, headCommit } from "../workspace/git.js";
import { operationInProgress } from "../workspace/gitOperation.js";
import { fail, messageOf, ok, warn, type DoctorCheck } from "./check.js";

/**
 * The repository haco would work in: inside one at all, a first commit, a
 * branch to commit on, no rebase or merge half-done (haco's commits would
 * land in the middle of it), and no journal left by an interrupted run.
 */
export interface GitFindings {
  /** null outside a repository: the other families then skip what needs one. */
  repoRoot: string | null;
  checks: DoctorCheck[];
}


export async function checkGit(cwd: string): Promise<GitFindings> {
  const top = await execa("git", ["rev-parse", "--show-toplevel"], { cwd, reject: false });
  if (top.failed || top.exitCode !== 0) {
    const missingGit = (top as { code?: string }).code === "ENOENT";
    return {
      repoRoot: null,
      checks: [
        missingGit
          ? fail("git repository", "git is not installed (not found on PATH)", "install git (https://git-scm.com/downloads)")
          : fail("git repository", `${cwd} is not inside a git repository`, "cd into your project's repository, or run 'git init' to start one"),
      ],
    };
  }
  const repoRoot = String(top.stdout).trim();
  return { repoRoot, checks: [await repositoryCheck(repoRoot), await operationCheck(repoRoot), await journalCheck(repoRoot)] };
}

async function repositoryCheck(repoRoot: string): Promise<DoctorCheck> {
  try {
    const head = await headCommit(repoRoot);
    const branch = await currentBranch(repoRoot);
    if (head === null) {
      return warn(
        "git repository",
        `${repoRoot}: no commit yet${branch ? ` on ${branch}` : ""} — haco's first commit would be the repository's root`,
        "git commit --allow-empty -m 'chore: initial commit'",
      );
    }
    if (branch === null) {
      return warn(
        "git repository",
        `${repoRoot}: HEAD is detached at ${head.slice(0, 7)} — haco's commits would be on no branch`,
        "git switch -c <branch-name>",
      );
    }
    return ok("git repository", `${repoRoot} · ${branch} at ${head.slice(0, 7)}`);
  } catch (err) {
    return fail("git repository", `${repoRoot}: git cannot read it (${messageOf(err)})`, "run 'git status' there and fix what it reports");
  }
}

async function operationCheck(repoRoot: string): Promise<DoctorCheck> {
  let op;
  try {
    op = await operationInProgress(repoRoot);
  } catch (err) {
    return warn("git state", `could not ask git for its state (${messageOf(err)})`);
  }
  if (!op) return ok("git state", "no rebase, merge, cherry-pick, revert or bisect in progress");
  // The same test haco run and the cockpit apply before they commit (a bisect does not stop them).
  const make = op.blocksCommits ? fail : warn;
  return make("git state", `${op.what} is in progress — haco would commit in the middle of it`, op.fix);
}

async function journalCheck(repoRoot: string): Promise<DoctorCheck> {
  const runs = await interruptedRuns(repoRoot);
  if (runs.length === 0) return ok("interrupted run", `no journal left in ${JOURNAL_DIR}`);
  const stopped = runs.filter((run) => !run.live);
  const said = runs.map(describeRun).join("; ");
  if (stopped.length === 0) return ok("interrupted run", said);
  const onlyLanded = stopped.every((run) => run.commit?.landed);
  return (onlyLanded ? warn : fail)("interrupted run", said, "haco rollback");
}

/** One journal as the next run and `haco rollback` will treat it. */
function describeRun(run: InterruptedRun): string {
  if (!run.journal) return `${run.ticket}: its journal cannot be read ('haco rollback' says why)`;
  if (run.live) return `${run.ticket}: a haco run (pid ${run.journal.pid}) is under way`;
  if (run.commit?.landed) return `${run.ticket}: stopped while committing, after its commit ${run.commit.sha.slice(0, 12)} landed — the next run or 'haco rollback' finishes it (git's index), restoring nothing`;
  const files = run.journal.entries.map((e) => e.path);
  const shown = files.length > 3 ? `${files.slice(0, 3).join(", ")} and ${files.length - 3} more` : files.join(", ") || "no file";
  const when = run.commit ? "while committing, before its commit landed" : "part-way";
  return `${run.ticket}: a run stopped ${when}; ${shown} may be half-done — 'haco rollback' restores what is still as haco wrote it`;
}

