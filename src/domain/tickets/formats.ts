import { parseJuniorSpec } from "./juniorSpec.js";
import { parsePlanMarkdown } from "./planMarkdown.js";
import { parseTaskSpec } from "./taskSpec.js";
import type { LoadedTicket, TicketSource } from "./ticket.js";

/** The three ticket file formats haco reads, and how each is recognised. */

export type TicketFormat = TicketSource["format"];
export type TicketParser = (text: string, fileName: string) => LoadedTicket[];

export const TICKET_PARSERS: Readonly<Record<TicketFormat, TicketParser>> = {
  juniorspec: parseJuniorSpec,
  taskspec: parseTaskSpec,
  planmd: parsePlanMarkdown,
};

const BY_EXTENSION: Readonly<Record<string, TicketFormat>> = {
  ".yaml": "juniorspec",
  ".yml": "juniorspec",
  ".json": "taskspec",
  ".md": "planmd",
  ".markdown": "planmd",
};

/** The format a file's extension names, or null when the extension says nothing (`.txt`, none). */
export function ticketFormatForFileName(fileName: string): TicketFormat | null {
  const match = /(\.[^./\\]+)$/.exec(fileName);
  return match ? (BY_EXTENSION[match[1]!.toLowerCase()] ?? null) : null;
}

/**
 * Guesses the format of a file whose name does not tell: JSON starts with
 * `{` or `[`; Markdown has `## ` ticket headings and none of the top-level
 * keys a JuniorSpec starts with; everything else is read as YAML, whose
 * parser gives the most useful error if it is not.
 */
export function sniffTicketFormat(text: string): TicketFormat {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("{") || body.startsWith("[")) return "taskspec";
  const hasTicketHeading = /^ {0,3}## +\S/m.test(body);
  const hasYamlTicketKey = /^(?:title|tickets|JuniorSpec)\s*:/m.test(body);
  return hasTicketHeading && !hasYamlTicketKey ? "planmd" : "juniorspec";
}

/** Parses ticket text in the given format, or the one its name or content suggests. */
export function parseTickets(text: string, fileName: string, format?: TicketFormat): LoadedTicket[] {
  const chosen = format ?? ticketFormatForFileName(fileName) ?? sniffTicketFormat(text);
  return TICKET_PARSERS[chosen](text, fileName);
}
