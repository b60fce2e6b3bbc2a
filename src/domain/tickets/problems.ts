import { InputError } from "../errors.js";

/**
 * One thing wrong with a ticket file. Parsers collect every problem they can
 * find before throwing, so a user fixes a file in one pass, not one error per
 * run.
 */
export interface Problem {
  /** Where, in the user's own terms: `tickets[1].owner (line 14)`, `line 12`; null for the whole file. */
  field: string | null;
  /** What was expected and what was found. */
  problem: string;
}

/** Maps a path inside a ticket to the field name shown to the user, or null when it is the whole file. */
export type Locate = (path: readonly PropertyKey[]) => string | null;

/** More than this and the list stops helping; the rest are counted. */
const MAX_LISTED = 20;

/** One InputError for a file: a single problem reads as one line, several as a list. */
export function inputErrorFor(fileName: string, problems: readonly Problem[]): InputError {
  const [first] = problems;
  if (!first) throw new Error("inputErrorFor needs at least one problem");
  if (problems.length === 1) return new InputError(fileName, first.field, first.problem);
  const listed = problems
    .slice(0, MAX_LISTED)
    .map((p) => `  - ${p.field ? `${p.field}: ` : ""}${p.problem}`);
  if (problems.length > MAX_LISTED) listed.push(`  - …and ${problems.length - MAX_LISTED} more`);
  return new InputError(fileName, null, `${problems.length} problems:\n${listed.join("\n")}`);
}

/** Throws the collected problems, if any. */
export function throwIfProblems(fileName: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw inputErrorFor(fileName, problems);
}

const MAX_QUOTED = 60;

/** How a value the user wrote is shown after "got": short, and unambiguous about its type. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") {
    const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `${value}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list`;
  if (typeof value === "object") return "an object";
  return typeof value;
}

/** `"a", "b" or "c"`: the form every "expected one of" message uses. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
