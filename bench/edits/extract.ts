/**
 * What a plain patch tool can be given from a worker's reply: the unified
 * diff text inside the fences and prose, nothing more. Deliberately small and
 * literal, like the glue a project would write around `git apply`:
 *
 * - A diff starts at a `diff --git` line, or at a `--- ` line directly followed
 *   by a `+++ ` line (a file header is required: without one no tool knows
 *   which file to patch).
 * - Inside a ``` / ~~~ fence it runs to the closing fence (or the end of the
 *   reply when the fence never closes). Outside a fence it runs while lines
 *   look like diff lines (blank, ' ', '+', '-', '@', '\', git extended
 *   headers); trailing empty lines are dropped.
 * - Every such block of the reply is kept, in order, so a reply that spreads
 *   its diff over several fences is given whole.
 * - Bytes are not repaired: CRLF, wrong counts and `@@ ... @@` stay as written.
 *   Only a final newline is added when the reply ends mid-line, so that the
 *   patch file is a sequence of whole lines.
 *
 * Anything else (SEARCH/REPLACE, NEW FILE blocks, whole files, `*** Begin
 * Patch`, headerless hunks) yields null: the tool cannot read the reply at all.
 */

export interface ExtractedDiff {
  /** The patch file's text. */
  text: string;
  /** The -p level its headers call for: 1 for a/ b/ (git) prefixes, else 0. */
  strip: 0 | 1;
}

interface Fence {
  char: string;
  length: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const GIT_EXTENDED =
  /^(diff --git |index |new file mode |deleted file mode |old mode |new mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |Binary files )/;

export function extractUnifiedDiff(reply: string): ExtractedDiff | null {
  const lines = reply.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const blocks: string[][] = [];
  let fence: Fence | null = null;
  let i = 0;
  while (i < lines.length) {
    const line = bare(lines[i]);
    if (fence !== null && closes(line, fence)) {
      fence = null;
      i++;
      continue;
    }
    if (fence === null) {
      const open = FENCE.exec(line);
      if (open !== null && open[1] !== undefined) {
        fence = { char: open[1][0] ?? "`", length: open[1].length };
        i++;
        continue;
      }
    }
    if (!startsDiff(lines, i)) {
      i++;
      continue;
    }
    let end = i;
    if (fence !== null) {
      const open: Fence = fence;
      while (end < lines.length && !closes(bare(lines[end]), open)) end++;
    } else {
      while (end < lines.length && looksLikeDiffLine(bare(lines[end]))) end++;
      // An empty line may be prose spacing; a line of one space is a blank context line and stays.
      while (end > i && /^\r?$/.test(bare(lines[end - 1]))) end--;
    }
    blocks.push(lines.slice(i, end));
    i = end;
  }
  if (blocks.length === 0) return null;
  const text = blocks.map((b) => withFinalNewline(b.join(""))).join("");
  return { text, strip: stripLevel(text) };
}

function bare(line: string | undefined): string {
  return (line ?? "").replace(/\r?\n$/, "");
}

function closes(line: string, fence: Fence): boolean {
  const m = FENCE.exec(line);
  return m !== null && m[1] !== undefined && m[1][0] === fence.char && m[1].length >= fence.length && (m[2] ?? "").trim() === "";
}

function startsDiff(lines: readonly string[], i: number): boolean {
  const line = bare(lines[i]);
  if (line.startsWith("diff --git ")) return true;
  return line.startsWith("--- ") && bare(lines[i + 1]).startsWith("+++ ");
}

function looksLikeDiffLine(line: string): boolean {
  const trimmed = line.replace(/\r$/, "");
  return trimmed === "" || /^[ +\-@\\]/.test(trimmed) || GIT_EXTENDED.test(trimmed);
}

function withFinalNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** 1 when the first file header uses a/ and b/ prefixes (or /dev/null on one side), else 0. */
function stripLevel(text: string): 0 | 1 {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("diff --git a/")) return 1;
    const next = lines[i + 1] ?? "";
    if (line.startsWith("--- ") && next.startsWith("+++ ")) {
      const oldName = headerName(line);
      const newName = headerName(next);
      const oldOk = oldName.startsWith("a/") || oldName === "/dev/null";
      const newOk = newName.startsWith("b/") || newName === "/dev/null";
      return oldOk && newOk && !(oldName === "/dev/null" && newName === "/dev/null") ? 1 : 0;
    }
  }
  return 0;
}

/** The file name of a `--- ` / `+++ ` line, without its optional tab-separated timestamp. */
export function headerName(line: string): string {
  return line.slice(4).split("\t")[0]?.trim() ?? "";
}
