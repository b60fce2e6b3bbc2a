/**
 * haco's section of CLAUDE.md lives between two HTML comments (invisible when
 * the Markdown is rendered), so `haco init` can find it again: a second run
 * leaves it alone, `--force` replaces exactly that span, and everything the
 * user wrote around it stays as it was. Pure: the caller reads and writes.
 */

export const SECTION_BEGIN = "<!-- haco:begin -->";
export const SECTION_END = "<!-- haco:end -->";

export type KeptReason =
  /** The markers are there and --force was not given. */
  | "has-section"
  /** --force, but the section already reads exactly like the new one. */
  | "unchanged"
  /** A marker is missing, doubled or out of order: where the section ends is unknown, so nothing is touched. */
  | "unbalanced-markers";

export type SectionMerge =
  | { action: "created" | "appended" | "replaced"; text: string }
  | { action: "kept"; reason: KeptReason };

const BEGIN_LINE = /^<!-- haco:begin -->[ \t]*\r?$/gm;
const END_LINE = /^<!-- haco:end -->[ \t]*\r?$/gm;

/** The section with its markers, in the file's line endings, without a final line break. */
export function wrapSection(body: string, eol = "\n"): string {
  const lines = body.replace(/\r\n/g, "\n").replace(/\n+$/, "");
  return [SECTION_BEGIN, lines, SECTION_END].join("\n").replace(/\n/g, eol);
}

/**
 * `existing` is CLAUDE.md's text (null when there is none). The result's text
 * always starts with the existing text unchanged when appending, and keeps
 * every character outside the markers when replacing.
 */
export function mergeClaudeSection(existing: string | null, body: string, force: boolean): SectionMerge {
  if (existing === null) return { action: "created", text: `${wrapSection(body)}\n` };
  const eol = lineEnding(existing);
  const section = wrapSection(body, eol);
  const begins = [...existing.matchAll(BEGIN_LINE)];
  const ends = [...existing.matchAll(END_LINE)];
  if (begins.length === 0 && ends.length === 0) {
    return { action: "appended", text: `${existing}${separator(existing, eol)}${section}${eol}` };
  }
  const begin = begins[0];
  const end = ends[0];
  if (begins.length !== 1 || ends.length !== 1 || !begin || !end || end.index < begin.index) {
    return { action: "kept", reason: "unbalanced-markers" };
  }
  if (!force) return { action: "kept", reason: "has-section" };
  // The span runs from the begin marker to the end of the end marker, not its line break.
  const spanEnd = end.index + SECTION_END.length;
  if (existing.slice(begin.index, spanEnd) === section) return { action: "kept", reason: "unchanged" };
  return { action: "replaced", text: `${existing.slice(0, begin.index)}${section}${existing.slice(spanEnd)}` };
}

/** The file's own line ending, judged by its first line break, so an appended section matches it. */
function lineEnding(text: string): string {
  const first = text.indexOf("\n");
  return first > 0 && text[first - 1] === "\r" ? "\r\n" : "\n";
}

/** A blank line between the user's text and the section, adding only the line breaks that are missing. */
function separator(text: string, eol: string): string {
  if (text === "" || text.endsWith(`${eol}${eol}`)) return "";
  return text.endsWith(eol) ? eol : `${eol}${eol}`;
}
