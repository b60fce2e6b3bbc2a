import { EXIT, UsageError } from "../../domain/errors.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { loadJournal, pendingJournals, restoreJournal, type LoadedJournal } from "../../adapters/workspace/journal.js";
import { parseCommandArgs } from "../parse.js";

/** Restores the files of tickets whose run was interrupted before it finished. */
export async function rollbackCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("rollback", args, { help: { type: "boolean", short: "h", default: false } });
  if (values.help) {
    process.stdout.write("Usage: haco rollback\n\nRestores, byte for byte, the files of every ticket whose run was interrupted\n(its journal is still in .haco/journal/).\n");
    return EXIT.ok;
  }
  // It restores every interrupted ticket at once: an id here would suggest a choice it does not make.
  if (positionals.length > 0) throw new UsageError(`haco rollback takes no arguments, got "${positionals.join(" ")}" — it restores every interrupted ticket; see 'haco rollback --help'`);
  const repoRoot = await findRepoRoot(process.cwd());
  const names = await pendingJournals(repoRoot);
  if (names.length === 0) {
    process.stderr.write("haco: nothing to roll back — no interrupted run left a journal\n");
    return EXIT.ok;
  }
  // Every journal is checked before any file is touched: a bad one (exit 2) stops the rollback with nothing half-restored.
  const journals: LoadedJournal[] = [];
  for (const name of names) journals.push(await loadJournal(repoRoot, name));
  for (const journal of journals) {
    const files = await restoreJournal(repoRoot, journal);
    process.stderr.write(`haco: restored ${files.length ? files.join(", ") : "nothing"} from .haco/journal/${journal.name}\n`);
  }
  return EXIT.ok;
}
