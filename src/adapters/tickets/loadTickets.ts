import { readFile } from "node:fs/promises";
import { InputError } from "../../domain/errors.js";
import { parseTickets, sniffTicketFormat, ticketFormatForFileName } from "../../domain/tickets/formats.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";

import { refuseSecretTicketFile } from "./secretFiles.js";

export { DEFAULT_PLAN_FILES, defaultPlanFolders, findDefaultPlan } from "./findDefaultPlan.js";

const FORMATS_DOC = "docs/ticket-formats.md";

/** Turns the fs errors a user can cause (wrong path, a directory, no permission) into input errors. */
function readError(error: unknown, shown: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return new InputError(
        shown,
        null,
        `file does not exist; check the path, or write a plan there (.yaml, .json or .md; see ${FORMATS_DOC})`,
      );
    case "EISDIR":
      return new InputError(shown, null, "is a directory; expected a ticket file (.yaml, .json or .md)");
    case "EACCES":
    case "EPERM":
      return new InputError(shown, null, "cannot be read (permission denied); check the file's permissions");
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Reads a ticket file and parses it by its extension (.yaml/.yml JuniorSpec,
 * .json task spec, .md PLAN.md), or by its content when the extension says
 * nothing. `displayName` is how errors name the file (defaults to `path`).
 * A secrets file (.env*, or a `.hacoignore` match inside `repoRoot`) is
 * refused unread: a parse error would quote it.
 */
export async function loadTicketsFromFile(path: string, displayName: string = path, options: { repoRoot?: string } = {}): Promise<LoadedTicket[]> {
  await refuseSecretTicketFile(path, displayName, options.repoRoot);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw readError(error, displayName);
  }
  const format = ticketFormatForFileName(path) ?? sniffTicketFormat(text);
  return parseTickets(text, displayName, format);
}
