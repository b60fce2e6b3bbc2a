/**
 * A ticket heading is `## T-001: Title`, `## Ticket 3: Title` (or `Task`),
 * `## 1.2: Title` / `## 1. Title`, or just `## Title`. The id is kept exactly
 * as written; only tickets without one are numbered by position later.
 */
export interface TicketHeading {
  id?: string;
  title: string;
}

/** Separator between id and title: a colon, or a dash with spaces around it. */
const SEP = String.raw`\s*(?::|\s[—–-]\s|\s?[—–]\s)\s*`;

const PATTERNS: readonly RegExp[] = [
  // Ticket 3: Title / Task 1.1 — Title (the id must contain a digit: "## Task runner" is a title)
  new RegExp(String.raw`^(?:ticket|task)\s+#?([A-Za-z0-9][\w.-]*\d[\w.-]*|\d+)(?:${SEP}|\s*$)(.*)$`, "i"),
  // T-001: Title / HACO-12 — Title
  new RegExp(String.raw`^([A-Za-z][A-Za-z0-9]*-[\w.-]*\d[\w.-]*)(?:${SEP}|\s*$)(.*)$`),
  // 1.2: Title / 3. Title / 3) Title
  new RegExp(String.raw`^(\d+(?:\.\d+)*)(?:${SEP}|[.)]\s+|\s*$)(.*)$`),
];

/** `text` is the heading without its `## ` and without closing `#`s. */
export function parseTicketHeading(text: string): TicketHeading {
  const trimmed = text.trim();
  for (const pattern of PATTERNS) {
    const match = pattern.exec(trimmed);
    if (match) return { id: match[1]!.replace(/\.$/, ""), title: (match[2] ?? "").trim() };
  }
  return { title: trimmed };
}

/** Whether a heading would be read as a ticket heading if it were a `## `: used to catch `### T-002: …`. */
export function looksLikeTicketHeading(text: string): boolean {
  return parseTicketHeading(text).id !== undefined;
}
