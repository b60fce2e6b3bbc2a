/**
 * Reviews of a chosen size made the way a real one is: files with a line
 * changed every tenth line, so that each change is its own hunk (changes
 * more than 6 lines apart are not merged), and hunks from the edit
 * engine's own makeHunks.
 */

import type { FileChange } from "../../src/domain/edits/types.js";
import { makeHunks } from "../../src/domain/edits/makeHunks.js";

/** Lines between two changed lines: far enough apart for one hunk each. */
const SPACING = 10;

export function reviewChanges(hunks: number, files: number): FileChange[] {
  let id = 0;
  const nextId = (): string => `h${++id}`;
  const changes: FileChange[] = [];
  for (let f = 0; f < files; f++) {
    // Spread the hunks as evenly as they go; the first files take the remainder.
    const count = Math.floor(hunks / files) + (f < hunks % files ? 1 : 0);
    const before: string[] = [];
    const after: string[] = [];
    for (let i = 0; i < count * SPACING; i++) {
      const line = `const value${i} = compute(${i});`;
      before.push(line);
      after.push(i % SPACING === SPACING / 2 ? `${line} // changed` : line);
    }
    const path = `src/module${f}.ts`;
    const b = before.join("\n") + "\n";
    const a = after.join("\n") + "\n";
    changes.push({ path, kind: "edit", before: b, after: a, hunks: makeHunks(path, b, a, nextId) });
  }
  return changes;
}
