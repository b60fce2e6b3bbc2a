/**
 * One scratch repository per case and tool, under os.tmpdir().
 *
 * The repository sits a few directories deep inside a "jail" directory, and
 * the whole jail is snapshotted before and after the tool runs: a diff aimed
 * at `../../etc/passwd` lands inside the jail (and is seen as a wrong write)
 * instead of outside it. The repository is a fresh `git init` for every tool,
 * as the repositories haco works in are, so a diff aimed at `.git/config`
 * meets a real one.
 */

import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchCase } from "./corpus.js";

/** Where the repository sits inside the jail (POSIX, relative). */
export const REPO_IN_JAIL = "w1/w2/w3/repo";

export interface Sandbox {
  /** Scratch directory of this run of one tool on one case; holds the jail and the patch file. */
  dir: string;
  jail: string;
  repo: string;
  /** A file outside the jail for the tool's input. */
  patchFile: string;
}

/** The run's root scratch directory; removed by `removeRunRoot`. */
export function makeRunRoot(): string {
  return mkdtempSync(path.join(os.tmpdir(), "haco-bench-edits-"));
}

export function removeRunRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Environment for the external tools: no user or system git config, no inherited repository. */
export function toolEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: os.devNull };
  for (const key of ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "POSIXLY_CORRECT", "PATCH_GET", "PATCH_VERSION_CONTROL", "VERSION_CONTROL", "SIMPLE_BACKUP_SUFFIX"]) {
    delete env[key];
  }
  return env;
}

export function makeSandbox(runRoot: string, name: string, c: BenchCase, gitInit: boolean): Sandbox {
  const dir = path.join(runRoot, name);
  const jail = path.join(dir, "jail");
  const repo = path.join(jail, ...REPO_IN_JAIL.split("/"));
  mkdirSync(repo, { recursive: true });
  if (gitInit) {
    const init = spawnSync("git", ["init", "-q", "."], { cwd: repo, env: { ...toolEnv(), GIT_CEILING_DIRECTORIES: dir } });
    if (init.status !== 0) throw new Error(`git init failed in ${repo}: ${String(init.stderr)}`);
  }
  for (const [file, bytes] of c.before) {
    const full = path.join(repo, ...file.split("/"));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
  return { dir, jail, repo, patchFile: path.join(dir, "reply.diff") };
}

export function removeSandbox(box: Sandbox): void {
  rmSync(box.dir, { recursive: true, force: true });
}

/** Every file and symlink under root, by POSIX path relative to it. */
export type Snapshot = Map<string, Buffer>;

export function snapshot(root: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const key = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full, key);
      else if (st.isSymbolicLink()) out.set(key, Buffer.from(`symlink -> ${readlinkSync(full)}`));
      else out.set(key, readFileSync(full));
    }
  };
  walk(root, "");
  return out;
}

/** The jail as it must look after a correct apply: before/ overlaid with after/, deleted files gone. */
export function expectedAfter(pre: Snapshot, c: BenchCase): Snapshot {
  const expected = new Map(pre);
  for (const [file, bytes] of c.after) expected.set(`${REPO_IN_JAIL}/${file}`, bytes);
  for (const file of c.deleted) expected.delete(`${REPO_IN_JAIL}/${file}`);
  return expected;
}

export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (a.size !== b.size) return false;
  for (const [key, bytes] of a) {
    const other = b.get(key);
    if (other === undefined || !other.equals(bytes)) return false;
  }
  return true;
}

/** Keys that differ between two snapshots (added, removed or changed), for the per-case view. */
export function changedPaths(a: Snapshot, b: Snapshot): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => {
    const x = a.get(k);
    const y = b.get(k);
    return x === undefined || y === undefined || !x.equals(y);
  });
}

/**
 * Resolves a path a tool asked for the way a naive integration would
 * (`path.resolve(repo, name)`), but keeps it inside the jail: an absolute name
 * is re-rooted at the jail, as in a chroot. Used for the in-process tools.
 */
export function resolveInJail(box: Sandbox, name: string): string {
  const resolved = path.resolve(box.repo, name);
  const rel = path.relative(box.jail, resolved);
  if (rel === "" || (rel.split(path.sep)[0] !== ".." && !path.isAbsolute(rel))) return resolved;
  return path.join(box.jail, resolved);
}
