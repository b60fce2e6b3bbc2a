import type { PlanLine } from "./planMarkdownLines.js";
import type { Problem } from "./problems.js";

/**
 * The `- key: value` lines right under a ticket heading. They are the only
 * part of PLAN.md with a fixed vocabulary, so an unknown key is an error (a
 * typo like `- ownr: worker` must not silently become description text).
 */

export type PlanField = "id" | "owner" | "kind" | "files" | "context" | "test";

/** Accepted spellings, after lower-casing and turning `_`/`-` into spaces. */
const FIELD_NAMES: Readonly<Record<string, PlanField>> = {
  id: "id",
  owner: "owner",
  kind: "kind",
  files: "files",
  file: "files",
  targets: "files",
  "file targets": "files",
  "target files": "files",
  context: "context",
  "context files": "context",
  test: "test",
  tests: "test",
  "test command": "test",
  verify: "test",
};

export const KNOWN_FIELDS = "id, owner, kind, files, context, test";

/** Fields whose value is a list: they may continue on indented `- item` lines. */
const LIST_FIELDS: ReadonlySet<PlanField> = new Set(["files", "context", "test"]);

export interface PlanItem {
  text: string;
  line: number;
}

export interface PlanFieldEntry {
  field: PlanField;
  line: number;
  /** The value after the colon and the indented items under it, in order. */
  items: PlanItem[];
}

export interface FieldBlock {
  fields: Map<PlanField, PlanFieldEntry>;
  /** Index (into the body lines) of the first line after the block. */
  end: number;
  problems: Problem[];
}

interface FieldLine {
  dashed: boolean;
  key: string;
  value: string;
}

// `- key: value`, `key: value`, `- **key**: value`; a key is at most three words.
const FIELD_LINE =
  /^\s*(?:([-*+])\s+)?(?:\*\*|__)?([A-Za-z][\w-]*(?: [\w-]+){0,2})(?:\*\*|__)?\s*:(?:\*\*|__)?(?:\s+(.*?))?\s*$/;
const SUB_ITEM = /^\s+[-*+]\s+(.*?)\s*$/;

function parseFieldLine(line: PlanLine): FieldLine | null {
  if (line.code) return null;
  const match = FIELD_LINE.exec(line.text);
  if (!match) return null;
  return { dashed: match[1] !== undefined, key: match[2]!, value: match[3] ?? "" };
}

export function fieldNameOf(key: string): PlanField | undefined {
  return FIELD_NAMES[key.toLowerCase().replace(/[_-]+/g, " ").trim()];
}

const isBlank = (line: PlanLine | undefined) => line !== undefined && !line.code && line.text.trim() === "";

function nextNonBlank(lines: readonly PlanLine[], from: number): number {
  let i = from;
  while (isBlank(lines[i])) i++;
  return i;
}

/**
 * Whether the first block under the heading is meant as fields. A dashed
 * `- key: value` line always is. Undashed `key: value` lines are only taken as
 * fields when the whole block is such lines and one key is known, so prose
 * like "Goal: make slugs stable" stays description.
 */
function startsFieldBlock(lines: readonly PlanLine[], start: number): boolean {
  const first = lines[start] && parseFieldLine(lines[start]);
  if (!first) return false;
  if (first.dashed) return true;
  let knownKey = false;
  for (let i = start; i < lines.length && !isBlank(lines[i]); i++) {
    const line = lines[i]!;
    if (SUB_ITEM.test(line.text) && !line.code) continue;
    const parsed = parseFieldLine(line);
    if (!parsed) return false;
    if (fieldNameOf(parsed.key)) knownKey = true;
  }
  return knownKey;
}

/** A list field's inline value is comma-separated; a test command is one command. */
function inlineItems(field: PlanField, value: string, line: number): PlanItem[] {
  if (value.trim() === "") return [];
  if (field === "files" || field === "context") {
    return value
      .split(",")
      .map((text) => ({ text: text.trim(), line }))
      .filter((item) => item.text !== "");
  }
  return [{ text: value.trim(), line }];
}

export function readFieldBlock(lines: readonly PlanLine[]): FieldBlock {
  const block: FieldBlock = { fields: new Map(), end: 0, problems: [] };
  const start = nextNonBlank(lines, 0);
  if (!startsFieldBlock(lines, start)) return block;

  // In a dashed block an undashed "Note: …" line is prose that follows the fields, not a bad field.
  const dashed = parseFieldLine(lines[start]!)!.dashed;
  let current: PlanFieldEntry | null = null;
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      // Loose lists (blank lines between fields) are common; carry on only if a known field follows.
      const next = nextNonBlank(lines, i);
      const parsed = lines[next] && parseFieldLine(lines[next]);
      if (!parsed || !fieldNameOf(parsed.key)) break;
      i = next;
      continue;
    }
    const sub = line.code ? null : SUB_ITEM.exec(line.text);
    if (sub && current && LIST_FIELDS.has(current.field)) {
      current.items.push({ text: sub[1]!, line: line.number });
      i++;
      continue;
    }
    const parsed = parseFieldLine(line);
    if (!parsed) break;
    const field = fieldNameOf(parsed.key);
    if (!field && dashed && !parsed.dashed) break;
    if (!field) {
      block.problems.push({
        field: `line ${line.number}`,
        problem: `unknown field "${parsed.key}"; known fields: ${KNOWN_FIELDS}`,
      });
      current = null;
    } else if (block.fields.has(field)) {
      block.problems.push({
        field: `line ${line.number}`,
        problem: `"${parsed.key}" is given twice (first on line ${block.fields.get(field)!.line}); keep one`,
      });
      current = null;
    } else {
      current = { field, line: line.number, items: inlineItems(field, parsed.value, line.number) };
      block.fields.set(field, current);
    }
    i++;
  }
  block.end = i;
  return block;
}
