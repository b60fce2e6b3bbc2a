/** Small builders shared by the proposal tests. */
import { expect } from "vitest";
import {
  applyHunks,
  proposeChanges,
  type ParsedEdit,
  type Proposal,
  type RawHunk,
} from "../../../src/domain/edits/index.js";

export const repo = (files: Record<string, string>) => (p: string): string | null => files[p] ?? null;
export const hunk = (...lines: string[]): RawHunk => ({ header: "@@ ... @@", lines });
export const diff = (path: string, ...hunks: RawHunk[]): ParsedEdit => ({ kind: "udiff", path, isNew: false, isDelete: false, hunks });

/** The content every proposed change writes with all hunks accepted. */
export function written(p: Proposal): Record<string, string | null> {
  return Object.fromEntries(p.changes.map((c) => [c.path, applyHunks(c, new Set(c.hunks.map((h) => h.id)))]));
}

export function applied(edit: ParsedEdit, files: Record<string, string>): string | null {
  const p = proposeChanges([edit], repo(files));
  expect(p.refusals).toEqual([]);
  expect(p.changes).toHaveLength(1);
  return written(p)[edit.path]!;
}

export function refused(
  edits: ParsedEdit[],
  files: Record<string, string>,
): { code: string | undefined; reason: string; file: string | null; hunk: number | undefined }[] {
  const p = proposeChanges(edits, repo(files));
  expect(p.changes).toEqual([]);
  return p.refusals.map((r) => ({ code: r.code, reason: r.reason, file: r.file, hunk: r.hunk }));
}

export const ten = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";
