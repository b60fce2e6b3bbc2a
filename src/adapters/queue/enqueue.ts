import { parseTickets, type TicketFormat } from "../../domain/tickets/formats.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import { createNewFileAtomic } from "./queueFiles.js";
import { ensureQueueDirs, QUEUE_EXTENSION, queueDisplayPath, safeStem } from "./queueLayout.js";

export interface EnqueueRequest {
  /** The ticket file's text, queued byte for byte. */
  text: string;
  format: TicketFormat;
  /** How errors name the input: the path the user gave, or `stdin`. */
  display: string;
  /** The queued file's name is derived from this one's stem (`plan.txt` → `plan.yaml`). */
  name: string;
}

export interface Enqueued {
  /** `.haco/queue/<name>`, under a name no file in the queue, taken/ or rejected/ has. */
  file: string;
  /** The ids as the file gives them (a colliding one is renamed when haco takes it; see queueIds.ts). */
  ids: string[];
  tickets: LoadedTicket[];
}

/**
 * Validates ticket text with the loaders `haco run` uses (a bad file throws
 * their InputError and nothing is written), then publishes it in the queue
 * atomically, with the extension of its format so the queue reads it the
 * same way.
 */
export async function enqueueTickets(repoRoot: string, request: EnqueueRequest): Promise<Enqueued> {
  const tickets = parseTickets(request.text, request.display, request.format);
  const paths = await ensureQueueDirs(repoRoot);
  const name = `${safeStem(request.name)}${QUEUE_EXTENSION[request.format]}`;
  const written = await createNewFileAtomic(paths.queue, name, request.text, [paths.taken, paths.rejected]);
  return { file: queueDisplayPath(null, written), ids: tickets.map((t) => t.id), tickets };
}
