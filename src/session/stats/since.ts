import { UsageError } from "../../domain/errors.js";

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * `--since`: an ISO date (`2025-03-05`, the start of that day in UTC), an ISO
 * date-time (`2025-03-05T14:00:00Z`; without a zone, UTC), or a span back from
 * `now`: `12h`, `7d`, `2w`.
 */
export function parseSince(text: string, now: Date): Date {
  const value = text.trim();
  const relative = /^(\d{1,6})\s*([hdw])$/i.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase() as keyof typeof UNIT_MS]);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (!Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value) return day;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i.test(value)) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
    const at = new Date(zoned);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new UsageError(`--since ${JSON.stringify(text)}: expected a date (2025-03-05), a date and time (2025-03-05T14:00Z) or a span back from now (12h, 7d, 2w)`);
}
