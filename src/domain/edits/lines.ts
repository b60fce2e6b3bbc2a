/**
 * File content as lines that remember their own terminators, so that text can
 * be cut and rejoined without changing one byte that was not meant to change.
 */

export type Eol = "\n" | "\r\n";

export interface Line {
  /** The line without its terminator. */
  text: string;
  /** "\n", "\r\n", or "" for a last line that has no final newline. */
  eol: string;
}

/** Splits content into lines; "" has no lines, "a\n" has one. */
export function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf("\n", start);
    if (nl === -1) {
      lines.push({ text: content.slice(start), eol: "" });
      break;
    }
    const crlf = nl > start && content[nl - 1] === "\r";
    lines.push({ text: content.slice(start, crlf ? nl - 1 : nl), eol: crlf ? "\r\n" : "\n" });
    start = nl + 1;
  }
  return lines;
}

export function joinLines(lines: readonly Line[]): string {
  let out = "";
  for (const line of lines) out += line.text + line.eol;
  return out;
}

/**
 * The terminator new lines get: the one most of the file's lines use, so a
 * CRLF file stays CRLF. Ties and files without terminators get "\n".
 */
export function dominantEol(content: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = content.indexOf("\n"); i !== -1; i = content.indexOf("\n", i + 1)) {
    if (i > 0 && content[i - 1] === "\r") crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/** An empty file counts as ending in a newline: whatever is written into it should. */
export function endsWithNewline(content: string): boolean {
  return content === "" || content.endsWith("\n");
}

/**
 * Answers are read with LF only; the file being edited decides the real
 * terminators. A CRLF reply that quotes lines of a CRLF file ends them with
 * "\r\r\n": any run of CRs before a LF is one terminator.
 */
export function normalizeAnswer(text: string): string {
  // A byte order mark copied from a file's first line is not text the file has after its own BOM.
  return text.replace(/\r+\n/g, "\n").replace(/\r/g, "\n").replace(/^([ +-]?)\uFEFF/gm, "$1");
}

/**
 * The body of a whole or new file as written to disk: blank lines at the end
 * are wrapping, not content, and a text file ends with exactly one newline.
 * An empty body stays empty (an empty `__init__.py` is a real file).
 */
export function fileBody(lines: readonly string[]): string {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === "") end--;
  if (end === 0) return "";
  return lines.slice(0, end).join("\n") + "\n";
}

export function isBlank(text: string): boolean {
  return text.trim() === "";
}

const BOM = "\uFEFF";

/** Splits off a UTF-8 byte order mark, which belongs to the file, not to its first line. */
export function withoutBom(content: string): { bom: string; content: string } {
  return content.startsWith(BOM) ? { bom: BOM, content: content.slice(BOM.length) } : { bom: "", content };
}
