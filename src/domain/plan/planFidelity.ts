import type { LoadedTicket } from "../tickets/ticket.js";
import { limitBreaches, type PlannedTicket } from "./planTool.js";

/**
 * A plan file means what Claude sent only if reading it back gives the same
 * tickets. PLAN.md is prose with structure inferred from it, so text inside a
 * value can read as structure: a description line `## T-002: …` starts a
 * ticket, a path `a, b.ts` is two files, a backtick in a test command ends
 * its code span. This compares what the file reads as with what was meant,
 * field by field, and says in words what differs; empty when nothing does.
 *
 * Whitespace inside one-line values (titles, criteria, constraints) is not a
 * difference: the renderer puts each on one line on purpose.
 */

const MAX_DIFFERENCES = 5;

export function planDifferences(intended: readonly PlannedTicket[], parsed: readonly LoadedTicket[]): string[] {
  const out: string[] = [];
  if (parsed.length !== intended.length) {
    out.push(`the file reads as ${parsed.length} ticket(s) (${parsed.map((t) => t.id).join(", ") || "none"}) instead of ${intended.length} (${intended.map((t) => t.id).join(", ")})`);
  }
  for (const [i, meant] of intended.entries()) {
    const read = parsed.find((t) => t.id === meant.id) ?? (parsed.length === intended.length ? parsed[i] : undefined);
    if (!read) {
      if (parsed.length === intended.length) out.push(`${meant.id} is missing`);
      continue;
    }
    out.push(...ticketDifferences(meant, read).map((d) => `${meant.id}: ${d}`));
  }
  return out.slice(0, MAX_DIFFERENCES);
}

function ticketDifferences(meant: PlannedTicket, read: LoadedTicket): string[] {
  const out: string[] = [];
  const differs = (field: string, want: unknown, got: unknown) => {
    if (JSON.stringify(want) !== JSON.stringify(got)) out.push(`${field} reads as ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
  };
  differs("id", meant.id, read.id);
  differs("title", oneLine(meant.title), oneLine(read.title));
  differs("owner", meant.owner, read.owner);
  differs("kind", meant.kind, read.kind);
  differs(
    "files",
    meant.files.map((f) => `${f.path} (${f.intent})`),
    read.files.map((f) => `${f.path} (${f.intent})`),
  );
  differs("context files", meant.context_files, read.contextFiles);
  differs("test command", meant.test_command?.trim() || null, read.testCommand ?? null);
  differs("acceptance criteria", meant.acceptance_criteria.map(oneLine), read.acceptanceCriteria.map(oneLine));
  if (read.steps.length > 0) out.push(`has steps (${JSON.stringify(read.steps.map(oneLine))}) that the plan never gave`);

  // The file adds its own constraints (limit flags, allowed dependencies); Claude's must all be there, and nothing else.
  const constraints = read.constraints.map(oneLine);
  const lost = meant.constraints.map(oneLine).filter((c) => !constraints.includes(c));
  if (lost.length > 0) out.push(`constraints ${JSON.stringify(lost)} are missing`);
  const expected = meant.constraints.length + limitBreaches(meant).length + meant.new_dependencies.length;
  if (constraints.length !== expected) out.push(`has ${constraints.length} constraint(s), not ${expected}`);

  // The description may gain the owner's reason after it; what Claude wrote must still be there, whole.
  const description = proseOf(meant.description);
  if (description && !proseOf(read.description).includes(description)) out.push("the description does not read back as written");
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Prose compared as words: line breaks, blank lines and `---` rules carry nothing a worker needs. */
function proseOf(text: string): string {
  return oneLine(
    text
      .split(/\r?\n/)
      .filter((line) => !/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line))
      .join("\n"),
  );
}
