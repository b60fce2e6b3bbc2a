import type { z } from "zod";
import { describeValue, orList, type Locate, type Problem } from "./problems.js";

/**
 * zod's own messages ("Invalid input: expected string, received number") are
 * written for developers. These are written for someone editing a ticket file:
 * what was expected, and what they wrote. Every format goes through here, so
 * the same mistake reads the same in YAML, JSON and Markdown.
 */

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object",
};

function expectedName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** A number or boolean where text was expected is almost always an unquoted YAML scalar. */
function quoteHint(expected: string, input: unknown): string {
  if (expected !== "string") return "";
  if (typeof input === "number" || typeof input === "boolean") return ` (put it in quotes: "${String(input)}")`;
  return "";
}

function describeSize(issue: Extract<Issue, { code: "too_small" | "too_big" }>, bound: "least" | "most"): string {
  const limit = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      if (issue.code === "too_small" && limit <= 1) return "expected a non-empty string";
      return `expected a string of at ${bound} ${limit} characters`;
    case "array":
      return `expected a list with at ${bound} ${limit} item${limit === 1 ? "" : "s"}`;
    default:
      if (inclusive) return `expected a number of at ${bound} ${limit}`;
      return `expected a number ${bound === "least" ? "greater" : "less"} than ${limit}`;
  }
}

/**
 * A union failed. If exactly one branch matched the value's shape and failed
 * deeper inside (e.g. the object form of `test_plan` with a bad test), that
 * branch's issues are the useful ones; otherwise the union's own message says
 * which shapes were accepted.
 */
function unionBranch(issue: Extract<Issue, { code: "invalid_union" }>): Issue[] | null {
  const deeper = issue.errors.filter((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
  return deeper.length === 1 ? (deeper[0] ?? null) : null;
}

function problemText(issue: Issue): string {
  const got = `, got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `missing; expected ${expectedName(issue.expected)}`;
      return `expected ${expectedName(issue.expected)}${got}${quoteHint(issue.expected, issue.input)}`;
    case "invalid_value":
      return `expected ${orList(issue.values.map((v) => JSON.stringify(v)))}${got}`;
    case "too_small":
      return `${describeSize(issue, "least")}${got}`;
    case "too_big":
      return `${describeSize(issue, "most")}${got}`;
    case "invalid_format":
      // Our regex checks carry a message written for users (see TICKET_ID_PATTERN).
      return `${issue.message}${got}`;
    case "invalid_union":
      return `${issue.message}${got}`;
    default:
      return issue.message;
  }
}

/** Flattens zod issues into problems located in the user's file. */
export function problemsFromZod(issues: readonly Issue[], locate: Locate, base: readonly PropertyKey[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === "invalid_union") {
      const branch = unionBranch(issue);
      if (branch) {
        problems.push(...problemsFromZod(branch, locate, path));
        continue;
      }
    }
    problems.push({ field: locate(path), problem: problemText(issue) });
  }
  return problems;
}

/** Parse options every ticket validation uses: the offending input is needed for "got …". */
export const REPORT_INPUT = { reportInput: true } as const;
