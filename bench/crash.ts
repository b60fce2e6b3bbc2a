/**
 * `npm run bench:crash`: SIGKILLs `haco run --json --accept all` at random
 * moments of its apply, test and commit steps over a 20-file ticket, in a
 * repository holding the user's own staged, unstaged and untracked work; then
 * recovers with `haco rollback` or the next `haco run`, and checks that every
 * file is byte-exact to before or after, the index is HEAD plus the user's
 * staged work, and nothing of the user's is lost.
 *
 *   --trials N        trials (default 100)
 *   --seed S          the random seed (default: random; printed, so a run can be repeated)
 *   --kill-group      SIGKILL haco's whole process group (its git children too), not haco alone
 *   --mode M          uniform | phase | mixed (default): how kill moments are drawn, see bench/README.md
 *   --keep            keep the repositories of corrupt trials for inspection (their paths are printed)
 *   --verbose         one line per trial, with the reasons and details of a corrupt one
 *
 * Exits 1 when a trial ends corrupt, 2 when the bench itself cannot run. What it checks: bench/README.md.
 */

import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startScriptedOllama } from "../src/demo/ollamaServer/scriptedOllama.js";
import { checkTrial, type Reference } from "./crash/check.js";
import { TICKET, TICKET_FILES, createFixture, gitIn, makeParent, readTree, ticketChange, type Fixture } from "./crash/fixture.js";
import { HACO_BIN, MILESTONES, runHaco, type Anchor, type HacoRun, type KillPlan } from "./crash/hacoProcess.js";
import { formatResults, type Recovery, type TrialResult } from "./crash/table.js";
import { seededRandom } from "../src/domain/seededRandom.js";

const MODEL = "qwen2.5-coder:7b";
const RUN_ARGS = ["run", "--json", "--accept", "all"];

interface Args {
  trials: number;
  seed: number;
  group: boolean;
  mode: "uniform" | "phase" | "mixed";
  keep: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { trials: 100, seed: Math.floor(Math.random() * 2 ** 31), group: false, mode: "mixed", keep: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--trials" && value) (args.trials = Number(value)), i++;
    else if (flag === "--seed" && value) (args.seed = Number(value)), i++;
    else if (flag === "--mode" && (value === "uniform" || value === "phase" || value === "mixed")) (args.mode = value), i++;
    else if (flag === "--kill-group") args.group = true;
    else if (flag === "--keep") args.keep = true;
    else if (flag === "--verbose") args.verbose = true;
    else throw new Error(`unknown argument ${flag ?? ""}${value && flag?.startsWith("--") ? ` ${value}` : ""} — see the header of bench/crash.ts`);
  }
  if (!Number.isInteger(args.trials) || args.trials < 1) throw new Error("--trials wants a whole number ≥ 1");
  if (!Number.isInteger(args.seed) || args.seed < 0) throw new Error("--seed wants a whole number ≥ 0");
  return args;
}


/** The moments of an uncrashed run, in ms after its first hunk.decision (the writes start right after it). */
interface Timeline {
  /** When each anchor event arrived. */
  at: Map<Anchor, number>;
  /** When the process exited. */
  end: number;
}

function timelineOf(run: HacoRun): Timeline {
  const start = run.firstSeen.get("hunk.decision");
  if (start === undefined) throw new Error("the uncrashed run emitted no hunk.decision");
  const at = new Map<Anchor, number>();
  for (const [type] of MILESTONES) {
    const seen = run.firstSeen.get(type);
    if (seen === undefined) throw new Error(`the uncrashed run emitted no ${type}`);
    at.set(type, seen - start);
  }
  return { at, end: run.exitAtMs - start };
}

/**
 * The timeline kills are drawn over: the median, field by field, of every uncrashed run seen so far (the two
 * reference runs, then each trial that finished before its kill and each next run that ran the whole ticket),
 * so that it follows a machine that gets busier or quieter during the bench.
 */
function medianTimeline(runs: Timeline[]): Timeline {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  return {
    at: new Map(MILESTONES.map(([type]) => [type, median(runs.map((r) => r.at.get(type)!))])),
    end: median(runs.map((r) => r.end)),
  };
}

/** The timeline of a run that went through to its commit, or null. */
function completeTimeline(run: HacoRun): Timeline | null {
  if (run.code !== 0 || run.killedIn || !MILESTONES.every(([type]) => run.firstSeen.has(type))) return null;
  return timelineOf(run);
}

/**
 * uniform: a moment drawn uniformly over [first write … exit] of the measured run, counted from the trial's own
 * first hunk.decision. phase: a phase drawn first (each alike), then a moment uniformly inside it, counted
 * from the event that opens it — so that the short phases (applied, done) get kills too.
 */
function drawKill(rng: () => number, mode: "uniform" | "phase", timeline: Timeline, group: boolean): KillPlan {
  if (mode === "uniform") return { anchor: "hunk.decision", delayMs: rng() * timeline.end, group };
  const index = Math.floor(rng() * MILESTONES.length);
  const anchor = MILESTONES[index]![0];
  const next = MILESTONES[index + 1];
  const length = (next ? timeline.at.get(next[0])! : timeline.end) - timeline.at.get(anchor)!;
  return { anchor, delayMs: rng() * Math.max(length, 1), group };
}

function pendingJournal(root: string): boolean {
  try {
    return readdirSync(path.join(root, ".haco", "journal")).some((name) => name.endsWith(".json"));
  } catch {
    return false;
  }
}

function trialDir(parent: string, name: string, fixture: Fixture): string {
  const root = path.join(parent, name);
  // Timestamps kept, so that git's index stat data still matches and no git status has to rewrite the index.
  cpSync(fixture.root, root, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  return root;
}

/** What a next run said, in a few words: its exit code, the ticket's status and the codes of its warnings and errors. */
function summarizeNextRun(run: HacoRun): string {
  const said: string[] = [`exit ${run.code ?? run.signal}`];
  for (const line of run.stdout.split("\n")) {
    try {
      const event = JSON.parse(line) as { type?: string; code?: string; status?: string };
      if (event.type === "ticket.done") said.push(`${TICKET} ${event.status}`);
      else if ((event.type === "warning" || event.type === "error") && event.code) said.push(`${event.type} ${event.code}`);
    } catch {
      // not an event
    }
  }
  if (said.length === 1) said.push(run.stderr.trim().split("\n").at(-1)?.slice(0, 120) ?? "");
  return said.join(", ");
}

/** Recovery as the issue allows it: `haco rollback`, or the next `haco run` (then `haco rollback` if a journal is still there). */
async function recover(root: string, how: Recovery, host: string, seen: (run: HacoRun) => void): Promise<{ problems: string[]; nextRun: string | null }> {
  const problems: string[] = [];
  const rollback = async (): Promise<void> => {
    const result = await runHaco(["rollback"], root, host);
    if (result.timedOut) problems.push("recovery: haco rollback hung");
    else if (result.code !== 0) problems.push(`recovery: haco rollback exited ${result.code ?? result.signal}`);
    if (result.stderr.includes("internal error")) problems.push("recovery: haco rollback hit an internal error");
  };
  if (how === "rollback") {
    await rollback();
    return { problems, nextRun: null };
  }
  const next = await runHaco(RUN_ARGS, root, host);
  seen(next);
  if (next.timedOut) problems.push("recovery: the next haco run hung");
  if (next.stderr.includes("internal error") || next.stdout.includes("internal error")) problems.push("recovery: the next haco run hit an internal error");
  const pending = pendingJournal(root);
  if (pending) await rollback();
  return { problems, nextRun: `${summarizeNextRun(next)}${pending ? "; a journal was left, haco rollback ran" : ""}` };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(HACO_BIN) || !existsSync(path.join(path.dirname(HACO_BIN), "..", "dist", "src", "cli", "main.js"))) {
    throw new Error("the built CLI is missing: run 'npm run build' first (npm run bench:crash does)");
  }
  const rng = seededRandom(args.seed);
  const parent = makeParent();
  const fixture = createFixture(parent);
  const server = await startScriptedOllama({ models: [{ name: MODEL }], reply: () => ({ text: fixture.answer, chunkDelayMs: 0 }) });
  const results: TrialResult[] = [];
  let exitCode = 0;
  try {
    // Two uncrashed runs: the "after" bytes and commit, and the timeline the kill moments are drawn over.
    const timelines: Timeline[] = [];
    let reference: Reference | null = null;
    for (const name of ["reference-1", "reference-2"]) {
      const root = trialDir(parent, name, fixture);
      const run = await runHaco(RUN_ARGS, root, server.url);
      if (run.code !== 0 || !run.firstSeen.has("commit.done")) {
        throw new Error(`the uncrashed run did not commit (exit ${run.code ?? run.signal}):\n${run.stderr}\n${run.stdout.split("\n").slice(-5).join("\n")}`);
      }
      timelines.push(timelineOf(run));
      const files = readTree(root);
      const after = new Map(TICKET_FILES.map((f) => [f, files.get(f)!]));
      for (const file of TICKET_FILES) {
        if (after.get(file)!.toString("utf8") !== ticketChange(file, fixture.ticketBefore.get(file)!)) throw new Error(`the uncrashed run left ${file} other than the ticket's change`);
      }
      reference ??= { after, tree: gitIn(root, ["rev-parse", "HEAD^{tree}"]).trim() };
      // The uncrashed run must pass the same checks, or the bench (or haco) is wrong before any kill.
      const verdict = checkTrial(root, fixture, reference);
      if (verdict.outcome !== "ok-after") throw new Error(`the uncrashed run fails the checks: ${verdict.reasons.join("; ")}\n${verdict.details.join("\n")}`);
      rmSync(root, { recursive: true, force: true });
    }
    const timeline = medianTimeline(timelines);
    const ms = (n: number) => `${Math.round(n)} ms`;
    const phaseLengths = MILESTONES.map(([type, phase], i) => {
      const next = MILESTONES[i + 1];
      return `${phase} ${ms((next ? timeline.at.get(next[0])! : timeline.end) - timeline.at.get(type)!)}`;
    });
    process.stdout.write(
      `crash bench: ${args.trials} trials, seed ${args.seed}, kill ${args.group ? "haco's process group" : "haco alone"}, mode ${args.mode}\n` +
        `uncrashed run (median of 2), from the first hunk.decision: ${phaseLengths.join(", ")}; window ${ms(timeline.end)}\n\n`,
    );

    for (let i = 0; i < args.trials; i++) {
      const mode = args.mode === "mixed" ? (i % 2 === 0 ? "uniform" : "phase") : args.mode;
      const kill = drawKill(rng, mode, medianTimeline(timelines), args.group);
      // Alternate the recovery, independently of the kill mode's alternation.
      const recovery: Recovery = Math.floor(i / 2) % 2 === 0 ? "rollback" : "next run";
      const name = `trial-${String(i).padStart(3, "0")}`;
      const t0 = performance.now();
      const root = trialDir(parent, name, fixture);
      const run = await runHaco(RUN_ARGS, root, server.url, kill);
      const seen = (done: HacoRun) => {
        const complete = completeTimeline(done);
        if (complete) timelines.push(complete);
      };
      seen(run);
      const problems = run.timedOut ? ["the killed run hung"] : [];
      const t1 = performance.now();
      const recovered = await recover(root, recovery, server.url, seen);
      problems.push(...recovered.problems);
      const t2 = performance.now();
      const verdict = checkTrial(root, fixture, reference!);
      const t3 = performance.now();
      const reasons = [...problems, ...verdict.reasons];
      const outcome = reasons.length > 0 ? "corrupt" : verdict.outcome;
      const kept = outcome === "corrupt" && args.keep ? root : null;
      if (!kept) rmSync(root, { recursive: true, force: true });
      const killText = `${kill.anchor}+${Math.round(kill.delayMs)}ms`;
      results.push({ index: i, kill: killText, phase: run.killedIn, recovery, nextRun: recovered.nextRun, outcome, reasons, details: verdict.details, notes: verdict.notes, kept });
      if (args.verbose) {
        const took = `copy+run ${Math.round(t1 - t0)} ms, recovery ${Math.round(t2 - t1)} ms, checks ${Math.round(t3 - t2)} ms`;
        process.stderr.write(`trial ${i}: kill at ${killText} → ${run.killedIn ?? "exited first"}, ${recovery}${recovered.nextRun ? ` (${recovered.nextRun})` : ""}: ${outcome}${reasons.length ? ` — ${reasons.join("; ")}` : ""} (${took})\n`);
        for (const detail of verdict.details) process.stderr.write(`    ${detail}\n`);
      } else if (process.stderr.isTTY) process.stderr.write(`\r  trial ${i + 1}/${args.trials}`);
      server.chats.splice(0);
      server.requests.splice(0);
    }
    if (!args.verbose && process.stderr.isTTY) process.stderr.write("\n");
    const final = medianTimeline(timelines);
    process.stdout.write(`timeline at the end (median of ${timelines.length} uncrashed runs): window ${ms(final.end)}, commit ${ms(final.end - final.at.get("test.done")!)}\n\n`);
    process.stdout.write(`${formatResults(results)}\n`);
    exitCode = results.some((r) => r.outcome === "corrupt") ? 1 : 0;
  } finally {
    await server.close();
    if (!results.some((r) => r.kept)) rmSync(parent, { recursive: true, force: true });
    else rmSync(fixture.root, { recursive: true, force: true });
  }
  process.exitCode = exitCode;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:crash: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
