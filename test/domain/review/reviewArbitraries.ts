/**
 * Random files and their true changes for the reviewer's property tests.
 * Lines come from a small pool so that changes fall close together and
 * hunks hold several runs of changes, which is what `split` works on.
 */

import fc from "fast-check";
import type { FileChange } from "../../../src/domain/edits/index.js";
import { changeOf, idCounter } from "./reviewHelpers.js";

const line = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", "c", "}", "", "return x;") },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 99 }).map((n) => `line ${n}`) },
);
const editOp = fc.record({
  kind: fc.constantFrom("replace", "insert", "delete"),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 3 }),
  text: fc.array(line, { minLength: 1, maxLength: 3 }),
});
type EditOp = { kind: "replace" | "insert" | "delete"; at: number; length: number; text: string[] };

function applyOps(start: readonly string[], ops: readonly EditOp[]): string[] {
  const out = [...start];
  for (const op of ops) {
    const at = out.length === 0 ? 0 : op.at % (out.length + (op.kind === "insert" ? 1 : 0));
    if (op.kind === "insert") out.splice(at, 0, ...op.text);
    else if (op.kind === "delete") out.splice(at, op.length);
    else out.splice(at, op.length, ...op.text);
  }
  return out;
}

function content(ls: readonly string[], eol: string, finalNewline: boolean): string {
  return ls.length === 0 ? "" : ls.join(eol) + (finalNewline ? eol : "");
}

export interface FileSpec {
  path: string;
  before: string | null;
  after: string | null;
}

const fileSpec = (path: string): fc.Arbitrary<FileSpec> =>
  fc
    .record({
      kind: fc.constantFrom("edit", "edit", "edit", "edit", "edit", "create", "delete"),
      lines: fc.array(line, { maxLength: 40 }),
      ops: fc.array(editOp, { minLength: 1, maxLength: 8 }),
      finalNewline: fc.boolean(),
      flipFinalNewline: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      crlf: fc.boolean(),
    })
    .map(({ kind, lines, ops, finalNewline, flipFinalNewline, crlf }) => {
      const after = applyOps(lines, ops);
      const fnlBefore = lines.length === 0 ? true : finalNewline;
      const fnlAfter = flipFinalNewline ? !fnlBefore : fnlBefore;
      // One terminator per file: the edited lines' terminator is then the file's, whichever hunk it came from.
      const eol = crlf ? "\r\n" : "\n";
      const b = content(lines, eol, fnlBefore);
      const a = content(after, eol, fnlAfter);
      if (kind === "create") return { path, before: null, after: a };
      if (kind === "delete") return { path, before: b, after: null };
      return { path, before: b, after: a };
    })
    .filter((f) => f.before !== f.after);

/** One to three files; some are created or deleted. */
export const files = fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).chain((ns) => fc.tuple(...ns.map((_, i) => fileSpec(`f${i}.txt`))));

export function changesOf(specs: readonly FileSpec[]): FileChange[] {
  const next = idCounter();
  return specs.map((f) => changeOf(f.path, f.before, f.after, next));
}
