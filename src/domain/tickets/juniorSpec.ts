import { LineCounter, parseAllDocuments, type Document, type YAMLError } from "yaml";
import { InputError } from "../errors.js";
import { fieldWithLine } from "./fieldPath.js";
import { finaliseTickets, type TicketDraft, type TicketDraftInput } from "./finaliseTickets.js";
import { juniorSpecConstraints, juniorSpecDescription } from "./juniorSpecText.js";
import { juniorSpecSchema, type JuniorSpec } from "./juniorSpecSchema.js";
import { throwIfProblems, type Locate, type Problem } from "./problems.js";
import { draftsFromEntries, renamePath, stripBom } from "./structuredTickets.js";
import type { LoadedTicket } from "./ticket.js";
import { findTicketEntries } from "./ticketEntries.js";
import { yamlLineFinder } from "./yamlLines.js";

/**
 * JuniorSpec YAML (seed 000) and haco's own `.haco/plan.yaml`: one ticket, a
 * ticket wrapped in `JuniorSpec:`, several documents separated by `---`, or a
 * `tickets:` list. Pure: text in, tickets out.
 */

const EMPTY_HINT =
  'expected a JuniorSpec (a YAML object with at least a title), several separated by "---", or a "tickets:" list';

/** Normalised field → the JuniorSpec key the user wrote. */
const SOURCE_NAMES = {
  testCommand: "test_command",
  contextFiles: "context_files",
  acceptanceCriteria: "acceptance_criteria",
  steps: "step_by_step_for_junior",
  codeContext: "code_context",
};

function toDraft(spec: JuniorSpec, locate: Locate): TicketDraft {
  const input: TicketDraftInput = {
    id: spec.id,
    title: spec.title,
    description: juniorSpecDescription(spec),
    owner: spec.owner,
    kind: spec.kind,
    files: (spec.files ?? []).map((f) => ({
      path: f.path,
      intent: f.intent,
      intentStated: f.intent !== undefined,
      anchors: f.anchors,
      outline: f.outline,
      codeContext: f.code_context,
    })),
    contextFiles: spec.context_files,
    acceptanceCriteria: spec.acceptance_criteria,
    constraints: juniorSpecConstraints(spec),
    steps: spec.step_by_step_for_junior,
    testCommand: spec.test_command,
  };
  return { input, locate: (path) => locate(renamePath(path, SOURCE_NAMES)) };
}

/**
 * A senior model's answer pasted as-is is often still inside a ```yaml fence.
 * Blank the fence lines rather than cutting them, so line numbers in errors
 * still match the file.
 */
function unfence(text: string): string {
  const lines = text.split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  let last = lines.length - 1;
  while (last > first && lines[last]!.trim() === "") last--;
  if (first < 0 || first >= last) return text;
  if (!/^\s*```\s*(ya?ml)?\s*$/i.test(lines[first]!) || !/^\s*```\s*$/.test(lines[last]!)) return text;
  lines[first] = "";
  lines[last] = "";
  return lines.join("\n");
}

/** The yaml library's message is "<what> at line L, column C:\n\n<snippet>"; keep the what and the snippet. */
function syntaxProblem(error: YAMLError): Problem {
  const pos = error.linePos?.[0];
  const [head = "", ...rest] = error.message.split("\n");
  const what = head.replace(/ at line \d+, column \d+:?$/, "");
  const snippet = rest.filter((line) => line.trim() !== "").map((line) => `  ${line}`);
  return {
    field: pos ? `line ${pos.line}, column ${pos.col}` : null,
    problem: [`invalid YAML: ${what}`, ...snippet].join("\n"),
  };
}

/** toJS only throws for alias bombs (thousands of `*ref` expansions); say so instead of crashing. */
function documentValue(doc: Document, fileName: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (error) {
    throw new InputError(fileName, null, `cannot read the YAML: ${(error as Error).message}`);
  }
}

export function parseJuniorSpec(text: string, fileName: string): LoadedTicket[] {
  const source = unfence(stripBom(text));
  if (source.trim() === "") throw new InputError(fileName, null, `the file is empty; ${EMPTY_HINT}`);

  const lineCounter = new LineCounter();
  const documents = Array.from(parseAllDocuments(source, { lineCounter, prettyErrors: true }));
  // Later YAML errors are usually echoes of the first one: report just that.
  const firstError = documents.flatMap((doc) => doc.errors)[0];
  if (firstError) {
    const { field, problem } = syntaxProblem(firstError);
    throw new InputError(fileName, field, problem);
  }

  const filled = documents
    .map((doc) => ({ doc, value: documentValue(doc, fileName) }))
    .filter(({ value }) => value !== null && value !== undefined);

  const problems: Problem[] = [];
  const drafts: TicketDraft[] = [];
  filled.forEach(({ doc, value }, index) => {
    const lineOf = yamlLineFinder(doc, lineCounter);
    // With several documents, say which one; a single document needs no prefix.
    const prefix = filled.length > 1 ? ["documents", index] : [];
    const where: Locate = (path) => fieldWithLine([...prefix, ...path], lineOf(path));
    const found = findTicketEntries(value, [], where, "JuniorSpec");
    problems.push(...found.problems);
    const mapped = draftsFromEntries(found.entries, juniorSpecSchema, where, (spec, locate) => ({
      draft: toDraft(spec, locate),
    }));
    problems.push(...mapped.problems);
    drafts.push(...mapped.drafts);
  });

  throwIfProblems(fileName, problems);
  return finaliseTickets(fileName, "juniorspec", drafts, EMPTY_HINT);
}
