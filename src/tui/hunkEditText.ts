import type { ReviewedHunk } from "../domain/review/index.js";

/**
 * The file `e` opens in $EDITOR: the hunk's lines under a few '#' lines that
 * say what may change, as `git add -p` does. `editResult` reads the saved
 * file back: an emptied file cancels, an untouched one changes nothing.
 */

export function hunkEditText(hunk: ReviewedHunk, path: string, lastTry?: RefusedEdit): string {
  const head = [
    `# Editing hunk ${hunk.index + 1} of ${hunk.count} in ${path}`,
    "# Change '+' lines, add '+' lines, or turn a '-' line into ' ' to keep it.",
    "# Keep every ' ' and '-' line as it is, or the hunk will not apply.",
    "# Lines starting with # are dropped. Empty the file to leave the hunk as it was.",
    // As git add -p does: an edit that did not apply comes back to be mended, not typed again.
    ...(lastTry ? [`# haco refused your last edit of this hunk: ${lastTry.reason.replace(/\s+/g, " ")}`] : []),
  ];
  return `${[...head, ...(lastTry?.lines ?? hunk.hunk.lines)].join("\n")}\n`;
}

/** An edit the reviewer refused, kept so that the next `e` on the same hunk reopens it. */
export interface RefusedEdit {
  lines: readonly string[];
  reason: string;
}

export type EditResult = { kind: "cancelled" } | { kind: "unchanged" } | { kind: "edited"; lines: string[] };

export function editResult(saved: string, hunk: ReviewedHunk): EditResult {
  const lines = saved.replace(/\r\n/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const kept = lines.filter((l) => !l.startsWith("#"));
  if (kept.every((l) => l.trim() === "")) return { kind: "cancelled" };
  const same = kept.length === hunk.hunk.lines.length && kept.every((l, i) => l === hunk.hunk.lines[i]);
  return same ? { kind: "unchanged" } : { kind: "edited", lines: kept };
}
