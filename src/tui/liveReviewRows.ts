import type { Token } from "../../themes/theme.js";
import { countHunks, countUndecided, describePosition, hunkAt, type ReviewedHunk } from "../domain/review/index.js";
import type { Hunk } from "../domain/edits/types.js";
import { sanitizeForTerminal } from "../domain/text/sanitize.js";
import { highlightCode, languageFor } from "./highlight.js";
import type { LiveReview } from "./reviewGate.js";
import { seg, type Segment, type StyledRow } from "./styledRow.js";
import { wrapLine } from "./wrapText.js";

/**
 * The Review pane while a draft waits for decisions: a fixed head (the
 * ticket, where the selection is, what is decided, the acceptance criteria,
 * the refused edits, the last key's note) over the hunks from the selected
 * one on, as colored diff lines with old/new line numbers. Only the rows
 * that fit are built, so a key press costs the same at 20 hunks as at 2,000.
 */

const MAX_CRITERIA_ROWS = 3;
const MAX_REFUSAL_ROWS = 4;
/** Enough for a refused edit's reason and what to do about it, at 80 columns. */
const MAX_NOTICE_ROWS = 4;
const TAB = "    ";

export interface LiveReviewView {
  head: StyledRow[];
  body: StyledRow[];
  /** Rows of the selected hunk (its header included): how far the body can scroll. */
  selectedRows: number;
}

export function liveReviewRows(live: LiveReview, width: number, height: number, scroll: number): LiveReviewView {
  const head = headRows(live, width);
  const bodyHeight = Math.max(1, height - head.length);
  const body: StyledRow[] = [];
  const state = live.state;
  const count = countHunks(state);
  let selectedRows = 0;
  let previousFile = -1;
  for (let i = state.selected; i < count && body.length < scroll + bodyHeight; i++) {
    const hunk = hunkAt(state, i)!;
    const before = body.length;
    if (hunk.file !== previousFile) body.push(fileRow(live, hunk));
    previousFile = hunk.file;
    body.push(hunkHeaderRow(hunk, i === state.selected));
    body.push(...diffRows(hunk.hunk, languageFor(hunk.hunk.file)));
    if (i === state.selected) selectedRows = body.length - before;
  }
  return { head, body: body.slice(scroll, scroll + bodyHeight), selectedRows };
}

function headRows(live: LiveReview, width: number): StyledRow[] {
  const { state } = live;
  const rows: StyledRow[] = [];
  const count = countHunks(state);
  const undecided = countUndecided(state);
  const selected = hunkAt(state, state.selected);
  rows.push([seg(`${live.ticket} `, "accent", true), seg(live.title, "text.primary", true)]);
  const where = selected ? `${describePosition(selected)} · ` : "";
  const left = undecided === 0 ? "all decided — Enter applies" : `${undecided} of ${count} undecided`;
  rows.push([seg(where, "text.secondary"), seg(left, undecided === 0 ? "status.ok" : "status.pending", undecided === 0)]);
  const criteria = live.criteria.flatMap((c) => wrapLine(`• ${c}`, Math.max(10, width)));
  if (criteria.length > 0) {
    const shown = criteria.slice(0, MAX_CRITERIA_ROWS);
    if (criteria.length > MAX_CRITERIA_ROWS) shown[MAX_CRITERIA_ROWS - 1] = `… ${live.criteria.length} acceptance criteria in all`;
    for (const text of shown) rows.push([seg(text, "text.muted")]);
  }
  if (live.refusals.length > 0) {
    const lines = live.refusals.flatMap((r) => wrapLine(`✗ refused ${r.file ? `${r.file}: ` : ""}${r.reason}`, Math.max(10, width)));
    const shown = lines.slice(0, MAX_REFUSAL_ROWS);
    if (lines.length > MAX_REFUSAL_ROWS) shown[MAX_REFUSAL_ROWS - 1] = `… ${live.refusals.length} refused edit(s); the rest is in the run's events`;
    for (const text of shown) rows.push([seg(text, "status.warn")]);
  }
  if (state.notice) {
    const token: Token = state.notice.kind === "refused" ? "status.error" : "status.info";
    const lines = wrapLine(sanitizeForTerminal(state.notice.text), Math.max(10, width));
    const shown = lines.slice(0, MAX_NOTICE_ROWS);
    // A cut note says so: a refused edit's reason is whole in the editor at the next e.
    if (lines.length > MAX_NOTICE_ROWS) shown[MAX_NOTICE_ROWS - 1] = `${shown[MAX_NOTICE_ROWS - 1]!.slice(0, Math.max(1, width - 1)).trimEnd()}…`;
    for (const text of shown) rows.push([seg(text, token)]);
  }
  return rows;
}

function fileRow(live: LiveReview, hunk: ReviewedHunk): StyledRow {
  const change = live.state.files[hunk.file]!.change;
  return [seg(`▸ ${sanitizeForTerminal(change.path)} `, "diff.header", true), seg(`(${change.kind}) file ${hunk.file + 1} of ${hunk.fileCount}`, "text.muted")];
}

const DECISION: Record<ReviewedHunk["decision"], [string, Token]> = {
  accepted: ["✓ accepted", "status.ok"],
  rejected: ["✗ rejected", "status.error"],
  undecided: ["· undecided", "status.pending"],
};

function hunkHeaderRow(hunk: ReviewedHunk, selected: boolean): StyledRow {
  const [label, token] = DECISION[hunk.decision];
  return [
    seg(selected ? "▶ " : "  ", "accent", true),
    seg(sanitizeForTerminal(hunk.hunk.header), selected ? "accent" : "diff.header", selected),
    seg(`  ${label}`, token, true),
    seg(hunk.edited ? " (edited)" : "", "status.info"),
    seg(`  ${hunk.index + 1}/${hunk.count}`, "text.muted"),
  ];
}

/** One row per diff line: old and new line numbers, the sign, then the code (changed lines highlighted). */
export function diffRows(hunk: Hunk, language: string | null): StyledRow[] {
  const width = String(Math.max(hunk.oldStart + hunk.oldLines, hunk.newStart + hunk.newLines)).length;
  const number = (n: number | null) => (n === null ? " ".repeat(width) : String(n).padStart(width));
  let oldLine = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
  let newLine = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
  return hunk.lines.map((raw) => {
    const line = sanitizeForTerminal(raw).replaceAll("\t", TAB);
    const sign = line[0] ?? " ";
    if (sign === "\\") return [seg(`${" ".repeat(width * 2 + 2)}${line}`, "text.muted")];
    const code = line.slice(1);
    const oldN = sign === "+" ? null : oldLine++;
    const newN = sign === "-" ? null : newLine++;
    const gutter = seg(`${number(oldN)} ${number(newN)} `, "text.muted");
    if (sign === " ") return [gutter, seg(` ${code || " "}`, "diff.context")];
    const token: Token = sign === "+" ? "diff.added" : "diff.removed";
    return [gutter, seg(sign, token, true), ...colorCode(code, language, token)];
  });
}

/** Syntax colours where the highlighter has one; the line's diff colour for the rest. */
function colorCode(code: string, language: string | null, fallback: Token): Segment[] {
  if (code === "") return [seg(" ")];
  return highlightCode(code, language).map((s) => (s.token ? s : { ...s, token: fallback }));
}
