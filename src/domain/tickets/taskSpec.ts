import { z } from "zod";
import { InputError } from "../errors.js";
import { fieldWithLine } from "./fieldPath.js";
import { finaliseTickets, type TicketDraftInput } from "./finaliseTickets.js";
import { throwIfProblems, type Locate, type Problem } from "./problems.js";
import { F, hacoFields, ignoringNulls, nonEmptyText, textList } from "./rawFields.js";
import { draftsFromEntries, renamePath, stripBom, type MapResult } from "./structuredTickets.js";
import { ticketSchema, type LoadedTicket } from "./ticket.js";
import { findTicketEntries } from "./ticketEntries.js";
import { titleFromDescription } from "./titleFromDescription.js";
import { lazyJsonLineFinder } from "./yamlLines.js";

/**
 * Task-spec JSON (seed 002): one object, an array of them, or
 * `{ "tickets": [...] }`. Pure: text in, tickets out.
 */

const EMPTY_HINT =
  'expected a task spec ({ "task_id": "T-001", "description": "…", "output_file": "…" }), an array of them, or { "tickets": [...] }';

const taskSpecSchema = ignoringNulls(
  z.object({
    ...hacoFields,
    task_id: ticketSchema.shape.id.optional(),
    title: nonEmptyText.optional(),
    description: z.string().optional(),
    output_file: F.path.optional(),
    constraints: textList,
  }),
);

type TaskSpec = z.output<typeof taskSpecSchema>;

function toDraft(spec: TaskSpec, locate: Locate): MapResult {
  const problems: Problem[] = [];
  if (spec.task_id !== undefined && spec.id !== undefined && spec.task_id !== spec.id) {
    problems.push({
      field: locate(["id"]),
      problem: `task_id is "${spec.task_id}" but id is "${spec.id}"; give only one of them`,
    });
  }
  const description = spec.description ?? "";
  const title = spec.title ?? titleFromDescription(description);
  if (title === "") {
    problems.push({ field: locate(["description"]), problem: "missing; expected a description (or a title)" });
  }
  if (problems.length > 0) return { problems };

  const input: TicketDraftInput = {
    id: spec.task_id ?? spec.id,
    title,
    description,
    owner: spec.owner,
    kind: spec.kind,
    // create vs edit is decided later, from the disk, by the prompt builder.
    files: spec.output_file === undefined ? [] : [{ path: spec.output_file, intent: "edit" }],
    contextFiles: spec.context_files,
    constraints: spec.constraints,
    testCommand: spec.test_command,
  };
  const names: Record<string, string> = {
    id: spec.task_id !== undefined ? "task_id" : "id",
    title: spec.title !== undefined ? "title" : "description",
    files: "output_file",
    testCommand: "test_command",
    contextFiles: "context_files",
  };
  // files[0].path is output_file itself: drop the index and key after renaming.
  const toSource = (path: readonly PropertyKey[]) =>
    path[0] === "files" ? ["output_file"] : renamePath(path, names);
  return { draft: { input, locate: (path) => locate(toSource(path)) } };
}

/** JSON.parse says "… in JSON at position 42"; users want a line and column. */
function jsonSyntaxError(text: string, error: Error, fileName: string): InputError {
  const match = /^(.*?)(?: in JSON)? at position (\d+)/.exec(error.message);
  if (!match) return new InputError(fileName, null, `invalid JSON: ${error.message}`);
  const position = Number(match[2]);
  const before = text.slice(0, position).split("\n");
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  return new InputError(fileName, `line ${line}, column ${column}`, `invalid JSON: ${match[1]}`);
}

export function parseTaskSpec(text: string, fileName: string): LoadedTicket[] {
  const source = stripBom(text);
  if (source.trim() === "") throw new InputError(fileName, null, `the file is empty; ${EMPTY_HINT}`);

  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw jsonSyntaxError(source, error as Error, fileName);
  }

  const lineOf = lazyJsonLineFinder(source);
  const where: Locate = (path) => fieldWithLine(path, lineOf(path));
  const found = findTicketEntries(value, [], where);
  const mapped = draftsFromEntries(found.entries, taskSpecSchema, where, toDraft);
  throwIfProblems(fileName, [...found.problems, ...mapped.problems]);
  return finaliseTickets(fileName, "taskspec", mapped.drafts, EMPTY_HINT);
}
