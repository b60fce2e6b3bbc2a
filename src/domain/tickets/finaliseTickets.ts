import { InputError } from "../errors.js";
import { defaultTicketId, ticketSchema, type LoadedTicket, type TicketInput, type TicketSource } from "./ticket.js";
import { throwIfProblems, type Locate, type Problem } from "./problems.js";
import { problemsFromZod, REPORT_INPUT } from "./zodProblems.js";

/**
 * A ticket mapped onto the normalised field names but not yet validated:
 * values are whatever the file said (PLAN.md has only strings), and the id
 * may be missing. `ticketSchema` decides what is acceptable.
 */
export type TicketDraftInput = { [K in keyof TicketInput]?: unknown };

export interface TicketDraft {
  input: TicketDraftInput;
  /** Turns a path in the normalised ticket (`["files", 0, "path"]`) into the field the user wrote. */
  locate: Locate;
}

function sourceOf(fileName: string, format: TicketSource["format"]): TicketSource {
  return { file: fileName, format };
}

/** Where a ticket's id is (or, when it was numbered by position, where the ticket is). */
function idPlace(draft: TicketDraft): string {
  return draft.locate(draft.input.id === undefined ? [] : ["id"]) ?? "the file";
}

function duplicateProblem(id: string, first: TicketDraft, dup: TicketDraft): Problem {
  const numbered = (d: TicketDraft) => (d.input.id === undefined ? ` (numbered ${id} by its position; it has no id)` : "");
  return {
    field: idPlace(dup),
    problem:
      `duplicate id "${id}"${numbered(dup)}: ${idPlace(first)}${numbered(first)} already uses it; ` +
      `every ticket in a file needs its own id`,
  };
}

/**
 * The step every format ends with: number tickets without an id by their
 * position (T-001, T-002…), validate each against the one ticket schema, and
 * reject duplicate ids. `earlier` problems (found while reading the file)
 * are reported together with these, so the user sees everything at once.
 */
export function finaliseTickets(
  fileName: string,
  format: TicketSource["format"],
  drafts: readonly TicketDraft[],
  emptyHint: string,
  earlier: readonly Problem[] = [],
): LoadedTicket[] {
  if (drafts.length === 0) {
    throwIfProblems(fileName, earlier);
    throw new InputError(fileName, null, `no tickets found; ${emptyHint}`);
  }

  const problems: Problem[] = [...earlier];
  const tickets: LoadedTicket[] = [];
  const firstWithId = new Map<string, TicketDraft>();

  drafts.forEach((draft, index) => {
    const parsed = ticketSchema.safeParse({ ...draft.input, id: draft.input.id ?? defaultTicketId(index) }, REPORT_INPUT);
    if (!parsed.success) {
      problems.push(...problemsFromZod(parsed.error.issues, draft.locate));
      return;
    }
    const id = parsed.data.id;
    const first = firstWithId.get(id);
    if (first) problems.push(duplicateProblem(id, first, draft));
    else firstWithId.set(id, draft);
    tickets.push({ ...parsed.data, source: sourceOf(fileName, format) });
  });

  throwIfProblems(fileName, problems);
  return tickets;
}
