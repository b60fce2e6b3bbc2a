import { trimBlankLines } from "../text/trimBlankLines.js";
import { readFence } from "./fences.js";
import { dominantEol } from "./lines.js";
import type { Refusal } from "./types.js";

/**
 * The README delta of seed 000: with its change the worker may add a few
 * lines of documentation, as
 *
 *   === README DELTA: Usage ===
 *   ```markdown
 *   - `tool --flag` does the new thing
 *   ```
 *
 * haco places the lines at the end of the named section of README.md (its
 * last line before the next heading of the same or a higher level). Without
 * a section name they go at the end of the file, which is what the marker
 * says. The result is one more whole-file edit, so the lines reach the
 * reviewer as hunks like any others. A delta that cannot be placed is
 * dropped with a reason; it never blocks the code it came with.
 */

export interface ReadmeDelta {
  /** The section heading's text, or null for the end of the file. */
  section: string | null;
  lines: string[];
}

export const MAX_DELTA_LINES = 12;
const MARKER = /^\s*={3}\s*README DELTA(?:\s*:\s*(.*?))?\s*={3}\s*$/i;

/** Takes the README delta blocks out of an answer, so the edit parser never reads them as a whole file. */
export function extractReadmeDeltas(answer: string): { rest: string; deltas: ReadmeDelta[]; refusals: Refusal[] } {
  const lines = answer.split("\n");
  const kept: string[] = [];
  const deltas: ReadmeDelta[] = [];
  const refusals: Refusal[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]!);
    if (!marker) {
      kept.push(lines[i]!);
      continue;
    }
    let at = i + 1;
    while (at < lines.length && lines[at]!.trim() === "") at++;
    const fence = readFence(lines, at);
    const section = marker[1]?.replace(/^#+\s*/, "").trim() || null;
    if (!fence) {
      refusals.push(refusal("the README delta marker is not followed by a fenced block of the lines to add — the delta was left out"));
      continue;
    }
    i = fence.end - 1;
    if (!fence.closed) refusals.push(refusal("the README delta's fenced block is not closed (the answer was cut off) — the delta was left out"));
    else if (fence.content.every((l) => l.trim() === "")) refusals.push(refusal("the README delta is empty — nothing to add"));
    else if (fence.content.length > MAX_DELTA_LINES) {
      refusals.push(refusal(`the README delta has ${fence.content.length} lines; a delta is at most ${MAX_DELTA_LINES} — the delta was left out`));
    } else deltas.push({ section, lines: trimBlankLines(fence.content) });
  }
  return { rest: kept.join("\n"), deltas, refusals };
}

/** README.md with the delta's lines in place, or why they cannot be placed. */
export function placeReadmeDelta(readme: string, delta: ReadmeDelta): { ok: true; content: string } | { ok: false; reason: string } {
  const eol = dominantEol(readme);
  const lines = readme.split(/\r?\n/);
  const endsWithEol = lines.at(-1) === "";
  if (endsWithEol) lines.pop();
  let end = lines.length;
  if (delta.section !== null) {
    const headings = headingsOf(lines);
    const wanted = normalise(delta.section);
    const matches = headings.filter((h) => normalise(h.text) === wanted);
    if (matches.length === 0) {
      const names = headings.map((h) => `"${h.text}"`).join(", ") || "none";
      return { ok: false, reason: `README.md has no section "${delta.section}" (its sections: ${names}) — the README delta was left out` };
    }
    if (matches.length > 1) return { ok: false, reason: `README.md has ${matches.length} sections called "${delta.section}" — the README delta was left out` };
    const heading = matches[0]!;
    const next = headings.find((h) => h.line > heading.line && h.level <= heading.level);
    end = next ? next.line : lines.length;
  }
  // After the section's last non-blank line, as a paragraph of its own.
  let last = end;
  while (last > 0 && lines[last - 1]!.trim() === "") last--;
  const insert = last > 0 ? ["", ...delta.lines] : delta.lines;
  const out = [...lines.slice(0, last), ...insert, ...lines.slice(last)];
  return { ok: true, content: out.join(eol) + (endsWithEol ? eol : "") };
}

/** The README's section names, for the prompt. */
export function readmeSections(readme: string): string[] {
  return headingsOf(readme.split(/\r?\n/)).map((h) => h.text);
}

interface Heading {
  line: number;
  level: number;
  text: string;
}

function headingsOf(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match && match[2]) headings.push({ line: i, level: match[1]!.length, text: match[2] });
  });
  return headings;
}

const normalise = (text: string) => text.replace(/[`*_]/g, "").replace(/\s+/g, " ").trim().toLowerCase();


function refusal(reason: string): Refusal {
  return { file: "README.md", reason, code: "readme-delta" };
}
