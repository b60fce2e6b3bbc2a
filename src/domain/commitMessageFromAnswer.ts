import { TICKET_TRAILER } from "./commitMessage.js";
import { sanitizeForTerminal } from "./text/sanitize.js";
import type { Ticket } from "./tickets/ticket.js";

/**
 * Turns a worker's answer to "write the commit message" into a clean
 * Conventional Commit, or null when the answer holds no usable header. Small
 * models wrap the message in prose, fences, quotes, labels, JSON or even a
 * `git commit -m` line; the message itself is untrusted text that ends up in
 * the history and on terminals, so everything but the header, a short
 * wrapped body and haco's own trailer is dropped.
 */

export const COMMIT_TYPES = ["feat", "fix", "docs", "test", "refactor", "perf", "chore", "build", "ci", "style"] as const;

export interface CommitAnswerOptions {
  /** The answer stopped at its token limit: its body may end mid-sentence, so only the header is kept. */
  truncated?: boolean;
}

const HEADER = new RegExp(`^(${COMMIT_TYPES.join("|")})(?:\\(([^()]*)\\))?(!)?\\s*:\\s*(\\S.*)$`, "i");
const HEADER_LIMIT = 72;
const BODY_WIDTH = 72;
const BODY_MAX_LINES = 6;
/** A scope longer than this is a sentence, not a scope: it is dropped so the subject keeps its room. */
const SCOPE_LIMIT = 24;

/** Fence languages whose content may be the message; anything else is code, whose lines are never headers. */
const PROSE_FENCES = new Set(["", "text", "txt", "plaintext", "plain", "git", "commit", "gitcommit", "markdown", "md", "sh", "bash", "shell", "console"]);

export function commitMessageFromAnswer(answer: string, ticket: Ticket, options: CommitAnswerOptions = {}): string | null {
  const lines = normalise(answer).split("\n");
  let fence: { ticks: string; prose: boolean } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = fenceMarker(line);
    if (marker) {
      if (!fence) fence = { ticks: marker.ticks, prose: PROSE_FENCES.has(marker.info.toLowerCase()) };
      else if (marker.ticks.startsWith(fence.ticks) && marker.info === "") fence = null;
      continue;
    }
    if (fence && !fence.prose) continue;
    const found = headerAt(line, fence !== null);
    if (!found) continue;
    const header = formatHeader(found, ticket.id);
    if (header === null) continue;
    const paragraphs = options.truncated ? [] : [...found.extraBody, ...bodyParagraphs(lines, i + 1, found.openQuote)];
    const body = fitBody(paragraphs);
    return `${header}${body ? `\n\n${body}` : ""}\n\n${TICKET_TRAILER}: ${ticket.id}\n`;
  }
  return null;
}

// ——— the answer as plain lines ———

function normalise(answer: string): string {
  let text = clean(answer).trim();
  const fromJson = jsonMessage(text);
  if (fromJson !== null) text = clean(fromJson).trim();
  // A message written as one escaped string: "feat: x\n\nbody".
  if (!text.includes("\n") && /\\n/.test(text)) {
    text = text.replace(/\\r?\\n/g, "\n").replace(/\\t/g, " ").replace(/\\(["'\\])/g, "$1");
  }
  return clean(text);
}

function clean(text: string): string {
  return (
    sanitizeForTerminal(
      text
        .replace(/\r\n?|[\u2028\u2029]/g, "\n")
        // Escape sequences spelled out as text ("\x1b[31m") are as unwelcome in a commit as real ones.
        .replace(/\\(?:x1b|u001b|033|e)\[[0-9;?]*[A-Za-z]/gi, ""),
    )
      // Zero-width and bidi-control characters can make a subject read differently from what it is.
      .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
  );
}

/** `"feat: x"` or `{"commit_message": "feat: x"}`: the string inside, else null. */
function jsonMessage(text: string): string | null {
  if (!/^[{"]/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return null;
  }
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string");
  const preferred = entries.find(([key]) => /commit|message/i.test(key)) ?? entries.find(([, v]) => HEADER.test(v.trim()));
  return preferred ? preferred[1] : null;
}

function fenceMarker(line: string): { ticks: string; info: string } | null {
  const m = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$/.exec(line);
  return m ? { ticks: m[1]!, info: m[2]! } : null;
}

// ——— the header ———

interface FoundHeader {
  type: string;
  scope: string | null;
  breaking: boolean;
  subject: string;
  /** Paragraphs given as further `-m` arguments of a `git commit` line. */
  extraBody: string[];
  /** The line opened a quote it did not close: the body's last line may close it. */
  openQuote: boolean;
}

const LABEL =
  /^[*_]{0,2}(?:(?:suggested|proposed|final|my|the|here(?:'s| is)(?: the| a| my)?)\s+)*(?:git\s+)?(?:commit(?:\s+message)?|message|header|subject(?:\s+line)?|title)[*_]{0,2}\s*[:=]\s*[*_]{0,2}\s*/i;
const QUOTES = `"'\`“”‘’`;

function headerAt(line: string, inFence: boolean): FoundHeader | null {
  // Four spaces of indentation outside a fence is a code block, not a message.
  if (!inFence && /^(?: {4,}|\t)/.test(line)) return null;
  let text = line.trim();
  let extraBody: string[] = [];
  text = text.replace(/^(?:>\s*)+/, "").replace(/^(?:[-*+•]|\d+[.)])\s+/, "").replace(/^#{1,6}\s+/, "");
  text = unwrap(text);
  text = unwrap(text.replace(LABEL, ""));
  const git = /^(?:\$\s*)?git\s+commit\b(.*)$/i.exec(text);
  if (git) {
    const args = [...git[1]!.matchAll(/-m\s*("(?:[^"\\]|\\.)*"|'[^']*')/g)].map((m) => m[1]!.slice(1, -1).replace(/\\(.)/g, "$1"));
    if (args.length === 0) return null;
    text = args[0]!;
    extraBody = args.slice(1);
  }
  let openQuote = false;
  if (text.length > 0 && QUOTES.includes(text[0]!)) {
    text = text.slice(1);
    openQuote = true;
  }
  const m = HEADER.exec(text.trim());
  if (!m) return null;
  return { type: m[1]!.toLowerCase(), scope: m[2] ?? null, breaking: m[3] === "!", subject: m[4]!, extraBody, openQuote };
}

/** Drops markdown emphasis or quotes that wrap the whole text: **x**, `x`, "x". */
function unwrap(text: string): string {
  let out = text.trim();
  for (;;) {
    const m = /^(\*\*|__|\*|_|`|"|'|“|‘)([\s\S]+)(\*\*|__|\*|_|`|"|'|”|’)$/.exec(out);
    if (!m || !pairs(m[1]!, m[3]!)) return out;
    out = m[2]!.trim();
  }
}

function pairs(open: string, close: string): boolean {
  return open === close || (open === "“" && close === "”") || (open === "‘" && close === "’");
}

function formatHeader(found: FoundHeader, id: string): string | null {
  const subject = tidySubject(found.subject, id);
  if (!subject) return null;
  let scope = cleanScope(found.scope);
  if (scope && scope.length > SCOPE_LIMIT) scope = null;
  const prefix = `${found.type}${scope ? `(${scope})` : ""}${found.breaking ? "!" : ""}: `;
  if (mentions(`${prefix}${subject}`, id) && prefix.length + subject.length <= HEADER_LIMIT) return `${prefix}${subject}`;
  const suffix = ` (${id})`;
  return `${prefix}${shorten(subject, HEADER_LIMIT - prefix.length - suffix.length)}${suffix}`;
}

function cleanScope(scope: string | null): string | null {
  if (scope === null) return null;
  const clean = scope.trim().replace(/\s+/g, "-").replace(/[^\w./,-]/g, "");
  // A model that copies the prompt's "type(scope): subject" literally has no scope.
  return clean && !/^(scope|optional-scope)$/i.test(clean) ? clean : null;
}

function tidySubject(raw: string, id: string): string | null {
  let subject = raw.replace(/\s+/g, " ").trim();
  // Whatever closes what the line opened: a quote, emphasis, a trailing label of the model's own.
  subject = subject.replace(/(?:\*\*|__|["'`”’])+$/, "").trim();
  // The ticket id goes at the end, the way haco's own messages carry it.
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  subject = subject
    .replace(new RegExp(`\\s*[([]\\s*(?:ticket\\s*)?${escaped}\\s*[)\\]]`, "gi"), "")
    .replace(new RegExp(`^(?:ticket\\s*)?${escaped}\\s*[:\\-–—]\\s*`, "i"), "")
    .trim()
    .replace(/[.。!]+$/, "")
    .trim();
  if (!/[A-Za-z]/.test(subject)) return null;
  // Code (an object key, a call, a placeholder the model did not fill) is not a subject.
  if (/[{[(;,=]$/.test(subject) || /^<[^>]*>$/.test(subject) || /^(subject|description|summary)$/i.test(subject)) return null;
  // Lower-case the first letter as the history does, unless it starts an acronym ("API", "CLI").
  return /^[A-Z][A-Z0-9]/.test(subject) ? subject : subject.charAt(0).toLowerCase() + subject.slice(1);
}

function mentions(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9._-])${escaped}($|[^A-Za-z0-9_-])`, "i").test(text);
}

const CLAUSE_BREAKS = [", ", "; ", " — ", " – ", " - ", " so that ", " so ", " because ", " while ", " which ", " and "];
const DANGLING = /\s+(?:a|an|the|and|or|of|to|in|on|for|with|by|from|at|as|into|that)$/i;

/**
 * Fits a subject into `max` characters: at a clause boundary when one keeps
 * at least half the room (it still reads as a sentence), else at a word with
 * an ellipsis, as conventionalCommitMessage does.
 */
function shorten(text: string, max: number): string {
  const room = Math.max(10, max);
  if (text.length <= room) return text;
  let best = -1;
  for (const cut of CLAUSE_BREAKS) {
    const at = text.lastIndexOf(cut, room);
    if (at >= room / 2 && at > best) best = at;
  }
  if (best > 0) {
    const clause = text.slice(0, best).replace(/[\s,;:—–-]+$/, "").replace(DANGLING, "").trim();
    if (clause.length >= room / 2) return clause;
  }
  const cut = text.slice(0, room - 1);
  const space = cut.lastIndexOf(" ");
  let head = space > 20 ? cut.slice(0, space) : cut;
  for (let previous = ""; previous !== head; ) {
    previous = head;
    head = head.replace(DANGLING, "").replace(/[\s,;:—–-]+$/, "");
  }
  return `${head}…`;
}

// ——— the body ———

/** Lines after the header up to whatever is clearly not part of the message. */
function bodyParagraphs(lines: string[], from: number, openQuote: boolean): string[] {
  const kept: string[] = [];
  for (let j = from; j < lines.length; j++) {
    const raw = lines[j]!;
    const text = raw.trim();
    if (fenceMarker(raw)) break;
    if (/^(?:diff --git |index [0-9a-f]+\.\.|--- |\+\+\+ |@@ )/.test(text)) break;
    if (/^#{1,6}\s/.test(text)) break;
    // Trailers (Signed-off-by:, Haco-Ticket:, Closes #1): haco writes its own.
    if (/^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+:\s/.test(text) || /^(?:closes|fixes|refs|resolves)\b\s*#?\w/i.test(text)) break;
    // A label of the model's own ("README delta:", "Explanation:") starts something else.
    if (/^[*_]{0,2}[A-Z][\w ]{0,40}:[*_]{0,2}$/.test(text)) break;
    // Indented code is not prose; an indented line under a list item continues it.
    if (text && /^(?: {4,}|\t)/.test(raw) && !isListContinuation(kept)) break;
    if (headerAt(raw, false)) break;
    kept.push(text);
  }
  if (openQuote && kept.length > 0) {
    const last = kept.length - 1;
    kept[last] = kept[last]!.replace(/["'`”’]+$/, "");
  }
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of [...kept, ""]) {
    if (line === "") {
      if (current.length) paragraphs.push(current.join("\n"));
      current = [];
    } else current.push(line);
  }
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    if (isMeta(paragraph)) break;
    out.push(paragraph);
  }
  return out;
}

function isListContinuation(kept: string[]): boolean {
  const last = kept[kept.length - 1];
  return last !== undefined && /^(?:[-*+•]|\d+[.)])\s/.test(last);
}

/** Prose about the message rather than part of it. */
function isMeta(paragraph: string): boolean {
  return (
    /\b(?:commit message|conventional commits?|this message|the message above)\b/i.test(paragraph) ||
    /^(?:note|explanation|here(?:'s| is)|i |i'|let me|hope|feel free|this follows)/i.test(paragraph)
  );
}

/** Whole paragraphs (or sentences, or list items) while they fit in a few wrapped lines. */
function fitBody(paragraphs: string[]): string {
  const out: string[][] = [];
  let used = 0;
  for (const paragraph of paragraphs) {
    const gap = out.length ? 1 : 0;
    const wrapped = wrapParagraph(paragraph);
    if (used + gap + wrapped.length <= BODY_MAX_LINES) {
      out.push(wrapped);
      used += gap + wrapped.length;
      continue;
    }
    const partial = fitPart(paragraph, BODY_MAX_LINES - used - gap);
    if (partial.length) out.push(partial);
    break;
  }
  return out.map((p) => p.join("\n")).join("\n\n");
}

function fitPart(paragraph: string, room: number): string[] {
  if (room <= 0) return [];
  const items = listItems(paragraph);
  const pieces = items ?? paragraph.replace(/\s+/g, " ").split(/(?<=[.!?])\s+(?=[A-Z`"])/);
  let best: string[] = [];
  for (let n = 1; n <= pieces.length; n++) {
    const text = items ? pieces.slice(0, n).join("\n") : pieces.slice(0, n).join(" ");
    const wrapped = wrapParagraph(text);
    if (wrapped.length > room) break;
    best = wrapped;
  }
  return best;
}

function listItems(paragraph: string): string[] | null {
  const lines = paragraph.split("\n");
  if (!/^(?:[-*+•]|\d+[.)])\s/.test(lines[0]!)) return null;
  const items: string[] = [];
  for (const line of lines) {
    if (/^(?:[-*+•]|\d+[.)])\s/.test(line) || items.length === 0) items.push(line);
    else items[items.length - 1] += ` ${line}`;
  }
  return items;
}

function wrapParagraph(paragraph: string): string[] {
  const items = listItems(paragraph);
  if (!items) return wrap(paragraph, "", "");
  return items.flatMap((item) => {
    const m = /^([-*+•]|\d+[.)])\s+(.*)$/.exec(item)!;
    const marker = /^\d/.test(m[1]!) ? m[1]! : "-";
    return wrap(m[2]!, `${marker} `, " ".repeat(marker.length + 1));
  });
}

function wrap(text: string, first: string, rest: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > BODY_WIDTH) {
      lines.push(line);
      line = rest + word;
    } else line += (empty ? "" : " ") + word;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}
