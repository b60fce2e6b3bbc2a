import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { EXIT, HacoError } from "../../domain/errors.js";
import { git } from "./git.js";

/**
 * git's lock on the index: whoever creates `index.lock` (O_EXCL) owns the
 * index until they rename it over `index` or remove it. Another git process,
 * an editor's git integration, or a git that crashed leaves it there. haco
 * checks it before it writes anything of a commit, waits a moment for a short
 * holder, and says who holds it when it must give up.
 */

export interface IndexFiles {
  index: string;
  lock: string;
}

/** Where this repository (or worktree) keeps its index and the index's lock. */
export async function indexFiles(repoRoot: string): Promise<IndexFiles> {
  const out = (await git(["rev-parse", "--path-format=absolute", "--git-path", "index"], { cwd: repoRoot })).stdout.trim();
  const index = path.isAbsolute(out) ? out : path.resolve(repoRoot, out);
  return { index, lock: `${index}.lock` };
}

export async function lockExists(files: IndexFiles): Promise<boolean> {
  return (await lstat(files.lock).catch(() => null)) !== null;
}

/**
 * The processes that have the lock file open (read from /proc where there is
 * one), as "git (pid 4242)". Empty when none does; null where it cannot be told.
 */
export async function lockHolders(lockFile: string): Promise<string[] | null> {
  let pids: string[];
  try {
    pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const holders: string[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      if (target !== lockFile) continue;
      const name = (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "a process")).trim();
      holders.push(`${name} (pid ${pid})`);
      break;
    }
  }
  return holders;
}

const WAIT_MS = 2_000;
const POLL_MS = 50;

/**
 * Waits up to two seconds for someone else's index.lock to go; then refuses
 * (`index_locked`), naming who holds it, before haco has written any of the
 * commit. `where` says what is left as it was ("the change is applied and
 * left uncommitted").
 */
export async function awaitIndexUnlocked(repoRoot: string, where: string): Promise<IndexFiles> {
  const files = await indexFiles(repoRoot);
  const deadline = Date.now() + WAIT_MS;
  while (await lockExists(files)) {
    if (Date.now() >= deadline) throw await indexLockedError(repoRoot, files, where);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return files;
}

export async function indexLockedError(repoRoot: string, files: IndexFiles, where: string): Promise<HacoError> {
  const shown = path.relative(repoRoot, files.lock) || files.lock;
  const holders = await lockHolders(files.lock);
  const who =
    holders === null
      ? "another git command (an editor's git integration, a terminal) may be using it — let it finish, or if no git command is running, remove it"
      : holders.length > 0
        ? `${holders.join(", ")} holds it — let ${holders.length === 1 ? "it" : "them"} finish`
        : "no running process holds it, so a git command probably crashed — if no git command is running, remove it";
  return new HacoError("index_locked", `git's index is locked (${shown} exists): ${who}, then try again — ${where}`, EXIT.ticketFailed);
}
