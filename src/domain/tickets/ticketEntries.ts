import { describeValue, type Problem } from "./problems.js";

/** One ticket-shaped value found in a parsed document, and where it sits. */
export interface TicketEntry {
  value: unknown;
  /** Path from the document root, e.g. `["tickets", 2]`. */
  path: PropertyKey[];
}

export interface FoundEntries {
  entries: TicketEntry[];
  problems: Problem[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The containers the structured formats accept around tickets: a single
 * ticket, a list of tickets, or `{ tickets: [...] }`; and, when `wrapperKey`
 * is set, a ticket wrapped in that key (a senior model asked for "one YAML
 * block named JuniorSpec" often writes `JuniorSpec:` at the top).
 */
export function findTicketEntries(
  value: unknown,
  path: PropertyKey[],
  where: (path: readonly PropertyKey[]) => string | null,
  wrapperKey?: string,
): FoundEntries {
  if (value === null || value === undefined) return { entries: [], problems: [] };

  if (Array.isArray(value)) {
    return { entries: value.map((item, i) => unwrap(item, [...path, i], wrapperKey)), problems: [] };
  }

  if (isObject(value)) {
    if (wrapperKey !== undefined && wrapperKey in value) {
      return findTicketEntries(value[wrapperKey], [...path, wrapperKey], where, wrapperKey);
    }
    if ("tickets" in value) {
      const list = value.tickets;
      if (Array.isArray(list)) return findTicketEntries(list, [...path, "tickets"], where, wrapperKey);
      return {
        entries: [],
        problems: [{ field: where([...path, "tickets"]), problem: `expected a list of tickets, got ${describeValue(list)}` }],
      };
    }
    return { entries: [{ value, path }], problems: [] };
  }

  return {
    entries: [],
    problems: [
      {
        field: where(path),
        problem: `expected a ticket (an object), a list of tickets or { tickets: [...] }, got ${describeValue(value)}`,
      },
    ],
  };
}

/** A list item may itself be wrapped (`- JuniorSpec: {...}`). */
function unwrap(item: unknown, path: PropertyKey[], wrapperKey: string | undefined): TicketEntry {
  if (wrapperKey !== undefined && isObject(item) && wrapperKey in item) {
    return { value: item[wrapperKey], path: [...path, wrapperKey] };
  }
  return { value: item, path };
}
