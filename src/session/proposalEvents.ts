import type { Refusal } from "../domain/edits/index.js";
import type { EditProposal } from "./proposeEdits.js";
import type { EventInput } from "../domain/events/events.js";

/** `edit.proposed` for each file and `edit.refused` for each refusal, in that order. */
export function emitProposal(ticket: string, proposal: EditProposal, emit: (event: EventInput) => void): void {
  for (const change of proposal.changes) {
    emit({
      type: "edit.proposed",
      ticket,
      file: change.path,
      kind: change.kind,
      hunks: change.hunks.map((h) => ({ id: h.id, header: h.header, added: h.added, removed: h.removed })),
    });
  }
  for (const refusal of proposal.refusals) {
    emit({
      type: "edit.refused",
      ticket,
      file: refusal.file,
      reason: refusal.reason,
      ...(refusal.hunk !== undefined ? { hunk: refusal.hunk } : {}),
      ...(refusal.code !== undefined ? { code: refusal.code } : {}),
    });
  }
}

export function describeRefusals(refusals: Refusal[]): string {
  return refusals.map((r) => (r.file ? `${r.file}: ${r.reason}` : r.reason)).join("; ");
}
