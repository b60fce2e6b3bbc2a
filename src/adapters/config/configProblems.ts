import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { InputError } from "../../domain/errors.js";

/**
 * Every problem of a settings file at once, each in plain words: the key in
 * dotted form with indexes (`worker.routes[0].kind`), its line, what was
 * expected (read off the schema, so it never drifts from it), what was there,
 * and what to do — instead of the first of the schema library's own messages.
 */

export interface ConfigProblem {
  /** `worker.routes[0].kind`; null for the file as a whole or its top level. */
  field: string | null;
  /** 1-based, when the YAML parser could tell. */
  line: number | null;
  /** What is wrong, without the line. */
  what: string;
  /** What to do. */
  todo: string;
}

/** A settings file with one or more problems; still an InputError (exit 2) for whoever catches those. */
export class ConfigError extends InputError {
  constructor(
    readonly displayName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(displayName, problems[0]?.field ?? null, problems[0] ? problemText(problems[0]) : "is not valid");
    this.name = "ConfigError";
    if (problems.length > 1) {
      this.message = `${displayName} has ${problems.length} problems:\n${problems.map((p) => `  ${formatProblem(displayName, p)}`).join("\n")}`;
    }
  }
}

/** `.haco/config.yaml: worker.lookAhead: expected …, got 5 (line 7) — set …`. */
export function formatProblem(file: string, problem: ConfigProblem): string {
  return `${file}: ${problem.field ? `${problem.field}: ` : ""}${problemText(problem)}`;
}

function problemText(problem: ConfigProblem): string {
  return `${problem.what}${problem.line !== null ? ` (line ${problem.line})` : ""} — ${problem.todo}`;
}

/** A parsed settings file: its plain value, and where each key is. */
export interface ConfigSource {
  raw: unknown;
  /** The line of the value at `path`, or of its nearest ancestor that is in the file. */
  lineOf(path: readonly PropertyKey[]): number | null;
  /** The line of `key` inside the mapping at `path`. */
  lineOfKey(path: readonly PropertyKey[], key: string): number | null;
}

/** Parses YAML, throwing a ConfigError listing every syntax error (with its line and column). */
export function parseConfigYaml(text: string, displayName: string): ConfigSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      displayName,
      doc.errors.map((err) => {
        const at = lineCounter.linePos(err.pos[0]);
        return { field: null, line: null, what: `is not valid YAML: ${firstLine(err.message)} (line ${at.line}, column ${at.col})`, todo: "fix the syntax there" };
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS() ?? {};
  } catch (err) {
    throw new ConfigError(displayName, [{ field: null, line: null, what: `is not valid YAML: ${firstLine((err as Error).message)}`, todo: "fix the syntax" }]);
  }
  return {
    raw,
    lineOf: (path) => lineOf(doc, lineCounter, path),
    lineOfKey: (path, key) => {
      const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
      if (!isMap(map)) return null;
      const pair = map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      return range ? lineCounter.linePos(range[0]).line : lineOf(doc, lineCounter, path);
    },
  };
}

function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return null;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

/** `worker.routes[0].kind`. */
export function fieldName(path: readonly PropertyKey[]): string | null {
  let name = "";
  for (const part of path) name += typeof part === "number" ? `[${part}]` : `${name ? "." : ""}${String(part)}`;
  return name || null;
}

const README = 'see "Configuration" in README.md';

/** Each schema issue as a ConfigProblem, in the order of the file's lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, source: ConfigSource): ConfigProblem[] {
  const problems = issues.flatMap((issue) => describeIssue(issue, schema, source));
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, source: ConfigSource): ConfigProblem[] {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const known = objectKeys(schemaAt(schema, path));
    const there = known.length > 0 ? `; the settings there are ${known.join(", ")}` : "";
    return issue.keys.map((key) => ({
      field: fieldName(path),
      line: source.lineOfKey(path, key),
      what: `unknown setting "${key}"`,
      todo: `remove it or check the spelling${there}`,
    }));
  }
  const field = fieldName(path);
  const line = source.lineOf(path);
  const value = valueAt(source.raw, path);
  if (field === "worker.lookAhead" && issue.code === "too_big") return [lookAheadProblem(source.raw, value, line)];
  const expected = describeSchema(schemaAt(schema, path)) ?? fallbackExpectation(issue);
  if (value === undefined) {
    return [{ field, line, what: `is missing; expected ${expected}`, todo: `add it (${README})` }];
  }
  return [{ field, line, what: `expected ${expected}, got ${describeValue(value)}`, todo: `fix the value (${README})` }];
}

/**
 * worker.lookAhead's real limit is one less than the endpoints (the run
 * uses no more than that); the schema's 4 is only the ceiling.
 */
function lookAheadProblem(raw: unknown, value: unknown, line: number | null): ConfigProblem {
  const endpoints = valueAt(raw, ["worker", "endpoints"]);
  const count = Array.isArray(endpoints) ? endpoints.length : 0;
  const limit = count >= 2 ? Math.min(4, count - 1) : 4;
  const why =
    count >= 2
      ? `one less than the ${count} endpoints listed (and never more than 4)`
      : `it is used only with two or more worker.endpoints, up to one less than their number`;
  return {
    field: "worker.lookAhead",
    line,
    what: `expected a whole number from 0 to ${limit} — ${why} — got ${describeValue(value)}`,
    todo: `set worker.lookAhead to ${limit} or less (${README})`,
  };
}

/** The schema's own words when it cannot be walked to: still better than nothing. */
function fallbackExpectation(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value") return `one of ${issue.values.map(String).join("|")}`;
  if (issue.code === "invalid_type") return plainType(issue.expected);
  return issue.message;
}

function plainType(type: string): string {
  switch (type) {
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "string":
      return "text";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "settings (key: value lines)";
    default:
      return type;
  }
}

/** The value at `path` in the parsed file (undefined when it is not there). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** What was there, short: a long text may be a key pasted in the wrong place, so it is not quoted. */
function describeValue(value: unknown): string {
  if (value === null) return "nothing";
  if (typeof value === "string") return value.length <= 40 ? JSON.stringify(value) : `a text of ${value.length} characters`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "settings (key: value lines)";
  return String(value);
}

// The schema is walked through zod's definitions (`def`), which are its public description of itself.
interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  entries?: Record<string, string | number>;
  checks?: { _zod: { def: { check: string; value?: unknown; inclusive?: boolean; format?: string; minimum?: number } } }[];
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { def: SchemaDef }).def;
}

/** Optional, default, nullable and friends wrap the schema that says what is expected. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let i = 0; current && i < 10; i++) {
    const inner = defOf(current).innerType;
    if (!inner) break;
    current = inner;
  }
  return current;
}

function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const part of path) {
    const def: SchemaDef | undefined = unwrap(current) && defOf(unwrap(current)!);
    if (!def) return undefined;
    current = def.type === "object" && typeof part === "string" ? def.shape?.[part] : def.type === "array" ? def.element : undefined;
  }
  return current;
}

function objectKeys(schema: z.ZodType | undefined): string[] {
  const inner = unwrap(schema);
  const def = inner && defOf(inner);
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** What a schema accepts, in words: "a whole number from 0 to 4", "one of code|test|refactor|doc". */
export function describeSchema(schema: z.ZodType | undefined): string | null {
  const inner = unwrap(schema);
  if (!inner) return null;
  const def = defOf(inner);
  switch (def.type) {
    case "number":
      return describeNumber(def);
    case "string":
      return (def.checks ?? []).some((c) => c._zod.def.check === "min_length" && (c._zod.def.minimum ?? 0) > 0) ? "non-empty text" : "text";
    case "boolean":
      return "true or false";
    case "enum":
      return `one of ${Object.values(def.entries ?? {}).join("|")}`;
    case "array": {
      const element = describeSchema(def.element);
      return element ? `a list of ${element}` : "a list";
    }
    case "object":
      return `settings (${Object.keys(def.shape ?? {}).join(", ")})`;
    default:
      return null;
  }
}

function describeNumber(def: SchemaDef): string {
  let whole = false;
  let min: { value: number; inclusive: boolean } | null = null;
  let max: { value: number; inclusive: boolean } | null = null;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === "number_format" && (c.format === "safeint" || c.format === "int32" || c.format === "int64")) whole = true;
    if (c.check === "greater_than" && typeof c.value === "number") min = { value: c.value, inclusive: c.inclusive ?? false };
    if (c.check === "less_than" && typeof c.value === "number") max = { value: c.value, inclusive: c.inclusive ?? false };
  }
  const base = whole ? "a whole number" : "a number";
  if (min?.inclusive && max?.inclusive) return `${base} from ${min.value} to ${max.value}`;
  const parts = [
    min ? (min.inclusive ? `of at least ${min.value}` : `above ${min.value}`) : null,
    max ? (max.inclusive ? `of at most ${max.value}` : `below ${max.value}`) : null,
  ].filter((p): p is string => p !== null);
  return [base, ...parts].join(" ");
}
