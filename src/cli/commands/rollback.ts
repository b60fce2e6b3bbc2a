import { EXIT } from "../../domain/errors.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { pendingJournals, rollbackFromJournal } from "../../adapters/workspace/journal.js";
import { parseCommandArgs } from "../parse.js";

/** Restores the files of tickets whose run was interrupted before it finished. */
export async function rollbackCommandLine(args: string[]): Promise<number> {
  const { values } = parseCommandArgs("rollback", args, { help: { type: "boolean", short: "h", default: false } });
  if (values.help) {
    process.stdout.write("Usage: haco rollback\n\nRestores, byte for byte, the files of every ticket whose run was interrupted\n(its journal is still in .haco/journal/).\n");
    return EXIT.ok;
  }
  const repoRoot = await findRepoRoot(process.cwd());
  const journals = await pendingJournals(repoRoot);
  if (journals.length === 0) {
    process.stderr.write("haco: nothing to roll back — no interrupted run left a journal\n");
    return EXIT.ok;
  }
  for (const name of journals) {
    const files = await rollbackFromJournal(repoRoot, name);
    process.stderr.write(`haco: restored ${files.length ? files.join(", ") : "nothing"} from .haco/journal/${name}\n`);
  }
  return EXIT.ok;
}
