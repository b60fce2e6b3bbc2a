/** Builders shared by the reviewer's tests: true changes made by the edit engine's own makeHunks. */
import type { FileChange } from "../../../src/domain/edits/index.js";
import { makeHunks } from "../../../src/domain/edits/makeHunks.js";
import {
  createReviewState,
  reviewReducer,
  type ReviewAction,
  type ReviewState,
} from "../../../src/domain/review/index.js";

/** Hands out "h1", "h2", … across the files of one review, as proposeChanges does. */
export function idCounter(): () => string {
  let n = 0;
  return () => `h${++n}`;
}

export function changeOf(path: string, before: string | null, after: string | null, nextId: () => string): FileChange {
  const kind = before === null ? "create" : after === null ? "delete" : "edit";
  return { path, kind, before, after, hunks: makeHunks(path, before, after, nextId) };
}

/** "line 1\n" … "line n\n". */
export const numbered = (n: number, eol = "\n"): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${eol}`).join("");

/**
 * `count` lines, with the lines listed in `changed` (1-based) rewritten: far
 * apart (more than 6 lines) they make separate hunks, close together one
 * hunk with several runs of changes.
 */
export function fileWithChanges(count: number, changed: readonly number[], eol = "\n"): { before: string; after: string } {
  const before = numbered(count, eol);
  const lines = before.split(eol).slice(0, count);
  const after = lines.map((l, i) => (changed.includes(i + 1) ? `${l} changed` : l)).join(eol) + eol;
  return { before, after };
}

/** A review of two files: a.ts with 3 hunks, b.ts with 2. */
export function twoFiles(): { changes: FileChange[]; state: ReviewState } {
  const next = idCounter();
  const a = fileWithChanges(60, [5, 25, 45]);
  const b = fileWithChanges(40, [5, 30]);
  const changes = [changeOf("a.ts", a.before, a.after, next), changeOf("b.ts", b.before, b.after, next)];
  return { changes, state: createReviewState(changes) };
}

export function press(state: ReviewState, ...actions: (ReviewAction | ReviewAction["type"])[]): ReviewState {
  return actions.reduce<ReviewState>(
    (s, a) => reviewReducer(s, typeof a === "string" ? ({ type: a } as ReviewAction) : a),
    state,
  );
}
