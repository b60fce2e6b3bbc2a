import { EXIT, UsageError } from "../../domain/errors.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { removeDeadScratchDirs } from "../../adapters/workspace/gitObjects.js";
import { loadJournal, pendingJournals, removeStrayJournalTemps, restoreJournal, type LoadedJournal } from "../../adapters/workspace/journal.js";
import { finishInterruptedCommit, landedMessage } from "../../adapters/workspace/commitRecovery.js";
import { writerAlive } from "../../adapters/workspace/journalFile.js";
import { keptMessage } from "../../adapters/workspace/journalRestore.js";
import { parseCommandArgs } from "../parse.js";

const HELP = `Usage: haco rollback [--overwrite]

Restores, byte for byte, the files of every ticket whose run was interrupted
(its journal is still in .haco/journal/). A file changed since haco wrote it
is left as it is and named; its earlier version stays in the journal.
A ticket whose commit had already landed is not rolled back: haco finishes
that commit (brings git's index up to date) instead.

  --overwrite   also put back the files changed since haco wrote them
`;

/** Restores the files of tickets whose run was interrupted before it finished. */
export async function rollbackCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("rollback", args, {
    help: { type: "boolean", short: "h", default: false },
    overwrite: { type: "boolean", default: false },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  // It restores every interrupted ticket at once: an id here would suggest a choice it does not make.
  if (positionals.length > 0) throw new UsageError(`haco rollback takes no arguments, got "${positionals.join(" ")}" — it restores every interrupted ticket; see 'haco rollback --help'`);
  const repoRoot = await findRepoRoot(process.cwd());
  await removeStrayJournalTemps(repoRoot);
  await removeDeadScratchDirs(repoRoot).catch(() => undefined);
  const names = await pendingJournals(repoRoot);
  if (names.length === 0) {
    process.stderr.write("haco: nothing to roll back — no interrupted run left a journal\n");
    return EXIT.ok;
  }
  // Every journal is checked before any file is touched: a bad one (exit 2) stops the rollback with nothing half-restored.
  const journals: LoadedJournal[] = [];
  for (const name of names) journals.push(await loadJournal(repoRoot, name));
  let exitCode: number = EXIT.ok;
  for (const journal of journals) {
    const shown = `.haco/journal/${journal.name}`;
    const ticket = journal.name.replace(/\.json$/, "");
    if (writerAlive(journal)) {
      process.stderr.write(`haco: ${shown} belongs to a haco run of ${ticket} that is still going (pid ${journal.pid}), so it was left alone — let that run finish or stop it first\n`);
      exitCode = EXIT.ticketFailed;
      continue;
    }
    const finished = await finishInterruptedCommit(repoRoot, journal);
    if (finished) {
      process.stderr.write(`haco: ${landedMessage(ticket, finished.sha, finished.indexUpdated, finished.rewritten)}\n`);
      continue;
    }
    const result = await restoreJournal(repoRoot, journal, { overwrite: values.overwrite });
    process.stderr.write(`haco: restored ${result.restored.length ? result.restored.join(", ") : "nothing"} from ${shown}\n`);
    if (result.kept.length > 0) {
      process.stderr.write(`haco: ${keptMessage(ticket, result.kept, shown)}\n`);
      exitCode = EXIT.ticketFailed;
    }
  }
  return exitCode;
}
