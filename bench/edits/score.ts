/**
 * Judging one run by the files it left, and the one table the bench prints.
 */

import type { BenchCase } from "./corpus.js";
import { sameSnapshot, type Snapshot } from "./sandbox.js";
import type { ToolRun } from "./tools.js";

export type Outcome = "correct-apply" | "correct-refusal" | "wrong-write" | "missed";

/**
 * apply case:  tree == before + after/ - deleted → correct apply; tree unchanged → missed;
 *              anything else → wrong write.
 * refuse case: tree unchanged → correct refusal; anything else → wrong write.
 */
export function judge(c: BenchCase, pre: Snapshot, post: Snapshot, expected: Snapshot): Outcome {
  const unchanged = sameSnapshot(pre, post);
  if (c.expect === "refuse") return unchanged ? "correct-refusal" : "wrong-write";
  if (sameSnapshot(post, expected)) return "correct-apply";
  return unchanged ? "missed" : "wrong-write";
}

export interface CaseResult {
  id: string;
  expect: "apply" | "refuse";
  outcome: Outcome;
  run: ToolRun;
  /** Paths (relative to the jail) that differ from the expected tree, for the per-case view. */
  diffPaths: string[];
}

export interface ToolRow {
  name: string;
  missing: string | null;
  results: CaseResult[];
}

export interface Totals {
  correct: number;
  applies: number;
  refusals: number;
  wrongWrites: number;
  missed: number;
  cannotRead: number;
  timedOut: number;
  meanMs: number | null;
}

export function totals(results: readonly CaseResult[]): Totals {
  const count = (p: (r: CaseResult) => boolean): number => results.filter(p).length;
  const timed = results.map((r) => r.run.ms).filter((ms): ms is number => ms !== null);
  return {
    correct: count((r) => r.outcome === "correct-apply" || r.outcome === "correct-refusal"),
    applies: count((r) => r.outcome === "correct-apply"),
    refusals: count((r) => r.outcome === "correct-refusal"),
    wrongWrites: count((r) => r.outcome === "wrong-write"),
    missed: count((r) => r.outcome === "missed"),
    cannotRead: count((r) => r.run.cannotRead),
    timedOut: count((r) => r.run.timedOut),
    meanMs: timed.length === 0 ? null : timed.reduce((a, b) => a + b, 0) / timed.length,
  };
}

const COLUMNS = ["correct", "applies", "refusals", "wrong writes", "missed", "can't read", "ms/case"] as const;

export function formatTable(rows: readonly ToolRow[], applyCases: number, refuseCases: number): string {
  const all = applyCases + refuseCases;
  const nameWidth = Math.max(4, ...rows.map((r) => r.name.length)) + 2;
  const widths = COLUMNS.map((c) => Math.max(c.length, String(all).length * 2 + 1) + 2);
  const cell = (text: string, i: number): string => text.padStart(widths[i] ?? 0);
  const lines = [`${"tool".padEnd(nameWidth)}${COLUMNS.map((c, i) => cell(c, i)).join("")}`];
  for (const row of rows) {
    if (row.missing !== null) {
      lines.push(`${row.name.padEnd(nameWidth)}${"not installed".padStart(widths[0] ?? 0)}   (${row.missing})`);
      continue;
    }
    const t = totals(row.results);
    const values = [
      `${t.correct}/${all}`,
      `${t.applies}/${applyCases}`,
      `${t.refusals}/${refuseCases}`,
      String(t.wrongWrites),
      String(t.missed),
      String(t.cannotRead),
      t.meanMs === null ? "-" : formatMs(t.meanMs),
    ];
    lines.push(`${row.name.padEnd(nameWidth)}${values.map((v, i) => cell(v, i)).join("")}`);
  }
  return lines.join("\n");
}

function formatMs(ms: number): string {
  return ms < 1 ? ms.toFixed(2) : ms.toFixed(1);
}

const SHORT: Record<Outcome, string> = {
  "correct-apply": "ok",
  "correct-refusal": "refused",
  "wrong-write": "WRONG",
  missed: "missed",
};

/** One line per case and tool: the outcome, marks for can't read / timeout, and the tool's note. */
export function formatCases(rows: readonly ToolRow[]): string {
  const present = rows.filter((r) => r.missing === null);
  const ids = present[0]?.results.map((r) => r.id) ?? [];
  const out: string[] = [];
  ids.forEach((id, i) => {
    const first = present[0]?.results[i];
    out.push(`${id} (expect ${first?.expect ?? "?"})`);
    for (const row of present) {
      const r = row.results[i];
      if (r === undefined) continue;
      const mark = r.run.cannotRead ? " [can't read]" : r.run.timedOut ? " [timeout]" : "";
      const where = r.outcome === "wrong-write" && r.diffPaths.length > 0 ? ` differs: ${r.diffPaths.join(", ")}` : "";
      out.push(`  ${row.name.padEnd(26)} ${(SHORT[r.outcome] + mark).padEnd(22)} ${r.run.note}${where}`);
    }
  });
  return out.join("\n");
}
