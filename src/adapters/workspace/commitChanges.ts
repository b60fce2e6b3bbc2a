import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { HacoError, EXIT } from "../../domain/errors.js";
import { git, headCommit } from "./git.js";
import { operationBlockingCommits } from "./gitOperation.js";
import { gitScratchDir, mergeFile, readBlob, type Entry } from "./gitObjects.js";
import { blobId, indexEntries, objectFormat, setIndexEntries, treeEntries, writeBlobs } from "./gitBatch.js";
import { runPostCommitHook, runPreCommitHooks } from "./commitHooks.js";
import { awaitIndexUnlocked, indexLockedError } from "./indexLock.js";
import { lockPrepared, prepareIndex, publishIndex, releaseOwnLock } from "./indexSwap.js";
import type { JournalCommit } from "./journalFile.js";

/**
 * Commits exactly a ticket's applied change and nothing else.
 *
 * The working tree may hold the user's own uncommitted work, even in the
 * files the ticket touched, and the index may hold their staged work. So the
 * commit is built in a private index from HEAD: for each file, the ticket's
 * change (worktree-before → worktree-after) is merged onto HEAD's version
 * with `git merge-file`, which yields HEAD plus the ticket's hunks and none of
 * the user's. The user's index gets the same change, so their staged and
 * unstaged work stays exactly as it was, and `git status` shows no trace of
 * haco's commit.
 *
 * Nothing the user sees moves until the end, and then in an order a crash
 * can be recovered from: git's index lock is checked before anything is
 * written; the new user index is built in a private copy and taken as
 * `index.lock` (so no other git can change the index meanwhile); HEAD moves
 * (only if nobody moved it); the lock is renamed over the index. The journal
 * records each phase, so a run killed in between is finished or undone by
 * the next run or `haco rollback` (commitRecovery.ts).
 */

export interface CommittedFile {
  path: string;
  /** The file as it was in the working tree before the ticket wrote it (null: did not exist). */
  before: string | null;
  /** The file as the ticket left it (null: deleted). */
  after: string | null;
}

export interface CommitResult {
  sha: string;
  /** The message committed: the one given, or as the repository's commit-msg hook rewrote it. */
  message: string;
  warnings: string[];
}

export interface CommitOptions {
  /** Run the repository's pre-commit, commit-msg and post-commit hooks, as `git commit` does (default true). */
  hooks?: boolean;
  /** The ticket's journal: told when HEAD and the index start to move, and when they are done. */
  journal?: CommitJournal;
}

export interface CommitJournal {
  markCommitting(commit: JournalCommit): Promise<void>;
  markApplied(): Promise<void>;
  markCommitted(): Promise<void>;
}

const LEFT = "the change is applied and left uncommitted";
/** How often the user's index may change under haco (another git writing it) before the commit gives up. */
const INDEX_TRIES = 3;

export async function commitChanges(repoRoot: string, files: CommittedFile[], message: string, options: CommitOptions = {}): Promise<CommitResult> {
  // A run refuses to start in the middle of a merge or rebase; one may have begun since.
  const operation = await operationBlockingCommits(repoRoot);
  if (operation) {
    throw new HacoError(
      "git_operation_in_progress",
      `${operation.what} is in progress in this repository, so haco did not commit — the change is applied and left uncommitted; ${operation.fix}, then commit the change yourself`,
      EXIT.ticketFailed,
    );
  }
  // Before anything of the commit is written: another git holding the index would fail it half-way.
  const indexFiles = await awaitIndexUnlocked(repoRoot, LEFT);
  const head = await headCommit(repoRoot);
  const scratch = await gitScratchDir(repoRoot, "haco-commit");
  const warnings: string[] = [];
  try {
    const env = { GIT_INDEX_FILE: path.join(scratch, "index") };
    await git(head ? ["read-tree", head] : ["read-tree", "--empty"], { cwd: repoRoot, env });

    // A few git processes for the whole change, however many files it has (gitBatch.ts).
    const format = await objectFormat(repoRoot);
    const paths = files.map((f) => f.path);
    const heads = head ? await treeEntries(repoRoot, head, paths) : new Map<string, Entry>();
    const contents: { file: CommittedFile; text: string | null; mode: string; headBlob: string | null }[] = [];
    for (const file of files) {
      const headEntry = heads.get(file.path) ?? null;
      // HEAD's version is what the ticket started from (the usual case): its change is simply the new text.
      const unchangedSinceHead = headEntry ? file.before !== null && blobId(file.before, format) === headEntry.blob : file.before === null;
      const content = unchangedSinceHead
        ? { text: file.after, conflict: false }
        : await transplant(scratch, file, headEntry ? await readBlob(repoRoot, headEntry.blob) : null);
      if (content.conflict) {
        throw new HacoError(
          "commit_conflict",
          `cannot commit only the ticket's change to ${file.path}: it touches lines you changed yourself and have not committed — the change is applied and left uncommitted for you to commit by hand`,
          EXIT.ticketFailed,
        );
      }
      const mode = headEntry?.mode ?? (await worktreeMode(repoRoot, file.path));
      contents.push({ file, text: content.text, mode, headBlob: headEntry?.blob ?? null });
    }
    const written = await writeBlobs(repoRoot, scratch, contents.flatMap((c) => (c.text === null ? [] : [c.text])));
    let next = 0;
    const staged: StagedFile[] = contents.map((c) => ({ file: c.file, mode: c.mode, headBlob: c.headBlob, blob: c.text === null ? null : written[next++]! }));
    const idLength = format === "sha256" ? 64 : 40;
    await setIndexEntries(repoRoot, env, staged.map((e) => ({ path: e.file.path, mode: e.mode, blob: e.blob })), idLength);

    const hooks = options.hooks ?? true;
    const tree = (await git(["write-tree"], { cwd: repoRoot, env })).stdout.trim();
    let committed = message;
    if (hooks) {
      committed = await runPreCommitHooks(repoRoot, message, { indexFile: env.GIT_INDEX_FILE, scratch });
      await refuseRestaged(repoRoot, env, tree);
    }
    const parents = head ? ["-p", head] : [];
    const sha = (await git(["commit-tree", tree, ...parents, "-F", "-"], { cwd: repoRoot, input: committed })).stdout.trim();
    const subject = committed.split("\n")[0] ?? "";
    const journal = options.journal;

    for (let attempt = 1; ; attempt++) {
      warnings.length = 0;
      const prepared = await prepareIndex(indexFiles, scratch, async (indexEnv) => {
        warnings.push(...(await carryIntoIndex(repoRoot, scratch, staged, indexEnv, idLength)));
      });
      await journal?.markCommitting({ parent: head, sha, lockIno: prepared?.ino ?? null });
      const outcome = prepared ? await lockPrepared(prepared) : "locked";
      if (outcome === "changed" && attempt < INDEX_TRIES) continue;
      if (outcome !== "locked") {
        await journal?.markApplied();
        if (outcome === "held") throw await indexLockedError(repoRoot, indexFiles, LEFT);
        throw new HacoError("index_changed", `git's index kept changing while haco committed (another git command is writing it), so haco did not commit — ${LEFT}; commit it again once that command is done`, EXIT.ticketFailed);
      }
      // The old value makes this a compare-and-swap: if someone committed meanwhile, fail rather than drop their commit.
      const moved = await git(["update-ref", "-m", `haco: ${subject}`, "HEAD", sha, head ?? ""], { cwd: repoRoot, okCodes: [1, 128] }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      // A git killed on the way (the Ctrl-C that reaches every process of the terminal) says nothing of
      // whether HEAD moved before it died: HEAD itself does.
      const landed = moved instanceof Error ? (await headCommit(repoRoot)) === sha : moved.exitCode === 0;
      if (!landed) {
        if (prepared) await releaseOwnLock(indexFiles, prepared.ino);
        await journal?.markApplied();
        if (moved instanceof Error) throw moved;
        throw new HacoError("head_moved", `HEAD moved while haco was committing (a commit or checkout meanwhile), so haco did not commit — ${LEFT}; commit it yourself once you have looked at HEAD`, EXIT.ticketFailed);
      }
      if (prepared) await publishIndex(indexFiles);
      await journal?.markCommitted();
      break;
    }
    if (hooks) await runPostCommitHook(repoRoot);
    return { sha, message: committed, warnings };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A pre-commit hook that staged something (a formatter's fix, `git add -A`) would put into the
 * commit what nobody reviewed, perhaps the user's own unstaged work: haco commits exactly the
 * accepted hunks or nothing.
 */
async function refuseRestaged(repoRoot: string, env: Record<string, string>, reviewed: string): Promise<void> {
  const tree = (await git(["write-tree"], { cwd: repoRoot, env })).stdout.trim();
  if (tree === reviewed) return;
  const changed = (await git(["diff-tree", "-r", "--name-only", "-z", reviewed, tree], { cwd: repoRoot })).stdout.split("\0").filter(Boolean);
  throw new HacoError(
    "commit_hook_restaged",
    `the repository's pre-commit hook changed what is staged (${changed.slice(0, 5).join(", ") || "the index"}${changed.length > 5 ? `, and ${changed.length - 5} more` : ""}), so haco did not commit: it commits exactly the hunks you accepted — the change is applied and left uncommitted; commit it yourself with git, or set commit.hooks: false in .haco/config.yaml`,
    EXIT.ticketFailed,
  );
}

/** HEAD's version of the file plus the ticket's change, via a three-way merge. */
async function transplant(
  scratch: string,
  file: CommittedFile,
  headContent: string | null,
): Promise<{ text: string | null; conflict: boolean }> {
  if (headContent === file.before) return { text: file.after, conflict: false };
  if (file.after === null) {
    // Deleting a file whose committed version differs from what the ticket saw would drop the user's work.
    return { text: null, conflict: true };
  }
  if (headContent === null || file.before === null) return { text: null, conflict: true };
  const text = await mergeFile(scratch, headContent, file.before, file.after);
  return { text, conflict: text === null };
}


/**
 * Once HEAD has moved, the user's index would still hold the old HEAD blob for
 * the committed files, which `git status` would show as a staged revert. Give
 * the index (the private copy that replaces it) the same change, keeping
 * anything the user had staged. Returns a warning for each staged version
 * the change could not be merged into.
 */
async function carryIntoIndex(repoRoot: string, scratch: string, staged: readonly StagedFile[], env: Record<string, string>, idLength: number): Promise<string[]> {
  const indexed = await indexEntries(repoRoot, staged.map((e) => e.file.path), env);
  const updates: { path: string; mode: string; blob: string | null }[] = [];
  const warnings: string[] = [];
  for (const entry of staged) {
    const current = indexed.get(entry.file.path) ?? null;
    if ((current?.blob ?? null) === entry.headBlob) {
      updates.push({ path: entry.file.path, mode: entry.mode, blob: entry.blob });
      continue;
    }
    // The user staged their own version: merge the ticket's change into it too.
    if (current && entry.file.before !== null && entry.file.after !== null) {
      const stagedText = await readBlob(repoRoot, current.blob);
      const merged = await mergeFile(scratch, stagedText, entry.file.before, entry.file.after);
      if (merged !== null) {
        const blob = (await git(["hash-object", "-w", "--stdin"], { cwd: repoRoot, input: merged })).stdout.trim();
        updates.push({ path: entry.file.path, mode: current.mode, blob });
        continue;
      }
    }
    warnings.push(`${entry.file.path}: your staged version was left as it was; 'git diff --cached' will show the ticket's change reversed there`);
  }
  await setIndexEntries(repoRoot, env, updates, idLength);
  return warnings;
}

interface StagedFile {
  file: CommittedFile;
  /** The committed blob (null: the file is removed). */
  blob: string | null;
  mode: string;
  /** HEAD's blob before the commit (null: HEAD had no such file). */
  headBlob: string | null;
}

async function worktreeMode(repoRoot: string, file: string): Promise<string> {
  try {
    const info = await stat(path.join(repoRoot, file));
    return info.mode & 0o111 ? "100755" : "100644";
  } catch {
    return "100644";
  }
}
