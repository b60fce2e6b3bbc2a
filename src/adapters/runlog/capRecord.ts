/**
 * What one record may put into the run log. Without a bound, one answer of a
 * model in a loop, or one minified line of test output, becomes a record of
 * tens of megabytes, and a file far over `logs.maxFileBytes` (rotation only
 * starts a new file between records). A record over its budget keeps the head
 * of its longest strings, each cut one ending in CUT_MARK, and is flagged with
 * `logCut: true`; nothing else of it changes.
 */

import { jsonLine } from "../../domain/text/jsonLine.js";

/** No record is larger than this, whatever logs.maxFileBytes allows: twice the 1 MiB answer limit, for JSON escapes. */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;
/** Below this a record cannot say much; a tiny logs.maxFileBytes is exceeded rather than records made useless. */
export const MIN_RECORD_BYTES = 1024;

export const CUT_MARK = "…[cut: this record was over the run log's limit for one record]";

/** The bytes one record's line may take: what a file holds after its meta line, within the bounds above. */
export function recordBudget(maxFileBytes: number, metaBytes: number): number {
  return Math.max(MIN_RECORD_BYTES, Math.min(MAX_RECORD_BYTES, maxFileBytes - metaBytes));
}

/**
 * Strings longer than `maxChars` cut to it, before the masker sees them: masking reads every
 * character, and a cut record keeps far fewer. The later, exact cut keeps only text before this
 * point, so a secret is masked whole wherever the final cut falls (an unterminated PEM block
 * is masked to the end of its text).
 */
export function precut<T>(value: T, maxChars: number): T {
  if (typeof value === "string") return (value.length > maxChars ? sliceChars(value, maxChars) : value) as T;
  if (Array.isArray(value)) return value.map((item) => precut(item, maxChars)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = precut(item, maxChars);
    return out as T;
  }
  return value;
}

/** The record as one log line (newline included) of at most `budget` bytes where its strings allow. */
export function recordLine(record: object, budget: number): string {
  let line = `${jsonLine(record)}\n`;
  let bytes = Buffer.byteLength(line);
  if (bytes <= budget) return line;
  let current: Record<string, unknown> = { ...(record as Record<string, unknown>), logCut: true };
  // Each round cuts the longest string by what is over (scaled by its escaping); a few rounds settle it.
  for (let round = 0; round < 12; round++) {
    line = `${jsonLine(current)}\n`;
    bytes = Buffer.byteLength(line);
    if (bytes <= budget) return line;
    const longest = longestString(current);
    if (!longest || longest.value.length <= CUT_MARK.length) break;
    const encoded = Buffer.byteLength(JSON.stringify(longest.value));
    const perChar = encoded / longest.value.length;
    const over = bytes - budget + Buffer.byteLength(JSON.stringify(CUT_MARK));
    const keep = Math.max(0, Math.floor(longest.value.length - over / perChar) - 1);
    current = replaceAt(current, longest.path, `${sliceChars(longest.value, keep)}${CUT_MARK}`) as Record<string, unknown>;
  }
  // Nothing left to cut (a record of many small values): its kind and when, and that the rest is gone.
  const { type, ts, ticket } = record as { type?: unknown; ts?: unknown; ticket?: unknown };
  return `${jsonLine({ type, ts, ...(ticket !== undefined ? { ticket } : {}), logCut: true, note: CUT_MARK })}\n`;
}

type Path = (string | number)[];

function longestString(value: unknown, path: Path = []): { path: Path; value: string } | null {
  if (typeof value === "string") return { path, value };
  let best: { path: Path; value: string } | null = null;
  const consider = (item: unknown, key: string | number): void => {
    const found = longestString(item, [...path, key]);
    if (found && (!best || found.value.length > best.value.length)) best = found;
  };
  if (Array.isArray(value)) value.forEach(consider);
  else if (typeof value === "object" && value !== null) for (const [key, item] of Object.entries(value)) consider(item, key);
  return best;
}

function replaceAt(value: unknown, path: Path, replacement: string): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: replaceAt(record[head!], rest, replacement) };
}

/** The first `n` UTF-16 units, without leaving half a surrogate pair at the end. */
function sliceChars(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}
