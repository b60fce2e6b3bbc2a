import type { Token } from "../../themes/theme.js";
import type { ReviewState } from "./cockpitState.js";
import { seg, type StyledRow } from "./styledRow.js";
import { wrapLine } from "./wrapText.js";

/**
 * The Review pane's rows: what the draft proposes, file by file and hunk by
 * hunk, then what was refused and why. Diff lines are cut at the pane's edge
 * (code is read by its start); refusal reasons are wrapped, they are prose.
 */
export function reviewRows(review: ReviewState | null, width: number, drafting: string | null = null): StyledRow[] {
  if (!review && drafting) return [[seg(`${drafting} is being drafted: its hunks come here once the draft is done.`, "text.muted")]];
  if (!review) return [[seg("No draft to review yet. Start a ticket in Tickets (1) with Enter.", "text.muted")]];
  const rows: StyledRow[] = [];
  const hunks = review.files.flatMap((f) => f.hunks);
  rows.push([seg(headline(review, hunks.length), review.awaiting ? "accent" : "text.secondary", true)]);
  for (const file of review.files) {
    const added = file.hunks.reduce((n, h) => n + h.added, 0);
    const removed = file.hunks.reduce((n, h) => n + h.removed, 0);
    rows.push([seg(`▸ ${file.path} `, "diff.header", true), seg(`(${file.kind}) `, "text.muted"), seg(`+${added}`, "diff.added"), seg(` −${removed}`, "diff.removed")]);
    for (const hunk of file.hunks) {
      const decided = review.decisions[hunk.id];
      const mark = decided === undefined ? "" : decided ? "  ✓ accepted" : "  ✗ rejected";
      rows.push([seg(`${hunk.header}`, "diff.header"), seg(mark, decided ? "status.ok" : "status.error")]);
      for (const line of hunk.lines) rows.push([seg(line === "" ? " " : line, lineToken(line))]);
    }
  }
  if (review.refusals.length > 0) {
    rows.push([seg(`Refused (${review.refusals.length})`, "status.error", true)]);
    for (const refusal of review.refusals) {
      const text = `✗ ${refusal.file ? `${refusal.file}: ` : ""}${refusal.reason}`;
      for (const part of wrapLine(text, Math.max(10, width))) rows.push([seg(part, "status.warn")]);
    }
  }
  return rows;
}

function headline(review: ReviewState, hunks: number): string {
  const files = `${review.files.length} file${review.files.length === 1 ? "" : "s"}, ${hunks} hunk${hunks === 1 ? "" : "s"}`;
  if (review.awaiting) return `${review.ticket}: ${files} — waiting for the reviewer`;
  const decided = Object.values(review.decisions);
  if (decided.length === 0) return `${review.ticket}: ${files}`;
  const accepted = decided.filter(Boolean).length;
  return `${review.ticket}: accepted ${accepted} of ${decided.length} hunks`;
}

function lineToken(line: string): Token {
  if (line.startsWith("+")) return "diff.added";
  if (line.startsWith("-")) return "diff.removed";
  if (line.startsWith("\\")) return "text.muted";
  return "diff.context";
}
