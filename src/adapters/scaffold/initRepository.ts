import { mkdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { EXIT, HacoError } from "../../domain/errors.js";
import { writeFileAtomic } from "../workspace/atomicWrite.js";
import { mergeClaudeSection, type KeptReason } from "./claudeSection.js";
import { createFileExclusive } from "../workspace/createExclusive.js";
import { CLAUDE_FILE, CLAUDE_SECTION_SOURCE, SCAFFOLD_FILES, readScaffold } from "./scaffoldFiles.js";
import { checkInitTarget, keepBackup } from "./scaffoldTargets.js";

/**
 * `haco init`: writes what a repository needs to be supervised with haco.
 * A file that exists is never overwritten without `force`, and CLAUDE.md is
 * never rewritten: haco's section is appended to it, or (with `force`)
 * replaced between its markers. What `force` replaces is kept beside it
 * (`<name>.bak`), and nothing is written outside the repository or through
 * a symlink (CLAUDE.md may link to another file of the repository).
 */

export interface InitReport {
  created: string[];
  kept: string[];
  appended: string[];
  replaced: string[];
  /** Where the old content of each replaced file was kept, by path (both relative to the repository). */
  backups: Record<string, string>;
  /** Why a kept file was kept, by path, for the human summary. */
  notes: Record<string, KeptNote>;
}

export type KeptNote = KeptReason | "exists";

export async function initRepository(repoRoot: string, options: { force: boolean }): Promise<InitReport> {
  const report: InitReport = { created: [], kept: [], appended: [], replaced: [], backups: {}, notes: {} };
  const keep = (file: string, note: KeptNote) => {
    report.kept.push(file);
    report.notes[file] = note;
  };

  // The templates are read first: one missing from the package is haco's bug, not a problem with the repository.
  const section = await readScaffold(CLAUDE_SECTION_SOURCE);
  const templates = await Promise.all(SCAFFOLD_FILES.map(async (file) => ({ ...file, content: Buffer.from(await readScaffold(file.source), "utf8") })));

  await guarded(CLAUDE_FILE, () => initClaudeFile(repoRoot, section, options.force, report, keep));
  for (const { target: relative, content } of templates) {
    await guarded(relative, async () => {
      const target = path.join(repoRoot, relative);
      const current = await readIfExists(target);
      if (current === null) {
        await checkInitTarget(repoRoot, relative, { linkInsideOk: false });
        await mkdir(path.dirname(target), { recursive: true });
        if (await createFileExclusive(target, content)) report.created.push(relative);
        else keep(relative, "exists");
      } else if (current.equals(content)) {
        keep(relative, "unchanged");
      } else if (!options.force) {
        keep(relative, "exists");
      } else {
        await checkInitTarget(repoRoot, relative, { linkInsideOk: false });
        report.backups[relative] = path.relative(repoRoot, await keepBackup(target, current)).split(path.sep).join("/");
        // The target is no symlink (checked): the rename replaces the file itself.
        await writeFileAtomic(target, content);
        report.replaced.push(relative);
      }
    });
  }
  return report;
}

async function initClaudeFile(repoRoot: string, section: string, force: boolean, report: InitReport, keep: (file: string, note: KeptNote) => void) {
  const target = path.join(repoRoot, CLAUDE_FILE);
  const before = await readIfExists(target);
  // latin1 maps every byte to one character and back, so the user's bytes survive the merge exactly,
  // whatever their encoding; the section is UTF-8 and is carried through the same way.
  const body = Buffer.from(section, "utf8").toString("latin1");
  const merge = mergeClaudeSection(before === null ? null : before.toString("latin1"), body, force);
  if (merge.action === "kept") {
    keep(CLAUDE_FILE, merge.reason);
    return;
  }
  const bytes = Buffer.from(merge.text, "latin1");
  await checkInitTarget(repoRoot, CLAUDE_FILE, { linkInsideOk: true });
  if (merge.action === "created") {
    if (await createFileExclusive(target, bytes)) report.created.push(CLAUDE_FILE);
    else keep(CLAUDE_FILE, "exists");
    return;
  }
  const now = await readIfExists(target);
  if (now === null || before === null || !now.equals(before)) {
    throw new HacoError("changed_on_disk", `${CLAUDE_FILE} changed while haco init was reading it — run haco init again`, EXIT.ticketFailed);
  }
  // Only a replaced section is haco's own text changing; an appended one leaves every byte of the user's in place.
  if (merge.action === "replaced") report.backups[CLAUDE_FILE] = path.relative(repoRoot, await keepBackup(target, before)).split(path.sep).join("/");
  await writeFileAtomic(await realpath(target), bytes);
  report[merge.action].push(CLAUDE_FILE);
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** A file system error (a directory where a file should be, no permission…) becomes a message naming the file. */
async function guarded(file: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof HacoError || typeof code !== "string") throw err;
    throw new HacoError("init_write", `${file}: cannot be set up (${code}: ${(err as Error).message}) — fix the path or its permissions and run haco init again`, EXIT.badInput);
  }
}
