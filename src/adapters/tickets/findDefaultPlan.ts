import { statSync } from "node:fs";
import path from "node:path";

/**
 * Where `haco run` looks for tickets when no --plan is given, in order: the
 * supervisor's own plan file first (written by `haco plan`), then the
 * hand-written PLAN.md of seed 001.
 */
export const DEFAULT_PLAN_FILES = [".haco/plan.yaml", "PLAN.md"] as const;

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The absolute path of the first default plan file that exists in `repoRoot`, or null. */
export function findDefaultPlan(repoRoot: string): string | null {
  for (const candidate of DEFAULT_PLAN_FILES) {
    const file = path.join(repoRoot, candidate);
    if (isFile(file)) return file;
  }
  return null;
}

/**
 * The default plan names (repository-relative) taken by a folder: when no
 * plan is found, "PLAN.md is a folder" says more than "there is no plan".
 */
export function defaultPlanFolders(repoRoot: string): string[] {
  return DEFAULT_PLAN_FILES.filter((candidate) => isFolder(path.join(repoRoot, candidate)));
}
