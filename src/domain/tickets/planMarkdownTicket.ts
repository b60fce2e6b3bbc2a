import type { TicketDraft, TicketDraftInput } from "./finaliseTickets.js";
import { readFieldBlock, type PlanField, type PlanItem } from "./planMarkdownFields.js";
import { parseTicketHeading } from "./planMarkdownHeading.js";
import type { PlanLine } from "./planMarkdownLines.js";
import { listItems, splitSections, testCommands, type SectionKind } from "./planMarkdownSections.js";
import { descriptionOf, fileOf, unquoteCode } from "./planMarkdownValues.js";
import type { Locate, Problem } from "./problems.js";

/** One `## ` ticket of a PLAN.md: its heading line and the lines under it. */
export interface PlanTicketBlock {
  heading: PlanLine;
  /** Heading text without the `## `. */
  headingText: string;
  body: PlanLine[];
}

/** What an error calls each normalised field, in PLAN.md's own words. */
const SHOWN_AS: Readonly<Record<string, string>> = {
  contextFiles: "context",
  testCommand: "test",
  acceptanceCriteria: "acceptance criteria",
};

/**
 * One ticket of a PLAN.md, mapped onto the normalised fields: the heading
 * gives id and title, the field block and `### ` sections the rest, and every
 * value remembers its line so that errors can point at it.
 */
export function readPlanTicket(block: PlanTicketBlock, problems: Problem[]): TicketDraft {
  const heading = parseTicketHeading(block.headingText);
  const headingLine = block.heading.number;
  const fieldBlock = readFieldBlock(block.body);
  problems.push(...fieldBlock.problems);
  const { description, sections } = splitSections(block.body.slice(fieldBlock.end), problems);

  /** Line of each normalised path ("owner", "files.1"), for error messages. */
  const lineOf = new Map<string, number>([["title", headingLine]]);
  const collect = (key: string, fieldItems: readonly PlanItem[], kinds: readonly SectionKind[]): PlanItem[] => {
    const items = [...fieldItems];
    for (const section of sections.filter((s) => kinds.includes(s.kind))) {
      if (!lineOf.has(key)) lineOf.set(key, section.line);
      items.push(...(section.kind === "test" ? testCommands(section.lines) : listItems(section.lines)));
    }
    items.forEach((item, i) => lineOf.set(`${key}.${i}`, item.line));
    return items;
  };
  const field = (name: PlanField, key: string) => {
    const entry = fieldBlock.fields.get(name);
    if (entry) lineOf.set(key, entry.line);
    return entry;
  };

  const idField = field("id", "id");
  const fieldId = idField && unquoteCode(idField.items[0]?.text ?? "");
  if (idField && heading.id !== undefined && fieldId !== heading.id) {
    problems.push({
      field: `line ${idField.line} (id)`,
      problem: `id "${fieldId}" differs from "${heading.id}" in the heading on line ${headingLine}; keep one`,
    });
  }
  if (heading.id !== undefined) lineOf.set("id", headingLine);

  const owner = field("owner", "owner");
  const kind = field("kind", "kind");
  const files = collect("files", field("files", "files")?.items ?? [], ["files"]);
  const context = collect("contextFiles", field("context", "contextFiles")?.items ?? [], ["context"]);
  const tests = collect("testCommand", field("test", "testCommand")?.items ?? [], ["test"]);

  const input: TicketDraftInput = {
    id: heading.id ?? fieldId,
    title: heading.title,
    description: descriptionOf(description),
    owner: owner && unquoteCode(owner.items[0]?.text ?? ""),
    kind: kind && unquoteCode(kind.items[0]?.text ?? ""),
    files: files.map((item) => fileOf(item.text)),
    contextFiles: context.map((item) => unquoteCode(item.text)),
    acceptanceCriteria: collect("acceptanceCriteria", [], ["acceptanceCriteria"]).map((i) => i.text),
    constraints: collect("constraints", [], ["constraints"]).map((i) => i.text),
    steps: collect("steps", [], ["steps"]).map((i) => i.text),
    testCommand: tests.length > 0 ? tests.map((item) => unquoteCode(item.text)).join(" && ") : undefined,
  };

  const locate: Locate = (path) => {
    const [head, index] = path;
    if (head === undefined) return `line ${headingLine}`;
    const key = String(head);
    const line = (index !== undefined ? lineOf.get(`${key}.${String(index)}`) : undefined) ?? lineOf.get(key) ?? headingLine;
    return `line ${line} (${SHOWN_AS[key] ?? key})`;
  };
  return { input, locate };
}
