/**
 * Markdown code fences in a worker's answer. Fences are wrapping, never
 * content; an unclosed one is the plainest sign that the answer was cut off.
 */

export interface Fence {
  /** Index of the opening line. */
  start: number;
  /** Index of the first line after the fence (after the closing line when there is one). */
  end: number;
  /** The info string after the opening backticks, trimmed ("ts src/x.ts"). */
  info: string;
  /** Lines between the fence lines, with the opener's indentation removed. */
  content: string[];
  closed: boolean;
}

interface Opener {
  indent: number;
  marker: string;
  info: string;
}

const OPENER = /^( {0,3})(`{3,}|~{3,})(.*)$/;

export function fenceOpener(line: string): Opener | null {
  const m = OPENER.exec(line);
  if (!m) return null;
  const marker = m[2]!;
  const info = m[3]!.trim();
  // CommonMark: a backtick fence's info string cannot contain a backtick,
  // which keeps inline code such as ```x``` from opening a block.
  if (marker[0] === "`" && info.includes("`")) return null;
  return { indent: m[1]!.length, marker, info };
}

/**
 * The closing line must use the opener's character, be at least as long and
 * carry no info string (so a four-backtick fence holds triple-backtick ones).
 * Unlike CommonMark it may not be indented deeper than the opener: a diff
 * context line " ```" inside a ```diff fence is content, not the end.
 */
function closes(line: string, opener: Opener): boolean {
  const m = /^( *)(`{3,}|~{3,})\s*$/.exec(line);
  if (!m) return false;
  const marker = m[2]!;
  return m[1]!.length <= opener.indent && marker[0] === opener.marker[0] && marker.length >= opener.marker.length;
}

/** Reads the fence opening at `start`, or returns null when that line opens none. */
export function readFence(lines: readonly string[], start: number): Fence | null {
  const opener = fenceOpener(lines[start] ?? "");
  if (!opener) return null;
  const content: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (closes(line, opener)) return { start, end: i + 1, info: opener.info, content, closed: true };
    content.push(dedent(line, opener.indent));
  }
  return { start, end: lines.length, info: opener.info, content, closed: false };
}

/** Removes up to `indent` leading spaces, as CommonMark does inside an indented fence. */
function dedent(line: string, indent: number): string {
  let cut = 0;
  while (cut < indent && line[cut] === " ") cut++;
  return line.slice(cut);
}

/** Info words that mark a usage example or program output rather than a file. */
const SHELL_LIKE = new Set([
  "bash", "sh", "shell", "zsh", "fish", "console", "terminal", "powershell", "ps1", "cmd", "bat",
  "text", "txt", "output", "plaintext", "log",
]);

export function isShellLikeInfo(info: string): boolean {
  const lang = info.split(/\s+/)[0]?.toLowerCase() ?? "";
  return SHELL_LIKE.has(lang);
}
