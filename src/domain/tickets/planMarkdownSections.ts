import type { PlanItem } from "./planMarkdownFields.js";
import { looksLikeTicketHeading } from "./planMarkdownHeading.js";
import { isThematicBreak, type PlanLine } from "./planMarkdownLines.js";
import type { Problem } from "./problems.js";

/**
 * `### ` subsections of a ticket that carry structure. Any other `### `
 * subsection (Notes, Background, …) is part of the description.
 */
export type SectionKind = "acceptanceCriteria" | "constraints" | "steps" | "test" | "files" | "context";

const SECTION_NAMES: Readonly<Record<string, SectionKind>> = {
  "acceptance criteria": "acceptanceCriteria",
  acceptance: "acceptanceCriteria",
  "done when": "acceptanceCriteria",
  "definition of done": "acceptanceCriteria",
  "success criteria": "acceptanceCriteria",
  criteria: "acceptanceCriteria",
  constraints: "constraints",
  rules: "constraints",
  limits: "constraints",
  steps: "steps",
  "step by step": "steps",
  "implementation steps": "steps",
  "implementation plan": "steps",
  plan: "steps",
  "test command": "test",
  "test commands": "test",
  verify: "test",
  verification: "test",
  files: "files",
  "file targets": "files",
  "target files": "files",
  "context files": "context",
};

/** `Acceptance Criteria:` → `acceptance criteria`. */
function normaliseName(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[*_`]/g, " ")
    .replace(/[:.]+\s*$/, "")
    .replace(/[\s-]+/g, " ")
    .trim();
}

export function sectionKindOf(heading: string): SectionKind | null {
  return SECTION_NAMES[normaliseName(heading)] ?? null;
}

const LIST_MARKER = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/;
const CHECKBOX = /^\[[ xX]\](?:\s+|$)/;

interface OpenItem extends PlanItem {
  /** Whether the last line added was prose, so the next prose line joins it with a space. */
  prose: boolean;
}

/**
 * The items of a list section. Each top-level `-`, `*` or `1.` item is one
 * entry (checkboxes removed); wrapped lines join it, nested bullets and
 * fenced code stay inside it on their own lines. Prose outside a list counts
 * as an item, so "### Done when" followed by one sentence works too.
 */
export function listItems(lines: readonly PlanLine[]): PlanItem[] {
  const items: OpenItem[] = [];
  let baseIndent: number | null = null;
  let afterBlank = false;
  const current = () => items[items.length - 1];
  const start = (text: string, line: number) => items.push({ text, line, prose: true });
  const append = (text: string, prose: boolean) => {
    const item = current()!;
    item.text = item.prose && prose ? `${item.text} ${text}` : `${item.text}\n${text}`;
    item.prose = prose;
  };

  for (const line of lines) {
    if (isThematicBreak(line)) continue;
    if (line.code) {
      if (!current()) start("", line.number);
      append(line.text.trimEnd(), false);
      afterBlank = false;
      continue;
    }
    if (line.text.trim() === "") {
      afterBlank = true;
      if (current()) current()!.prose = false;
      continue;
    }
    const marker = LIST_MARKER.exec(line.text);
    const indent = marker?.[1]!.length ?? 0;
    if (marker && (baseIndent === null || indent <= baseIndent || !current())) {
      baseIndent ??= indent;
      start(marker[2]!.replace(CHECKBOX, "").trim(), line.number);
    } else if (marker) {
      append(line.text.trim(), false);
    } else if (current() && (!afterBlank || /^\s/.test(line.text))) {
      append(line.text.trim(), true);
    } else {
      start(line.text.trim(), line.number);
    }
    afterBlank = false;
  }
  return items
    .map(({ text, line }) => ({ text: text.trim(), line }))
    .filter((item) => item.text !== "");
}

/**
 * The commands of a "### Test command" section: the lines of its code block
 * if it has one (shell comments and `$ ` prompts dropped), else its items.
 */
export function testCommands(lines: readonly PlanLine[]): PlanItem[] {
  const code = lines
    .filter((line) => line.code && !/^\s*(`{3,}|~{3,})/.test(line.text))
    .map((line) => ({ text: line.text.trim().replace(/^\$\s+/, ""), line: line.number }))
    .filter((item) => item.text !== "" && !item.text.startsWith("#"));
  if (code.length > 0) return code;
  return listItems(lines);
}

const H3 = /^ {0,3}###(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/** A `### T-002: …` heading would silently become description or be ignored: say so instead. */
export function strayTicketHeading(line: PlanLine): Problem | null {
  const h3 = line.code ? null : H3.exec(line.text);
  const name = (h3?.[1] ?? "").trim();
  if (!h3 || !looksLikeTicketHeading(name)) return null;
  return {
    field: `line ${line.number}`,
    problem: `"### ${name}" looks like a ticket heading, but tickets start with "## "; use "## ${name}"`,
  };
}

export interface Section {
  kind: SectionKind;
  line: number;
  lines: PlanLine[];
}

/** Splits the lines after the field block into description and known `### ` sections. */
export function splitSections(
  lines: readonly PlanLine[],
  problems: Problem[],
): { description: PlanLine[]; sections: Section[] } {
  const description: PlanLine[] = [];
  const sections: Section[] = [];
  let target: Section | null = null;
  for (const line of lines) {
    const h3 = line.code ? null : H3.exec(line.text);
    if (h3) {
      const name = (h3[1] ?? "").trim();
      const stray = strayTicketHeading(line);
      if (stray) problems.push(stray);
      const kind = sectionKindOf(name);
      target = kind ? { kind, line: line.number, lines: [] } : null;
      if (target) sections.push(target);
      else description.push(line);
      continue;
    }
    (target ? target.lines : description).push(line);
  }
  return { description, sections };
}
