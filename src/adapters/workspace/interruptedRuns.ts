import { finishInterruptedCommit, interruptedCommitState, landedMessage, type CommitState } from "./commitRecovery.js";
import { removeDeadScratchDirs } from "./gitObjects.js";
import { loadJournal, pendingJournals, removeStrayJournalTemps } from "./journal.js";
import { writerAlive, type LoadedJournalDoc } from "./journalFile.js";

/**
 * What the next run, `haco rollback` and `haco doctor` all read off the
 * journals left in .haco/journal/: one reading, so that they never disagree
 * about an interrupted ticket.
 */

export interface InterruptedRun {
  name: string;
  ticket: string;
  /** null: the journal could not be read (haco rollback says why). */
  journal: LoadedJournalDoc | null;
  /** A haco process still running wrote it: not interrupted, only under way. */
  live: boolean;
  /** Where its commit got to, when it was committing. */
  commit: CommitState;
}

export async function interruptedRuns(repoRoot: string): Promise<InterruptedRun[]> {
  const runs: InterruptedRun[] = [];
  for (const name of await pendingJournals(repoRoot)) {
    const ticket = name.replace(/\.json$/, "");
    const journal = await loadJournal(repoRoot, name).catch(() => null);
    if (!journal) {
      runs.push({ name, ticket, journal: null, live: false, commit: null });
      continue;
    }
    runs.push({ name, ticket, journal, live: writerAlive(journal), commit: await interruptedCommitState(repoRoot, journal) });
  }
  return runs;
}

export interface RecoveredCommit {
  ticket: string;
  sha: string;
  message: string;
}

/**
 * Finishes every commit a killed run had already landed (HEAD moved): nothing
 * is rolled back under a commit, only git's index is brought up to date and
 * the journal removed. A commit that never landed gives back haco's lock on
 * git's index, and its journal waits for `haco rollback` as an applied one. Also clears the temporary files of killed journal
 * writes. The next run and the cockpit do this before anything else.
 */
export async function finishLandedCommits(repoRoot: string): Promise<RecoveredCommit[]> {
  await removeStrayJournalTemps(repoRoot);
  await removeDeadScratchDirs(repoRoot).catch(() => undefined);
  const recovered: RecoveredCommit[] = [];
  for (const run of await interruptedRuns(repoRoot)) {
    // One that never landed goes back to applied (and haco's stale index.lock, if any, goes): the files wait for 'haco rollback'.
    if (!run.journal || run.live || !run.commit) continue;
    const finished = await finishInterruptedCommit(repoRoot, run.journal);
    if (!finished) continue;
    recovered.push({ ticket: run.ticket, sha: finished.sha, message: landedMessage(run.ticket, finished.sha, finished.indexUpdated, finished.rewritten) });
  }
  return recovered;
}
