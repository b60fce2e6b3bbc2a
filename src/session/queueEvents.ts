import type { EventInput } from "../domain/events/events.js";
import type { RejectedFile } from "../adapters/queue/index.js";

/** The warning for a queued file that could not be read as tickets: one wording for `haco run` and the cockpit. */
export function queueRejectedWarning(bad: RejectedFile): EventInput {
  return { type: "warning", code: "queue_rejected", message: `${bad.file}: ${bad.message} (moved to ${bad.rejectedFile})` };
}
