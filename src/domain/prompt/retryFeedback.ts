import { trimBlankLines } from "../text/trimBlankLines.js";
import { sanitizeForTerminal } from "../text/sanitize.js";

/**
 * The section a retry adds to the worker's prompt: what failed (the command
 * and the end of its output), which hunks the human rejected (so they are
 * not proposed again), why the edit engine refused parts of the answer, and
 * what to do now. A small model does best with a tight failure report and an
 * explicit request, so the section is short and says exactly that.
 *
 * Command output is untrusted: it is sanitized, its lines clipped, and it
 * sits in fences longer than any backtick run inside it. `trimFeedback`
 * shortens the section when the prompt has no room for all of it.
 */

export interface RetryFailure {
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  /** The last lines the command printed, oldest first. */
  outputTail: readonly string[];
}

export interface RejectedHunk {
  file: string;
  /** "@@ -a,b +c,d @@", when known. */
  header?: string;
  /** ' ', '-', '+' prefixed lines, as in a Hunk. */
  lines: readonly string[];
}

export interface RetryFeedbackInput {
  /** The attempt that failed: 1 for the first draft. */
  attempt: number;
  failures: readonly RetryFailure[];
  rejectedHunks: readonly RejectedHunk[];
  refusals: readonly { file: string | null; reason: string }[];
}

export interface RetryFeedbackLimits {
  /** Output lines kept per failing command (its last ones). Default 40. */
  tailLines?: number;
  /** Characters kept per output or hunk line. Default 240. */
  lineChars?: number;
  /** Lines shown per rejected hunk. Default 30. */
  hunkLines?: number;
  /** Rejected hunks shown. Default 6. */
  maxHunks?: number;
  /** Refusals listed. Default 8. */
  maxRefusals?: number;
}

export const FEEDBACK_HEADING = "## Your previous attempt failed";

const DEFAULTS: Required<RetryFeedbackLimits> = { tailLines: 40, lineChars: 240, hunkLines: 30, maxHunks: 6, maxRefusals: 8 };
/** Lines of one refusal reason (it may quote the closest lines of the file). */
const REASON_LINES = 12;

export function retryFeedback(input: RetryFeedbackInput, limits: RetryFeedbackLimits = {}): string {
  const max = { ...DEFAULTS, ...limits };
  const parts: string[] = [
    FEEDBACK_HEADING,
    `Your attempt ${input.attempt} at this ticket did not work. Here is what went wrong.`,
  ];

  for (const failure of input.failures) {
    const command = oneLine(failure.command, max.lineChars);
    const how = failure.timedOut
      ? "timed out"
      : failure.exitCode === null
        ? "was stopped before it finished"
        : `exited with code ${failure.exitCode}`;
    parts.push(`### \`${command}\` ${how}`);
    const output = trimBlankLines(failure.outputTail.map((line) => clip(sanitizeForTerminal(line).trimEnd(), max.lineChars)));
    const kept = output.slice(Math.max(0, output.length - max.tailLines));
    if (output.length === 0) parts.push("It printed nothing.");
    else {
      const cut = output.length - kept.length;
      parts.push(
        `${kept.length === 1 ? "The last line" : `The last ${kept.length} lines`} of its output${cut > 0 ? ` (${cut} earlier lines not shown)` : ""}:`,
        fenced("output", kept),
      );
    }
  }

  if (input.rejectedHunks.length > 0) {
    parts.push("### Changes the reviewer rejected", "Do not propose these again; meet the ticket another way.");
    for (const hunk of input.rejectedHunks.slice(0, max.maxHunks)) {
      const lines = [...(hunk.header ? [hunk.header] : []), ...hunk.lines].map((line) => clip(sanitizeForTerminal(line).trimEnd(), max.lineChars));
      const shown = lines.slice(0, max.hunkLines);
      const more = lines.length - shown.length;
      parts.push(`In \`${oneLine(hunk.file, max.lineChars)}\`${more > 0 ? ` (first ${shown.length} of ${lines.length} lines)` : ""}:`, fenced("diff", shown));
    }
    const hidden = input.rejectedHunks.length - Math.min(input.rejectedHunks.length, max.maxHunks);
    if (hidden > 0) parts.push(`(${hidden} more rejected ${hidden === 1 ? "change" : "changes"} not shown.)`);
  }

  if (input.refusals.length > 0) {
    parts.push("### Parts of your answer haco could not apply");
    const items = input.refusals.slice(0, max.maxRefusals).map((refusal) => {
      const reason = trimBlankLines(sanitizeForTerminal(refusal.reason).split("\n").map((l) => clip(l.trimEnd(), max.lineChars)));
      const shown = reason.slice(0, REASON_LINES);
      if (reason.length > shown.length) shown.push("…");
      const where = refusal.file === null ? "" : `\`${oneLine(refusal.file, max.lineChars)}\`: `;
      return `- ${where}${shown.join("\n  ")}`;
    });
    const hidden = input.refusals.length - items.length;
    if (hidden > 0) items.push(`- (${hidden} more not shown)`);
    parts.push(items.join("\n"));
  }

  parts.push(
    "### What to do now",
    [
      "- Draft the whole ticket again, against the files exactly as shown above: not a patch on top of your previous answer.",
      ...(input.failures.length > 0 ? ["- Fix the cause of the failure above. Do not weaken, skip or delete tests to make them pass."] : []),
      ...(input.rejectedHunks.length > 0 ? ["- Leave out the rejected changes."] : []),
      "- Answer in the same output format as before, with nothing else.",
    ].join("\n"),
  );
  return `${parts.join("\n\n")}\n`;
}

/**
 * Shortens a feedback section until `fits` accepts it: first the command
 * output (keeping its last lines, where test runners print their summary),
 * then the rejected hunks (keeping their first lines). Null when even the
 * bare section does not fit: the caller must then say so, never drop it.
 */
export function trimFeedback(text: string, fits: (candidate: string) => boolean): string | null {
  if (fits(text)) return text;
  const lines = text.split("\n");
  for (const kind of ["output", "diff"] as const) {
    for (;;) {
      const blocks = blocksOf(lines, kind);
      const largest = blocks.reduce<Block | null>((a, b) => (a === null || b.body.length > a.body.length ? b : a), null);
      if (!largest || largest.body.length === 0) break;
      const keep = Math.floor(largest.body.length / 2);
      const dropped = largest.body.length - keep + largest.alreadyCut;
      const body = kind === "output" ? largest.body.slice(largest.body.length - keep) : largest.body.slice(0, keep);
      const note = kind === "output" ? `[… ${dropped} earlier lines cut to fit the prompt]` : `[… ${dropped} more lines cut to fit the prompt]`;
      const replacement = kind === "output" ? [note, ...body] : [...body, note];
      lines.splice(largest.start, largest.end - largest.start, ...replacement);
      const candidate = lines.join("\n");
      if (fits(candidate)) return candidate;
    }
  }
  return null;
}

interface Block {
  /** Index of the first line inside the fence, and one past the last. */
  start: number;
  end: number;
  /** The lines inside, without an earlier cut note. */
  body: string[];
  /** Lines an earlier pass already cut (from its note). */
  alreadyCut: number;
}

const CUT_NOTE = /^\[… (\d+) (?:earlier|more) lines cut to fit the prompt\]$/;

function blocksOf(lines: string[], kind: "output" | "diff"): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\w*)$/.exec(lines[i]!);
    if (!open) continue;
    const close = lines.indexOf(open[1]!, i + 1);
    if (close < 0) break;
    if (open[2] === kind) {
      let start = i + 1;
      let end = close;
      let alreadyCut = 0;
      const first = CUT_NOTE.exec(lines[start] ?? "");
      const last = CUT_NOTE.exec(lines[end - 1] ?? "");
      if (kind === "output" && first && start < end) {
        alreadyCut = Number(first[1]);
        start += 1;
      } else if (kind === "diff" && last && start < end) {
        alreadyCut = Number(last[1]);
        end -= 1;
      }
      blocks.push({ start: i + 1, end: close, body: lines.slice(start, end), alreadyCut });
    }
    i = close;
  }
  return blocks;
}

/** A fence longer than any backtick run inside, so output can never close it early. */
function fenced(info: string, lines: readonly string[]): string {
  const longest = Math.max(2, ...lines.flatMap((line) => [...line.matchAll(/`+/g)].map((m) => m[0].length)));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${info}\n${lines.join("\n")}\n${ticks}`;
}

function clip(line: string, max: number): string {
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function oneLine(text: string, max: number): string {
  return clip(sanitizeForTerminal(text).replace(/\s+/g, " ").replace(/`/g, "'").trim(), max);
}

