/**
 * Elision markers: lines such as `// ... existing code ...` or
 * `# rest of the function unchanged` with which small models stand in for
 * code they did not bother to repeat. Written literally where they replace
 * real code, they delete it; so the engine refuses such edits (README rule 3).
 * The test is deliberately narrow: a comment-only line (or a bare `...`) that
 * is nothing but dots, wraps a few words in dots (`# ... validation ...`),
 * or pairs dots or a lazy phrase with words that talk about code being kept.
 */

const COMMENT_OPEN = /^(?:\/\/+|#+|--|;+|\/\*+|\*|<!--|\{\/\*|%+)\s*/;
const COMMENT_CLOSE = /\s*(?:\*+\/\}?|-->)$/;
const DOTS = /\.{3,}|…/;
const ONLY_DOTS = /^(?:\.{3,}|…)+$/;
// "... validation ...": dots on both sides of a few words name what is hidden.
const WRAPPED = /^(?:\.{3,}|…)\s*[^.…].{0,60}?\s*(?:\.{3,}|…)$/;
// Words that, next to "...", say "code is hidden here".
const LAZY_WORD =
  /\b(?:existing|unchanged|rest|remaining|same|omitted|omit|other|others|previous|original|more|snip|etc|code|as before|as is|here)\b/i;
// Phrases that say it without dots.
const LAZY_PHRASE =
  /\b(?:rest of (?:the )?(?:code|file|function|method|class|implementation|body|module)|(?:existing|original|previous) (?:code|implementation|logic|methods|functions|cases|tests)|remains? (?:the same|unchanged)|(?:is|are|stays?|kept|left) unchanged|same as (?:before|above)|(?:rest|remaining|other|existing|previous)\b.*\b(?:unchanged|the same|as before|as is))\b/i;

/** True when a line (without diff prefix) is an elision marker rather than code. */
export function isElisionLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === "") return false;
  if (ONLY_DOTS.test(trimmed)) return true;
  const open = COMMENT_OPEN.exec(trimmed);
  if (!open) return false;
  const body = trimmed.slice(open[0].length).replace(COMMENT_CLOSE, "").trim();
  if (body === "") return false;
  if (ONLY_DOTS.test(body)) return true;
  if (WRAPPED.test(body)) return true;
  if (DOTS.test(body) && LAZY_WORD.test(body)) return true;
  return LAZY_PHRASE.test(body);
}

/**
 * The first elision line among `added` that does not already occur in the
 * file: a marker the file itself contains (a Python stub's `...`) is code.
 */
export function findNewElision(added: readonly string[], fileTexts: ReadonlySet<string>): string | null {
  for (const line of added) {
    if (isElisionLine(line) && !fileTexts.has(line.trim())) return line;
  }
  return null;
}

/** The trimmed lines of a file, for `findNewElision`. */
export function trimmedLineSet(lines: readonly { text: string }[]): Set<string> {
  return new Set(lines.map((l) => l.text.trim()));
}
