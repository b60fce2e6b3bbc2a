/**
 * `npm run bench:review`: what one keypress of the hunk reviewer costs in a
 * review of 20 hunks and in one of 2,000, for j (next undecided hunk) and
 * y (accept, then move to the next undecided hunk), each alone and then
 * with the Review pane's rows built after it (j+pane, y+pane: what the
 * cockpit does per key, syntax highlighting included). The reducer keeps its
 * hunks in a persistent tree, so the cost should grow like log n at most:
 * the goal is a ratio cost(2000)/cost(20) of at most 2 per key. Always
 * exits 0.
 *
 * Each case (key and size) is timed in a child process of its own, so that
 * what one case allocates cannot change how V8 compiles or allocates for
 * another (a prepared review of 2,000 hunks makes V8 allocate the
 * reducer's objects straight into the old generation, which slows every
 * case timed after it in the same process). The children run in rounds,
 * every case once a round, so a slow spell of a busy machine falls on all
 * cases alike; a case's cost is the median of all its batches.
 *
 *   --presses N   keypresses per batch (default 100000)
 *   --batches N   timed batches per child (default 3)
 *   --rounds N    rounds of children (default 7)
 *
 * What the columns mean: bench/README.md.
 */

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CASES, SIZES, startOf } from "./review/cases.js";
import { drawPane, median, timeKey } from "./review/measure.js";
import { formatTable } from "./review/table.js";

const GOAL = 2;
const PANE_PRESS_DIVISOR = 50;

function main(): void {
  const { values } = parseArgs({
    options: { presses: { type: "string" }, batches: { type: "string" }, rounds: { type: "string" }, case: { type: "string" } },
  });
  const presses = positive(values.presses, 100_000);
  const batches = positive(values.batches, 3);
  if (values.case !== undefined) return child(values.case, presses, batches);
  const rounds = positive(values.rounds, 7);

  const costs = new Map<string, number[]>(CASES.map((c) => [c.id, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of CASES) costs.get(c.id)!.push(...runChild(c.id, presses, batches));
  }

  const sizeHeader = SIZES.map((s) => `${s.hunks.toLocaleString("en")} hunks / ${s.files} files`);
  const keys = [...new Set(CASES.map((c) => c.key))];
  const body = keys.map((key) => {
    const medians = SIZES.map((s) => median(costs.get(`${key.key}@${s.hunks}`)!));
    const ratio = medians[1]! / medians[0]!;
    return [key.key, key.pane ? `${key.action.type} + pane rows` : key.action.type, ...medians.map((m) => `${m.toFixed(0)} ns`), `${ratio.toFixed(2)}×`, ratio <= GOAL ? `≤ ${GOAL}× ok` : `> ${GOAL}× MISSED`];
  });
  const out = process.stdout;
  out.write(`hunk reviewer: ns per keypress, median of ${rounds * batches} batches of ${presses.toLocaleString("en")} presses (${rounds} rounds of a child process per case; node ${process.version})\n\n`);
  out.write(formatTable([["key", "action", ...sizeHeader, "ratio", "goal"], ...body], (c) => c >= 2 && c < 2 + SIZES.length + 1) + "\n");
  out.write(`\nratio = cost at ${SIZES[1].hunks.toLocaleString("en")} hunks / cost at ${SIZES[0].hunks}. Batch spread, min–max ns per press:\n`);
  for (const c of CASES) {
    const cs = costs.get(c.id)!;
    out.write(`  ${c.id.padEnd(12)} ${Math.min(...cs).toFixed(0)}–${Math.max(...cs).toFixed(0)}\n`);
  }
}

/** In a child: time one case and print its batches as JSON. Drawing costs far more per press, so it gets fewer presses. */
function child(id: string, presses: number, batches: number): void {
  const c = CASES.find((x) => x.id === id);
  if (!c) throw new Error(`bench: no case "${id}"; cases are ${CASES.map((x) => x.id).join(", ")}`);
  const n = c.key.pane ? Math.max(100, Math.floor(presses / PANE_PRESS_DIVISOR)) : presses;
  process.stdout.write(JSON.stringify(timeKey(startOf(c), c.key.action, n, batches, c.key.pane ? drawPane : undefined)) + "\n");
}

function runChild(id: string, presses: number, batches: number): number[] {
  const script = fileURLToPath(import.meta.url);
  const args = [script, "--case", id, "--presses", String(presses), "--batches", String(batches)];
  const result = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`bench: case ${id} failed (${result.status ?? result.signal}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as number[];
}

function positive(value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: expected a positive whole number, got "${value}"; using ${fallback}\n`);
    return fallback;
  }
  return n;
}

main();
