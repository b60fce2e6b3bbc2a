import { sanitizeForTerminal } from "../../domain/text/sanitize.js";

/**
 * The titles `plan.progress` reports from the plan tool's input as streamed
 * so far: one per ticket whose title has arrived, in order. A ticket's object
 * begins before its title (its id may come first), and such a ticket is left
 * out rather than shown as "", so `tickets` (their number) and `titles` always
 * agree. A title here is whole: the SDK's partial-JSON parser leaves a string
 * out of the snapshot until its closing quote has arrived.
 */
export function titledTickets(snapshot: unknown): string[] {
  const tickets = (snapshot as { tickets?: unknown } | null | undefined)?.tickets;
  if (!Array.isArray(tickets)) return [];
  return tickets
    .map((t) => (t as { title?: unknown } | null)?.title)
    .filter((title): title is string => typeof title === "string")
    .map((title) => sanitizeForTerminal(title))
    // Control characters only: nothing to show, so not a title yet.
    .filter((title) => title.trim() !== "");
}
