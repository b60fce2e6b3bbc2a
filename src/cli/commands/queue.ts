import { readFile } from "node:fs/promises";
import path from "node:path";
import { EXIT, HacoError, UsageError } from "../../domain/errors.js";
import { sniffTicketFormat, ticketFormatForFileName, type TicketFormat } from "../../domain/tickets/formats.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
import { enqueueTickets } from "../../adapters/queue/enqueue.js";
import { listQueue, type QueueListing } from "../../adapters/queue/listQueue.js";
import { loadTicketsFromFile } from "../../adapters/tickets/loadTickets.js";
import { refuseSecretTicketFile } from "../../adapters/tickets/secretFiles.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { oneOf, parseCommandArgs } from "../parse.js";
import { jsonLine } from "../../domain/text/jsonLine.js";

const HELP = `Usage: haco queue add FILE|- [--format md|yaml|json] [--json]
       haco queue list [--json]

Hands tickets to a running haco through .haco/queue/: it takes each file
there once (moving it to .haco/queue/taken/), rejects one that does not parse
(.haco/queue/rejected/, with <file>.error.txt) and writes every ticket's
result to .haco/queue/done/<ticket-id>.json.

  add FILE|-      checks the ticket file (PLAN.md .md, JuniorSpec .yaml/.yml,
                  task-spec .json) with the loaders 'haco run' uses, then
                  writes it into .haco/queue/ atomically, under a name of its
                  own. A file that does not parse is refused and nothing is
                  written. - (or no FILE) reads stdin.
  --format F      md, yaml or json: the format of stdin, or of a file whose
                  extension says otherwise. Without it, stdin is read as JSON
                  if it starts with { or [, as PLAN.md if it has '## '
                  headings, as YAML otherwise.
  list            pending, taken and rejected files (with why) and the results.
  --json          add: {"queued": [ids], "file": ".haco/queue/<name>"} on stdout;
                  list: {"pending", "ignored", "taken", "rejected", "done"}.

A queued id that is already in use when haco takes the file is run as
Q-<file-stem>-<id> (then -2, -3…); its result names the original id.

Exit codes: 0 queued (or listed), 2 bad input or usage (nothing written).`;

const FORMATS: Readonly<Record<"md" | "yaml" | "json", TicketFormat>> = { md: "planmd", yaml: "juniorspec", json: "taskspec" };

export async function queueCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("queue", args, {
    format: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  const [sub, ...rest] = positionals;
  if (values.help || sub === "help") {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  switch (sub) {
    case "add":
      return add(rest, values.format, values.json);
    case "list":
      if (rest.length > 0) throw new UsageError(`haco queue list takes no arguments, got ${rest.join(" ")} — see 'haco queue --help'`);
      if (values.format !== undefined) throw new UsageError("--format is for 'haco queue add' — see 'haco queue --help'");
      return list(values.json);
    case undefined:
      throw new UsageError("haco queue: add or list? — see 'haco queue --help'");
    default:
      throw new UsageError(`haco queue: unknown subcommand "${sub}"; expected add or list — see 'haco queue --help'`);
  }
}

async function add(sources: string[], formatFlag: string | undefined, json: boolean): Promise<number> {
  try {
    if (sources.length > 1) throw new UsageError(`haco queue add takes one ticket file, got ${sources.length} — queue them one by one`);
    const forced = formatFlag === undefined ? undefined : FORMATS[oneOf("format", formatFlag, ["md", "yaml", "json"] as const, "md")];
    const repoRoot = await findRepoRoot(process.cwd());
    const source = sources[0];
    const fromStdin = source === undefined || source === "-";
    // A secrets file is refused unread: a parse error would quote it (on stderr, in --json).
    if (!fromStdin) await refuseSecretTicketFile(source, source, repoRoot);
    const text = fromStdin ? await readStdin() : await readTicketFile(source);
    const display = fromStdin ? "stdin" : source;
    const format = forced ?? (fromStdin ? null : ticketFormatForFileName(source)) ?? sniffTicketFormat(text);
    const queued = await enqueueTickets(repoRoot, { text, format, display, name: fromStdin ? "stdin" : path.basename(source) });
    if (json) process.stdout.write(`${jsonLine({ queued: queued.ids, file: queued.file })}\n`);
    else process.stderr.write(`haco: queued ${queued.ids.join(", ")} as ${queued.file}\n`);
    return EXIT.ok;
  } catch (err) {
    if (json && err instanceof HacoError) {
      process.stdout.write(`${jsonLine({ queued: [], error: { code: err.code, message: err.message } })}\n`);
    }
    throw err;
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError("haco queue add: no tickets — pass a ticket file, or pipe one on stdin (with --format md|yaml|json)");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function readTicketFile(source: string): Promise<string> {
  try {
    return await readFile(source, "utf8");
  } catch (err) {
    // The loader words a missing file, a directory or a permission problem the way `haco run` does.
    await loadTicketsFromFile(source);
    throw err;
  }
}

async function list(json: boolean): Promise<number> {
  const listing = await listQueue(await findRepoRoot(process.cwd()));
  process.stdout.write(json ? `${jsonLine(listing)}\n` : sanitizeForTerminal(describeListing(listing)));
  return EXIT.ok;
}

function describeListing(listing: QueueListing): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    lines.push(`${title} (${items.length})${items.length ? ":" : ""}`);
    for (const item of items) lines.push(`  ${item}`);
  };
  section("pending in .haco/queue/", listing.pending);
  if (listing.ignored.length) section("ignored (not .md, .yaml, .yml or .json)", listing.ignored);
  section("taken", listing.taken);
  section("rejected", listing.rejected.map((r) => `${r.file}${r.error ? ` — ${r.error}` : ""}`));
  section(
    "done",
    listing.done.map((d) => `${d.id}: ${d.status}${d.commit ? ` ${d.commit.slice(0, 10)}` : ""}${d.reasons[0] ? ` — ${d.reasons[0]}` : ""}`),
  );
  return `${lines.join("\n")}\n`;
}
