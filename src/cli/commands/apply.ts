import { readFile } from "node:fs/promises";
import { EXIT, HacoError, InputError, UsageError } from "../../domain/errors.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { asFsProblem } from "../../adapters/workspace/fsProblem.js";
import { Journal } from "../../adapters/workspace/journal.js";
import { loadSendPolicy } from "../../adapters/workspace/sendPolicy.js";
import { applyAccepted } from "../../session/applyAccepted.js";
import { proposeEdits } from "../../session/proposeEdits.js";
import { emitProposal } from "../../session/proposalEvents.js";
import { WorkspaceSnapshot } from "../../session/workspaceSnapshot.js";
import { stamp, type EventInput } from "../../domain/events/events.js";
import type { FileChange } from "../../domain/edits/index.js";
import { humanSink, ndjsonSink } from "../sinks.js";
import { oneOf, parseCommandArgs } from "../parse.js";

const HELP = `Usage: haco apply [FILE|-] [--accept all|none] [--partial] [--dry-run] [--json]

Reads a worker's raw answer (FILE, or stdin with - or no FILE), finds its
edits (unified diffs, SEARCH/REPLACE, === NEW FILE === blocks, *** Begin Patch,
fenced whole files), places them against the current files and writes them.
All or nothing: if any edit is refused, nothing is written.

  --accept all|none   write the placed hunks (default all) or only report them
  --dry-run           only report (same as --accept none)
  --partial           write what was placed even when some edits are refused
  --json              NDJSON events on stdout (edit.proposed, edit.refused, apply.done)

Exit codes: 0 applied (or nothing refused, with --dry-run), 1 something
refused, 2 bad input.`;

/** Events of `haco apply` carry this ticket id: the answer is not tied to a plan. */
const APPLY_TICKET = "apply";

export async function applyCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("apply", args, {
    accept: { type: "string" },
    partial: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`haco apply takes one answer file, got ${positionals.length} — see 'haco apply --help'`);
  const sink = values.json ? ndjsonSink() : humanSink();
  const emit = (event: EventInput) => sink(stamp(event));
  try {
    const accept = values["dry-run"] ? "none" : oneOf("accept", values.accept, ["all", "none"] as const, "all");
    const answer = await readAnswer(positionals[0]);
    const repoRoot = await findRepoRoot(process.cwd());
    const snapshot = new WorkspaceSnapshot(repoRoot);
    const policy = await loadSendPolicy(repoRoot);
    const proposal = await proposeEdits(answer, {}, snapshot, (file) => policy.refusal(file));
    emitProposal(APPLY_TICKET, proposal, emit);
    if (!values.json) printHunks(proposal.changes);

    const refused = proposal.blocking.length > 0;
    const writable = !refused || values.partial;
    if (accept === "none" || !writable || proposal.changes.length === 0) {
      if (refused && !values.json) process.stderr.write("haco: nothing was written — fix the refused edits, or pass --partial\n");
      return refused ? EXIT.ticketFailed : EXIT.ok;
    }
    const accepted = new Set(proposal.changes.flatMap((c) => c.hunks.map((h) => h.id)));
    const journal = await Journal.open(repoRoot, APPLY_TICKET);
    const applied = await applyAccepted(repoRoot, proposal.changes, accepted, snapshot, journal);
    await journal.discard();
    if (!applied.ok) throw new HacoError("changed_on_disk", applied.reason, EXIT.ticketFailed);
    emit({ type: "apply.done", ticket: APPLY_TICKET, files: applied.files.map((f) => f.path) });
    return refused ? EXIT.ticketFailed : EXIT.ok;
  } catch (err) {
    if (values.json && err instanceof HacoError) emit({ type: "error", code: err.code, message: err.message });
    throw err;
  }
}

/** The worker's answer; an empty one is bad input (exit 2), not an answer whose edits were refused. */
async function readAnswer(source: string | undefined): Promise<string> {
  const fromStdin = source === undefined || source === "-";
  const answer = fromStdin ? await readStdinAnswer() : await readAnswerFile(source);
  if (answer.trim() === "") {
    const what = fromStdin ? "stdin" : source;
    const todo = fromStdin ? "pipe the worker's answer in" : "pass the file holding the worker's answer";
    throw new HacoError("empty_answer", `haco apply: the answer in ${what} is empty — ${todo}`, EXIT.badInput);
  }
  return answer;
}

async function readStdinAnswer(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError("haco apply: no answer — pass a file, or pipe the worker's answer on stdin");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function readAnswerFile(source: string): Promise<string> {
  try {
    return await readFile(source, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(source, null, "does not exist — pass the file holding the worker's answer");
    if (code === "EISDIR") throw new InputError(source, null, "is a folder — pass the file holding the worker's answer");
    throw asFsProblem(err, { base: process.cwd(), target: source });
  }
}

/** The proposed hunks as a diff on stdout; on a terminal the worker's text is sanitised first. */
function printHunks(changes: FileChange[]): void {
  const show = process.stdout.isTTY ? sanitizeForTerminal : (text: string) => text;
  for (const change of changes) {
    process.stdout.write(`--- ${change.before === null ? "/dev/null" : `a/${change.path}`}\n+++ ${change.after === null ? "/dev/null" : `b/${change.path}`}\n`);
    for (const hunk of change.hunks) {
      process.stdout.write(`${hunk.header}\n${show(hunk.lines.join("\n"))}\n`);
    }
  }
}
