import type { Outcome } from "./check.js";
import { PHASES, type Phase } from "./hacoProcess.js";

export type Recovery = "rollback" | "next run";

export interface TrialResult {
  index: number;
  kill: string;
  /** null: haco finished before the kill was due. */
  phase: Phase | null;
  recovery: Recovery;
  /** For the next-run recovery: what that run said (exit code, status, warning and error codes). */
  nextRun: string | null;
  outcome: Outcome;
  reasons: string[];
  details: string[];
  notes: string[];
  kept: string | null;
}

const OUTCOMES: Outcome[] = ["ok-before", "ok-after", "corrupt"];

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join("  ");
}

function outcomeTable(title: string, groups: [string, TrialResult[]][]): string[] {
  const widths = [Math.max(title.length, ...groups.map(([name]) => name.length)), 6, 9, 8, 7];
  const lines = [row([title, "trials", ...OUTCOMES], widths), row(widths.map((w) => "-".repeat(w)), widths)];
  for (const [name, trials] of groups) {
    if (trials.length === 0) continue;
    lines.push(row([name, trials.length, ...OUTCOMES.map((o) => trials.filter((t) => t.outcome === o).length)], widths));
  }
  return lines;
}

function countLines(counts: Map<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([text, n]) => `  ${String(n).padStart(4)}  ${text}`);
}

export function formatResults(results: TrialResult[]): string {
  const lines: string[] = [];
  const byPhase: [string, TrialResult[]][] = PHASES.map((phase) => [phase, results.filter((r) => r.phase === phase)]);
  byPhase.push(["not killed (exited first)", results.filter((r) => r.phase === null)]);
  byPhase.push(["all", results]);
  lines.push(...outcomeTable("phase at the kill", byPhase), "");
  lines.push(
    ...outcomeTable("recovery", [
      ["haco rollback", results.filter((r) => r.recovery === "rollback")],
      ["next haco run (+ rollback)", results.filter((r) => r.recovery === "next run")],
    ]),
    "",
  );
  const corrupt = results.filter((r) => r.outcome === "corrupt");
  lines.push(`trials = ${results.length}, ok-before = ${results.filter((r) => r.outcome === "ok-before").length}, ok-after = ${results.filter((r) => r.outcome === "ok-after").length}, corrupt = ${corrupt.length}`);
  if (corrupt.length > 0) {
    const reasons = new Map<string, number>();
    for (const trial of corrupt) for (const reason of trial.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    lines.push("", "corruption reasons (trials with each; a trial may have several):", ...countLines(reasons));
    const byPhaseReason = new Map<string, number>();
    for (const trial of corrupt) for (const reason of trial.reasons) {
      const key = `${trial.phase ?? "not killed"} / ${trial.recovery}: ${reason}`;
      byPhaseReason.set(key, (byPhaseReason.get(key) ?? 0) + 1);
    }
    lines.push("", "by phase at the kill / recovery:", ...countLines(byPhaseReason));
  }
  const said = new Map<string, number>();
  for (const trial of results) if (trial.nextRun) {
    const key = `${trial.phase ?? "not killed"} → ${trial.nextRun} → ${trial.outcome}`;
    said.set(key, (said.get(key) ?? 0) + 1);
  }
  if (said.size > 0) lines.push("", "what the next run said (phase at the kill → the next run → outcome):", ...countLines(said));
  const notes = new Map<string, number>();
  for (const trial of results) for (const note of new Set(trial.notes)) notes.set(note, (notes.get(note) ?? 0) + 1);
  if (notes.size > 0) lines.push("", "left behind, not counted as corruption (trials):", ...countLines(notes));
  const kept = results.filter((r) => r.kept);
  if (kept.length > 0) lines.push("", "kept for inspection:", ...kept.map((r) => `  trial ${r.index}: ${r.kept}`));
  return lines.join("\n");
}
