import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import { EXIT, HacoError } from "../../domain/errors.js";
import { createFileExclusive } from "../workspace/createExclusive.js";
import { resolveInsideRepo } from "../workspace/repoPaths.js";

/**
 * Where `haco init` may write, and what it keeps of a file it replaces.
 * It writes only inside the repository and never through a symlink that
 * leads out of it (a `.haco` linked elsewhere, a config.yaml linked to
 * someone's real file); a file `--force` replaces is kept beside it first.
 */

export class InitTargetError extends HacoError {
  constructor(message: string) {
    super("init_symlink", message, EXIT.badInput);
    this.name = "InitTargetError";
  }
}

/**
 * Refuses `relative` when a folder on its way is a link out of the
 * repository, or when the file itself is a symlink (unless `linkInsideOk`
 * and it points inside the repository: CLAUDE.md → AGENTS.md is common).
 */
export async function checkInitTarget(repoRoot: string, relative: string, options: { linkInsideOk: boolean }): Promise<void> {
  const inside = await resolveInsideRepo(repoRoot, relative);
  if (!inside.ok) throw new InitTargetError(`${inside.reason}; haco init writes only inside the repository — replace the link with a folder or file of the repository, then run haco init again`);
  const target = path.join(repoRoot, relative);
  const isLink = await lstat(target).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  if (!isLink) return;
  if (options.linkInsideOk) {
    // resolveInsideRepo has already followed it: a link that led out would have been refused above.
    await realpath(target).catch(() => {
      throw new InitTargetError(`${relative} is a symlink to nothing; haco init does not write through it — remove it or point it at a file, then run haco init again`);
    });
    return;
  }
  throw new InitTargetError(`${relative} is a symlink; haco init never writes through one — replace it with a regular file (or remove it) and run haco init again`);
}

/**
 * Keeps `content` (the file as it was) beside `target`, as `<name>.bak`, or
 * `<name>.bak.1`, `.bak.2`… when that exists: no earlier backup is replaced.
 * Returns the backup's path.
 */
export async function keepBackup(target: string, content: Buffer): Promise<string> {
  for (let n = 0; n < 1000; n++) {
    const backup = `${target}.bak${n === 0 ? "" : `.${n}`}`;
    if (await createFileExclusive(backup, content)) return backup;
  }
  throw new HacoError("init_backup", `${path.basename(target)}: no free name for its backup (${path.basename(target)}.bak and 999 numbered ones exist) — remove old backups and run haco init again`, EXIT.badInput);
}
