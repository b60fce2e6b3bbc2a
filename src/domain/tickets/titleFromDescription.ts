/**
 * Task specs (seed 002) have no title, only a description. The title shown in
 * the ticket list and the commit message is its first line, cut at the first
 * sentence end and kept to a commit-subject length.
 */

export const MAX_TITLE_LENGTH = 72;

/** Abbreviations whose dot does not end a sentence. */
const ABBREVIATION = /(?:^|\s)(?:e\.g|i\.e|etc|vs|cf|approx|incl)\.$/i;

function firstSentence(line: string): string {
  const ends = line.matchAll(/[.!?](?=\s|$)/g);
  for (const end of ends) {
    const upTo = line.slice(0, end.index + 1);
    if (!ABBREVIATION.test(upTo)) return line.slice(0, end.index);
  }
  return line;
}

function shorten(text: string): string {
  if (text.length <= MAX_TITLE_LENGTH) return text;
  const cut = text.slice(0, MAX_TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(" ");
  // Cut at a word boundary unless that would throw most of the title away.
  const kept = space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s,;:.-]+$/, "")}…`;
}

/** "" when the description has no text at all. */
export function titleFromDescription(description: string): string {
  const line = description
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^#+\s*/, ""))
    .find((l) => l !== "");
  if (line === undefined) return "";
  return shorten(firstSentence(line).replace(/[\s:]+$/, "").trim());
}
