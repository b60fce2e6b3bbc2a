import { createTwoFilesPatch } from "diff";
import { describe, expect, it } from "vitest";
import { applyHunks, proposeFromAnswer } from "../../../src/domain/edits/index.js";

/** A small deterministic PRNG, so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** Unique lines, so that every hunk has exactly one place. */
function randomFiles(rand: () => number): { before: string; after: string } {
  const eol = rand() < 0.3 ? "\r\n" : "\n";
  const lines = Array.from({ length: 1 + Math.floor(rand() * 30) }, (_, i) => `    unique ${i} ${Math.floor(rand() * 1e6)}`);
  const next = [...lines];
  for (let e = 0; e < 1 + Math.floor(rand() * 5); e++) {
    const at = Math.floor(rand() * (next.length + 1));
    const r = rand();
    if (r < 0.4) next.splice(at, 0, `    added ${e}`);
    else if (r < 0.7 && at < next.length) next.splice(at, 1);
    else if (at < next.length) next[at] = `    changed ${e}`;
  }
  const final = rand() < 0.85;
  const join = (ls: string[], f: boolean): string => (ls.length === 0 ? "" : ls.join(eol) + (f ? eol : ""));
  // Most edits keep the final-newline state; some change it on purpose (the diff then says so).
  return { before: join(lines, final), after: join(next, rand() < 0.9 ? final : !final) };
}

/** How sloppy workers present the same diff. */
function present(rand: () => number, patch: string): string {
  let text = patch.replace(/^@@ .* @@$/gm, () =>
    pick(rand, ["@@ -999,2 +999,7 @@", "@@ ... @@", "@@", `@@ -${Math.floor(rand() * 50)} +1 @@`]),
  );
  if (rand() < 0.5) text = "```diff\n" + text + "```\n";
  if (rand() < 0.5) text = "Here is the change you asked for:\n\n" + text + "\nLet me know if it works.\n";
  if (rand() < 0.3) text = text.replace(/\n/g, "\r\n");
  return text;
}

describe("the engine on generated diffs", () => {
  it("reproduces `after` from a diff with invented numbers, fences, prose and CRLF", () => {
    let checked = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const rand = prng(seed);
      const { before, after } = randomFiles(rand);
      if (before === after) continue;
      // A file without any terminator cannot tell the engine that it is "CRLF"; new lines get LF.
      if (!before.includes("\n") && after.includes("\r\n")) continue;
      // jsdiff writes an "Index:" line and a "====" rule first: chat, as far as the parser knows.
      const patch = createTwoFilesPatch("a/src/f.ts", "b/src/f.ts", before, after, undefined, undefined, { context: 3 });
      const proposal = proposeFromAnswer(present(rand, patch), {}, (p) => (p === "src/f.ts" ? before : null));
      expect(proposal.refusals, `seed ${seed}`).toEqual([]);
      expect(proposal.changes, `seed ${seed}`).toHaveLength(1);
      const change = proposal.changes[0]!;
      expect(change.after, `seed ${seed}`).toBe(after);
      expect(applyHunks(change, new Set(change.hunks.map((h) => h.id))), `seed ${seed}`).toBe(after);
      expect(applyHunks(change, new Set()), `seed ${seed}`).toBe(before);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });

  it("refuses, rather than guesses, when a generated hunk is made ambiguous", () => {
    const block = "if (!ok) {\n  return null;\n}\n";
    const before = `function a() {\n${block}}\nfunction b() {\n${block}}\n`;
    const after = before.replace("  return null;", "  return undefined;");
    const patch = createTwoFilesPatch("a/x.js", "b/x.js", before, after, undefined, undefined, { context: 1 });
    const proposal = proposeFromAnswer(patch, {}, () => before);
    expect(proposal.changes).toEqual([]);
    expect(proposal.refusals.map((r) => r.code)).toEqual(["ambiguous"]);
  });
});
