import { rm } from "node:fs/promises";
import { EXIT, HacoError } from "../../domain/errors.js";
import { git, headCommit } from "./git.js";
import { gitScratchDir } from "./gitObjects.js";
import { indexEntries, objectFormat, setIndexEntries } from "./gitBatch.js";
import { indexFiles, indexLockedError } from "./indexLock.js";
import { lockPrepared, ownLockPresent, prepareIndex, publishIndex, releaseOwnLock } from "./indexSwap.js";
import { journalPath, writeJournalDoc, type LoadedJournalDoc } from "./journalFile.js";
import { removeTempFilesBeside } from "./strayTempFiles.js";

/**
 * A run killed while committing (journal phase `committing` or `committed`)
 * left one of two states, and the next run, `haco rollback` and `haco doctor`
 * tell them apart the same way:
 * - the commit landed (HEAD is it, or has it in its history): the change is
 *   committed, so nothing may be rolled back under it; only the user's index
 *   may still hold the old blobs, and haco's own index.lock may be left. The
 *   commit is finished: the lock renamed into place (it holds exactly the
 *   index haco built), or else the index brought up to date, then the
 *   journal removed.
 * - it did not land: haco's lock, if left, is removed and the journal goes
 *   back to `applied`: the files are applied and uncommitted, and rolling
 *   back restores them.
 */

/** `rewritten`: the commit landed, but HEAD has been rewritten since (an amend, a rebase): it is only in HEAD's reflog. */
export type CommitState = { landed: true; sha: string; rewritten?: boolean } | { landed: false } | null;

/** Whether the interrupted commit of this journal landed; null when the journal was not committing. */
export async function interruptedCommitState(repoRoot: string, journal: LoadedJournalDoc): Promise<CommitState> {
  if (!journal.commit || (journal.phase !== "committing" && journal.phase !== "committed")) return null;
  const head = await headCommit(repoRoot);
  if (!head) return { landed: false };
  if (head === journal.commit.sha) return { landed: true, sha: head };
  const ancestor = await git(["merge-base", "--is-ancestor", journal.commit.sha, head], { cwd: repoRoot, okCodes: [1, 128] });
  if (ancestor.exitCode === 0) return { landed: true, sha: journal.commit.sha };
  // The commit landed and the user then amended or rebased it away: its change lives on in what replaced it,
  // so rolling its files back would undo work HEAD holds.
  const reflog = await git(["rev-list", "--walk-reflogs", "HEAD"], { cwd: repoRoot, okCodes: [128] });
  return reflog.stdout.split("\n").includes(journal.commit.sha) ? { landed: true, sha: journal.commit.sha, rewritten: true } : { landed: false };
}

export interface FinishedCommit {
  sha: string;
  /** HEAD was rewritten since the commit landed: the index was left alone. */
  rewritten?: boolean;
  /** The user's index was brought up to date (false: it already was). */
  indexUpdated: boolean;
}

/**
 * Finishes a landed commit (see above) and removes the journal, or puts a
 * journal whose commit never landed back to `applied` (returns null).
 */
export async function finishInterruptedCommit(repoRoot: string, journal: LoadedJournalDoc): Promise<FinishedCommit | null> {
  const state = await interruptedCommitState(repoRoot, journal);
  if (!state) return null;
  const files = await indexFiles(repoRoot);
  const lockIno = journal.commit?.lockIno ?? null;
  if (!state.landed) {
    await releaseOwnLock(files, lockIno);
    const { name: _name, commit: _commit, ...doc } = journal;
    await writeJournalDoc(repoRoot, journal.name, { ...doc, phase: "applied" });
    return null;
  }
  let indexUpdated = false;
  if (state.rewritten) {
    // The index belongs to whatever HEAD is now; haco's lock (it cannot be there, since an amend takes it) is let go.
    await releaseOwnLock(files, lockIno);
  } else if (await ownLockPresent(files, lockIno)) {
    // Nobody could write the index while haco held its lock: the lock is exactly the index haco built.
    await publishIndex(files);
    indexUpdated = true;
  } else {
    indexUpdated = await bringIndexUpToDate(repoRoot, state.sha);
  }
  await removeTempFilesBeside(repoRoot, journal.entries.map((e) => e.path));
  await rm(journalPath(repoRoot, journal.name), { force: true });
  return { sha: state.sha, indexUpdated, ...(state.rewritten ? { rewritten: true } : {}) };
}

/**
 * For each file the commit changed, an index entry still at the parent's
 * blob (the user had not staged anything of their own there) takes the
 * commit's blob. Idempotent: an index already up to date is left alone.
 */
async function bringIndexUpToDate(repoRoot: string, sha: string): Promise<boolean> {
  const changes = await changedByCommit(repoRoot, sha);
  const files = await indexFiles(repoRoot);
  const idLength = (await objectFormat(repoRoot)) === "sha256" ? 64 : 40;
  const scratch = await gitScratchDir(repoRoot, "haco-recover");
  try {
    for (let attempt = 1; attempt <= 3; attempt++) {
      let changed = false;
      const prepared = await prepareIndex(files, scratch, async (env) => {
        // As for the commit itself: one git process to read the entries and one to set them.
        const indexed = await indexEntries(repoRoot, changes.map((c) => c.path), env);
        const updates = changes.filter((change) => {
          const entry = indexed.get(change.path);
          // An unmerged path is the user's to resolve; an entry other than the parent's is their staged work.
          return (!entry || entry.stage === "0") && (entry?.blob ?? null) === change.oldBlob;
        });
        changed = updates.length > 0;
        await setIndexEntries(repoRoot, env, updates.map((c) => ({ path: c.path, mode: c.newMode, blob: c.newBlob })), idLength);
      });
      if (!prepared || !changed) return false;
      const outcome = await lockPrepared(prepared);
      if (outcome === "changed") continue;
      if (outcome === "held") throw await indexLockedError(repoRoot, files, "the commit is made, and its files are as it left them; run 'haco rollback' again to bring git's index up to date");
      await publishIndex(files);
      return true;
    }
    throw new HacoError("index_changed", "git's index kept changing while haco brought it up to date after an interrupted commit; run 'haco rollback' again once other git commands are done", EXIT.ticketFailed);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface CommittedChange {
  path: string;
  oldBlob: string | null;
  newBlob: string | null;
  newMode: string;
}

const NULL_OID = /^0+$/;

async function changedByCommit(repoRoot: string, sha: string): Promise<CommittedChange[]> {
  const out = (await git(["diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", "--root", sha], { cwd: repoRoot })).stdout;
  const parts = out.split("\0");
  const changes: CommittedChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i]!;
    const file = parts[i + 1]!;
    if (!meta.startsWith(":")) break;
    const [, newMode = "100644", oldBlob = "", newBlob = ""] = meta.slice(1).split(" ");
    changes.push({ path: file, oldBlob: NULL_OID.test(oldBlob) ? null : oldBlob, newBlob: NULL_OID.test(newBlob) ? null : newBlob, newMode });
  }
  return changes;
}

/** What finishing an interrupted, landed commit did, for the user. */
export function landedMessage(ticket: string, sha: string, indexUpdated: boolean, rewritten = false): string {
  const index = rewritten
    ? "HEAD has been rewritten since (an amend or a rebase), so git's index was left as it is"
    : indexUpdated
      ? "git's index was brought up to date"
      : "git's index was already up to date";
  return `${ticket} had been committed (${sha.slice(0, 12)}) when its run was interrupted: haco finished that commit — ${index}, nothing was rolled back, and its journal was removed`;
}
