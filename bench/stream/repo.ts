import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ANSWER_FILE } from "./answer.js";

/** One ticket asking for the file the scripted answer creates. */
export const BENCH_PLAN = `# Plan: bench

## T-001: Add the record parsers
- files: ${ANSWER_FILE} (create)

Export one parser per record type of the export tool, each returning null on a malformed line.
`;

export interface BenchRepo {
  root: string;
  remove(): Promise<void>;
}

/**
 * A throwaway git repository (made by the parent, so the child's CPU time is
 * the cockpit's alone) with the plan committed, and no user or system git
 * config read.
 */
export async function createBenchRepo(): Promise<BenchRepo> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "haco-bench-stream-")));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  try {
    git("-c", "init.defaultBranch=main", "init", "-q");
    git("config", "user.name", "haco bench");
    git("config", "user.email", "bench@haco.invalid");
    git("config", "commit.gpgsign", "false");
    writeFileSync(path.join(root, "PLAN.md"), BENCH_PLAN);
    git("add", "-A");
    git("commit", "-q", "--no-verify", "-m", "chore: bench plan");
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { root, remove: async () => rmSync(root, { recursive: true, force: true }) };
}
