import { InputError } from "../errors.js";

/**
 * PLAN.md is read line by line. Before anything looks for headings or
 * fields, each line is marked as code (inside a ``` or ~~~ fence) or not, so
 * that a `## ` or `- owner:` inside a code sample is never mistaken for
 * structure.
 */
export interface PlanLine {
  /** 1-based, as editors show it. */
  number: number;
  text: string;
  /** Part of a fenced code block, fence lines included. */
  code: boolean;
}

const FENCE = /^\s*(`{3,}|~{3,})/;

/** YAML front matter (`---` … `---` at the very top) is metadata, not plan text. */
function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trim() !== "---") return 0;
  const close = lines.findIndex((line, i) => i > 0 && (line.trim() === "---" || line.trim() === "..."));
  return close < 0 ? 0 : close + 1;
}

export function planLines(text: string, fileName: string): PlanLine[] {
  const raw = text.split(/\r?\n/);
  const start = frontMatterEnd(raw);
  const out: PlanLine[] = [];
  let open: { marker: string; line: number } | null = null;

  for (let i = start; i < raw.length; i++) {
    const line = raw[i]!;
    const fence = FENCE.exec(line)?.[1];
    if (open === null) {
      if (fence) open = { marker: fence, line: i + 1 };
      out.push({ number: i + 1, text: line, code: open !== null });
      continue;
    }
    out.push({ number: i + 1, text: line, code: true });
    // A fence closes with the same character, at least as long, and nothing after it.
    if (fence && fence[0] === open.marker[0] && fence.length >= open.marker.length && line.trim() === fence) open = null;
  }

  if (open) {
    throw new InputError(
      fileName,
      `line ${open.line}`,
      `this code block (${open.marker}) is never closed; close it with ${open.marker} so the tickets after it are read`,
    );
  }
  return out;
}

/** `---`, `***`, `___` (three or more, spaces allowed): a visual separator, never content. */
export function isThematicBreak(line: PlanLine): boolean {
  return !line.code && /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line.text);
}
