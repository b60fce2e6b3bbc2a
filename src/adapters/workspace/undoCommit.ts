import { mkdir, rm } from "node:fs/promises";
import { worktreeIs } from "./worktreeState.js";
import path from "node:path";
import { HacoError, EXIT } from "../../domain/errors.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { awaitIndexUnlocked, indexLockedError } from "./indexLock.js";
import { lockPrepared, prepareIndex, publishIndex, releaseOwnLock } from "./indexSwap.js";
import type { CommittedFile } from "./commitChanges.js";
import { git, headCommit } from "./git.js";
import { gitScratchDir, indexRecords, mergeFile, readBlob, treeEntry, type Entry } from "./gitObjects.js";
import { resolveInsideRepo } from "./repoPaths.js";

/**
 * Undoes the last commit haco made, the inverse of `commitChanges`: HEAD goes
 * back to the commit's parent (compare-and-swap), each file's working tree
 * goes back to what it was before the ticket wrote it, and the user's index
 * loses the ticket's change while keeping anything they staged themselves.
 *
 * Everything that can refuse is checked before anything changes, so a
 * refusal leaves the repository exactly as it was: HEAD must still be haco's
 * commit, every file must still be exactly what the ticket left, and taking
 * the change out of a file the user staged their own version of must merge
 * cleanly. Otherwise the user undoes it by hand with `git revert`.
 */

export interface UndoRecord {
  sha: string;
  files: CommittedFile[];
}

export interface UndoResult {
  parent: string;
  files: string[];
}


/** What the user's index gets for one path: an entry, a removal, or nothing. */
type IndexChange = { path: string; entry: Entry | null } | { path: string; merged: { mode: string; text: string } };

interface FilePlan {
  file: CommittedFile;
  absolute: string;
  /** Mode for a file that comes back from deletion. */
  restoreMode: number | undefined;
}

export async function undoCommit(repoRoot: string, record: UndoRecord): Promise<UndoResult> {
  const short = record.sha.slice(0, 7);
  const head = await headCommit(repoRoot);
  if (head === null || head !== record.sha) {
    throw new HacoError(
      "undo_head_moved",
      `HEAD moved since haco committed ${short}: HEAD is now ${head ? head.slice(0, 7) : "an unborn branch"} — haco only undoes its commit while it is the last one; undo it by hand with 'git revert ${short}'`,
      EXIT.ticketFailed,
    );
  }
  const sha = head;
  const parent = await onlyParent(repoRoot, sha, short);
  await checkRecordCoversCommit(repoRoot, record, parent, sha, short);

  const plans: FilePlan[] = [];
  for (const file of record.files) {
    const resolved = await resolveInsideRepo(repoRoot, file.path);
    if (!resolved.ok) {
      throw new HacoError("undo_unsafe_path", `cannot undo ${short}: ${resolved.reason} — undo it by hand with 'git revert ${short}'`, EXIT.ticketFailed);
    }
    if (!(await worktreeIs(resolved.absolute, file.after))) {
      throw new HacoError(
        "undo_file_changed",
        `${file.path} has newer changes since haco committed ${short}, so undoing would lose them — undo by hand with 'git revert ${short}'`,
        EXIT.ticketFailed,
      );
    }
    const parentEntry = await treeEntry(repoRoot, parent, file.path);
    plans.push({ file, absolute: resolved.absolute, restoreMode: parentEntry?.mode === "100755" ? 0o755 : undefined });
  }

  const indexFiles = await awaitIndexUnlocked(repoRoot, "nothing was undone; press U again once it is gone");
  const scratch = await gitScratchDir(repoRoot, "haco-undo");
  try {
    const changes: IndexChange[] = [];
    for (const file of record.files) {
      const change = await planIndexChange(repoRoot, scratch, file.path, parent, sha, short);
      if (change) changes.push(change);
    }
    // Objects first: writing them changes nothing anyone can see, and the index update then cannot fail on them.
    const lines: string[] = [];
    for (const change of changes) {
      if ("merged" in change) {
        const blob = (await git(["hash-object", "-w", "--stdin"], { cwd: repoRoot, input: change.merged.text })).stdout.trim();
        lines.push(`${change.merged.mode} ${blob}\t${change.path}`);
      } else if (change.entry) {
        lines.push(`${change.entry.mode} ${change.entry.blob}\t${change.path}`);
      } else {
        lines.push(`0 ${"0".repeat(sha.length)}\t${change.path}`);
      }
    }

    // As for a commit: the new index is prepared in a private copy and taken as git's index lock,
    // HEAD moves, then the lock is renamed over the index — never a HEAD without its index.
    const prepared = await prepareIndex(indexFiles, scratch, async (env) => {
      if (lines.length > 0) await git(["update-index", "-z", "--index-info"], { cwd: repoRoot, env, input: lines.map((l) => `${l}\0`).join("") });
    });
    const locked = prepared ? await lockPrepared(prepared) : "locked";
    if (locked === "held") throw await indexLockedError(repoRoot, indexFiles, `nothing was undone; press U again once it is gone`);
    if (locked === "changed") throw new HacoError("index_changed", `git's index changed while haco undid ${short} (another git command is writing it), so nothing was undone — press U again once it is done`, EXIT.ticketFailed);
    // The old value makes this a compare-and-swap: if someone committed meanwhile, fail rather than drop their commit.
    const moved = await git(["update-ref", "-m", `haco: undo ${sha}`, "HEAD", parent, sha], { cwd: repoRoot, okCodes: [1, 128] }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    // A git killed on the way (a Ctrl-C to the whole terminal) says nothing of whether HEAD moved: HEAD does.
    const landed = moved instanceof Error ? (await headCommit(repoRoot)) === parent : moved.exitCode === 0;
    if (!landed) {
      if (prepared) await releaseOwnLock(indexFiles, prepared.ino);
      if (moved instanceof Error) throw moved;
      throw new HacoError("undo_head_moved", `HEAD moved while haco undid ${short}, so nothing was undone — undo it by hand with 'git revert ${short}'`, EXIT.ticketFailed);
    }
    if (prepared) await publishIndex(indexFiles);

    for (const plan of plans) {
      if (plan.file.before === null) {
        await rm(plan.absolute, { force: true });
      } else {
        await mkdir(path.dirname(plan.absolute), { recursive: true });
        await writeFileAtomic(plan.absolute, plan.file.before, plan.file.after === null ? plan.restoreMode : undefined);
      }
    }
    return { parent, files: record.files.map((f) => f.path) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function onlyParent(repoRoot: string, sha: string, short: string): Promise<string> {
  const [, ...parents] = (await git(["rev-list", "--parents", "-n", "1", sha], { cwd: repoRoot })).stdout.trim().split(" ");
  if (parents.length === 0) {
    throw new HacoError(
      "undo_root_commit",
      `cannot undo ${short}: it is the repository's first commit and has no parent to go back to — undo it by hand (e.g. 'git update-ref -d HEAD' keeps your files)`,
      EXIT.ticketFailed,
    );
  }
  if (parents.length > 1) {
    throw new HacoError(
      "undo_record_mismatch",
      `cannot undo ${short}: it is a merge commit, which haco never makes — undo it by hand with 'git revert -m 1 ${short}'`,
      EXIT.ticketFailed,
    );
  }
  return parents[0]!;
}

/** A commit that changed files the record does not know about is not the one the record describes. */
async function checkRecordCoversCommit(repoRoot: string, record: UndoRecord, parent: string, sha: string, short: string): Promise<void> {
  const changed = (await git(["diff-tree", "-r", "-z", "--no-renames", "--name-only", parent, sha], { cwd: repoRoot })).stdout
    .split("\0")
    .filter(Boolean);
  const known = new Set(record.files.map((f) => f.path));
  const unknown = changed.filter((p) => !known.has(p));
  if (unknown.length > 0) {
    throw new HacoError(
      "undo_record_mismatch",
      `cannot undo ${short}: it also changes ${unknown.join(", ")}, which haco's record of that commit does not list — undo it by hand with 'git revert ${short}'`,
      EXIT.ticketFailed,
    );
  }
}


/**
 * Takes the commit's change out of the user's index entry for one path. An
 * entry that still is the commit's version becomes the parent's; one the user
 * staged their own version into gets the change reverse-merged out of it.
 */
async function planIndexChange(
  repoRoot: string,
  scratch: string,
  file: string,
  parent: string,
  sha: string,
  short: string,
): Promise<IndexChange | null> {
  const [committed, previous, indexed] = await Promise.all([
    treeEntry(repoRoot, sha, file),
    treeEntry(repoRoot, parent, file),
    indexEntry(repoRoot, file, short),
  ]);
  if ((indexed?.blob ?? null) === (committed?.blob ?? null)) {
    if (!previous) return indexed ? { path: file, entry: null } : null;
    // Keep a mode the user staged unless the commit itself changed the mode.
    const mode = indexed && committed && committed.mode === previous.mode ? indexed.mode : previous.mode;
    return { path: file, entry: { mode, blob: previous.blob } };
  }
  if ((indexed?.blob ?? null) === (previous?.blob ?? null)) return null; // already without the change
  if (indexed && committed && previous) {
    const [current, base, other] = await Promise.all([
      readBlob(repoRoot, indexed.blob),
      readBlob(repoRoot, committed.blob),
      readBlob(repoRoot, previous.blob),
    ]);
    const merged = await mergeFile(scratch, current, base, other);
    if (merged !== null) return { path: file, merged: { mode: indexed.mode, text: merged } };
  }
  throw new HacoError(
    "undo_staged_conflict",
    `cannot undo ${short}: what you staged in ${file} overlaps haco's change, so the change cannot be taken out of it — unstage it ('git restore --staged -- ${file}') and undo again, or undo by hand with 'git revert ${short}'`,
    EXIT.ticketFailed,
  );
}



async function indexEntry(repoRoot: string, file: string, short: string): Promise<Entry | null> {
  const records = await indexRecords(repoRoot, file);
  if (records.length === 0) return null;
  if (records.length > 1 || records[0]!.stage !== "0") {
    throw new HacoError(
      "undo_staged_conflict",
      `cannot undo ${short}: ${file} has an unresolved merge conflict in your index — resolve it first, then undo again`,
      EXIT.ticketFailed,
    );
  }
  return records[0]!;
}

