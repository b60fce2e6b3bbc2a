import type { z } from "zod";
import type { TicketDraft } from "./finaliseTickets.js";
import type { Locate, Problem } from "./problems.js";
import type { TicketEntry } from "./ticketEntries.js";
import { problemsFromZod, REPORT_INPUT } from "./zodProblems.js";

/** What mapping one validated ticket of a structured format gives: a draft, or why there is none. */
export type MapResult = { draft: TicketDraft; problems?: never } | { draft?: never; problems: Problem[] };

/**
 * Shared by the YAML and JSON formats: validate each ticket-shaped value
 * against the format's own schema (reporting paths in the format's own key
 * names), then map it onto the normalised ticket.
 */
export function draftsFromEntries<S extends z.ZodType>(
  entries: readonly TicketEntry[],
  schema: S,
  where: Locate,
  map: (raw: z.output<S>, locate: Locate) => MapResult,
): { drafts: TicketDraft[]; problems: Problem[] } {
  const drafts: TicketDraft[] = [];
  const problems: Problem[] = [];
  for (const entry of entries) {
    const locate: Locate = (path) => where([...entry.path, ...path]);
    const parsed = schema.safeParse(entry.value, REPORT_INPUT);
    if (!parsed.success) {
      problems.push(...problemsFromZod(parsed.error.issues, locate));
      continue;
    }
    const result = map(parsed.data, locate);
    if (result.draft) drafts.push(result.draft);
    else problems.push(...result.problems);
  }
  return { drafts, problems };
}

/**
 * Errors found after mapping name normalised fields (`testCommand`); show the
 * user the key they wrote (`test_command`) instead.
 */
export function renamePath(path: readonly PropertyKey[], names: Readonly<Record<string, string>>): PropertyKey[] {
  return path.map((segment) => (typeof segment === "string" ? (names[segment] ?? segment) : segment));
}

/** Drops a leading byte-order mark, which editors on Windows like to add and parsers choke on. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
