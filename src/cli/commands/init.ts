import { EXIT, UsageError } from "../../domain/errors.js";
import { DEFAULT_WORKER_MODEL } from "../../adapters/config/config.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { initRepository, type InitReport, type KeptNote } from "../../adapters/scaffold/initRepository.js";
import { parseCommandArgs } from "../parse.js";
import { jsonLine } from "../../domain/text/jsonLine.js";

const HELP = `Usage: haco init [--force] [--json]

Sets up the current git repository for haco:
  CLAUDE.md              a section telling Claude Code how to supervise with haco
                         (appended; the rest of the file is left as it is)
  .haco/config.yaml      every setting with its default, commented
  .haco/prompts/         ticket-code.md, ticket-test.md, ticket-refactor.md,
                         ticket-doc.md: the worker's prompt for each kind of ticket
  .haco/.gitignore       keeps haco's journal and logs out of git
  .hacoignore            files never sent to the worker (secrets, keys, build output)

A file that exists is kept. Running it again changes nothing.

  --force   replace existing files with haco's templates, and CLAUDE.md's haco
            section (between its <!-- haco:begin/end --> markers) with the current one;
            each replaced file's old content is kept beside it as <name>.bak
            (<name>.bak.1, .bak.2… when that exists). Never writes through a symlink.
  --json    print {created, kept, appended, replaced, backups} as one JSON object on stdout`;

export async function initCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("init", args, {
    force: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`haco init takes no arguments, got "${positionals.join(" ")}" — run it inside the repository to set up`);
  const repoRoot = await findRepoRoot(process.cwd());
  const report = await initRepository(repoRoot, { force: values.force });
  if (values.json) {
    const { created, kept, appended, replaced, backups } = report;
    process.stdout.write(`${jsonLine({ created, kept, appended, replaced, backups })}\n`);
  } else {
    process.stderr.write(summary(repoRoot, report));
  }
  return EXIT.ok;
}

const NOTES: Record<KeptNote, string> = {
  exists: "exists — --force replaces it",
  unchanged: "already up to date",
  "has-section": "already has the haco section — --force replaces that section",
  "unbalanced-markers": "has a <!-- haco:begin --> or <!-- haco:end --> marker missing, doubled or out of order — fix the markers by hand",
};

function summary(repoRoot: string, report: InitReport): string {
  const lines = [`haco init in ${repoRoot}`];
  const list = (label: string, files: string[], note?: (file: string) => string) => {
    for (const file of files) {
      const why = note?.(file);
      lines.push(`  ${label.padEnd(9)}${file}${why ? ` (${why})` : ""}`);
    }
  };
  list("created", report.created);
  list("appended", report.appended, () => "the haco section, after your content");
  list("replaced", report.replaced, (file) => {
    const backup = report.backups[file];
    return backup ? `the old one is kept in ${backup}` : "";
  });
  list("kept", report.kept, (file) => NOTES[report.notes[file] ?? "exists"]);
  const changed = report.created.length + report.appended.length + report.replaced.length;
  if (changed === 0) {
    lines.push("", "Nothing changed: this repository is already set up for haco.");
  } else {
    lines.push(
      "",
      "Next steps:",
      "  1. Read the haco section of CLAUDE.md and .haco/config.yaml; adjust them to this project.",
      '  2. Commit them: git add CLAUDE.md .hacoignore .haco && git commit -m "chore: set up haco"',
      `  3. Start Ollama and pull the worker model: ollama pull ${DEFAULT_WORKER_MODEL}`,
      "  4. Plan tickets in PLAN.md, then: haco run --plan PLAN.md (or open the cockpit: haco)",
    );
  }
  return `${lines.join("\n")}\n`;
}
