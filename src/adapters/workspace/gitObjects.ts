import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { git } from "./git.js";
import { processAlive } from "./processAlive.js";

/**
 * Reading git's objects and index entries, and git's three-way merge of
 * file texts: what building a commit of only haco's change (commitChanges)
 * and taking it back (undoCommit) both need.
 */

export interface Entry {
  mode: string;
  blob: string;
}

/**
 * A private scratch directory inside the repository's .git, for the file
 * texts git's merge and the private index need: they hold the ticket's
 * (the worker's) text, which never leaves the repository.
 */
export async function gitScratchDir(repoRoot: string, prefix: string): Promise<string> {
  const gitDir = (await git(["rev-parse", "--absolute-git-dir"], { cwd: repoRoot })).stdout.trim();
  // The pid in the name tells a killed run's scratch (removeDeadScratchDirs) from a live one's.
  return mkdtemp(path.join(gitDir, `${prefix}-${process.pid}-`));
}

const SCRATCH = /^haco-[a-z]+-(\d+)-[A-Za-z0-9]{6}$/;

/** Removes the scratch directories that runs killed mid-commit left in .git; a live process's are kept. */
export async function removeDeadScratchDirs(repoRoot: string): Promise<void> {
  const gitDir = (await git(["rev-parse", "--absolute-git-dir"], { cwd: repoRoot })).stdout.trim();
  for (const name of await readdir(gitDir).catch(() => [] as string[])) {
    const pid = Number(SCRATCH.exec(name)?.[1] ?? 0);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    await rm(path.join(gitDir, name), { recursive: true, force: true });
  }
}


/** The file's blob in a commit's tree, or null when the commit has no such file. */
export async function treeEntry(repoRoot: string, commit: string, file: string): Promise<Entry | null> {
  const out = (await git(["ls-tree", "-z", commit, "--", file], { cwd: repoRoot })).stdout.replace(/\0$/, "");
  if (!out) return null;
  const [meta] = out.split("\t");
  const [mode, type, blob] = (meta ?? "").split(" ");
  return type === "blob" && mode && blob ? { mode, blob } : null;
}

/** The index's records for exactly this path (several while a merge conflict is unresolved). */
export async function indexRecords(repoRoot: string, file: string, env?: Record<string, string>): Promise<(Entry & { stage: string })[]> {
  return (await git(["ls-files", "-z", "--stage", "--", file], { cwd: repoRoot, ...(env ? { env } : {}) })).stdout
    .split("\0")
    .filter(Boolean)
    // ls-files matches pathspecs, so a directory of that name lists its files; keep the exact path.
    .filter((r) => r.slice(r.indexOf("\t") + 1) === file)
    .map((r) => {
      const [mode = "", blob = "", stage = ""] = (r.split("\t")[0] ?? "").split(" ");
      return { mode, blob, stage };
    });
}

export async function readBlob(repoRoot: string, blob: string): Promise<string> {
  return (await git(["cat-file", "blob", blob], { cwd: repoRoot })).stdout;
}

/** current + (other − base) via `git merge-file`, in the scratch directory; null when that conflicts. */
export async function mergeFile(scratch: string, current: string, base: string, other: string): Promise<string | null> {
  const names = ["current", "base", "other"].map((n) => path.join(scratch, `${n}-${Math.random().toString(36).slice(2)}`));
  await Promise.all([writeFile(names[0]!, current), writeFile(names[1]!, base), writeFile(names[2]!, other)]);
  const result = await git(["merge-file", "-p", "--quiet", names[0]!, names[1]!, names[2]!], {
    cwd: scratch,
    // A positive exit code is the number of conflicts (at most 127); a failure is negative (255).
    okCodes: Array.from({ length: 127 }, (_, i) => i + 1),
  });
  return result.exitCode === 0 ? result.stdout : null;
}
