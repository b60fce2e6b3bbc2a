/**
 * `npm run bench:stream`: streams N tokens at full speed from the scripted
 * Ollama-protocol server through the cockpit (drawing on a 160×48 virtual
 * terminal) and through a bare ollama-js loop writing to stdout, one child
 * process per measurement, and prints one table: CPU time, frames, tokens
 * lost, peak memory, CPU per 1,000 tokens, and how CPU grows with N.
 *
 *   --tokens 5000,50000   the answer sizes (default; the ratio compares the largest with the smallest)
 *   --runs R              measurements per row, the median is shown (default 3)
 *   --cpu-prof DIR        write a V8 CPU profile of every cockpit child into DIR
 *   --screens             also print the virtual terminal as the window's last frame left it, once per size
 *
 * Exits 1 when a token was lost (or the draft or the last frame is not the answer). What the columns mean: bench/README.md.
 */

import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { startScriptedOllama } from "../src/demo/ollamaServer/scriptedOllama.js";
import { answerChunks } from "./stream/answer.js";
import { createBenchRepo } from "./stream/repo.js";
import { REPORT_FD, SCREEN_FD, type ChildReport, type Mode } from "./stream/report.js";
import { showsRows, VirtualScreen } from "./stream/screen.js";
import { formatReport, type Measurement } from "./stream/table.js";

const COLUMNS = 160;
const ROWS = 48;
const MODEL = "qwen2.5-coder:7b";
const CHILD_TIMEOUT_MS = 90_000;

interface Args {
  tokens: number[];
  runs: number;
  cpuProf: string | null;
  screens: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { tokens: [5_000, 50_000], runs: 3, cpuProf: null, screens: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--tokens" && value) {
      args.tokens = value.split(",").map((t) => Number(t.replace(/[_k]/g, (c) => (c === "k" ? "000" : ""))));
      i++;
    } else if (flag === "--runs" && value) {
      args.runs = Number(value);
      i++;
    } else if (flag === "--screens") {
      args.screens = true;
    } else if (flag === "--cpu-prof" && value) {
      args.cpuProf = path.resolve(value);
      i++;
    } else {
      throw new Error(`unknown argument ${flag ?? ""} — see the header of bench/stream.ts`);
    }
  }
  if (args.tokens.length === 0 || args.tokens.some((n) => !Number.isInteger(n) || n < 100)) throw new Error("--tokens wants whole numbers ≥ 100");
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error("--runs wants a whole number ≥ 1");
  args.tokens.sort((a, b) => a - b);
  return args;
}

/** The child's environment: Ink would draw nothing under CI, and git must not read this machine's config. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  return env;
}

async function readAll(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

interface ChildRun {
  report: ChildReport;
  screen: string[] | null;
}

async function runChild(mode: Mode, tokens: number, host: string, args: Args, repoRoot: string | null): Promise<ChildRun> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const childJs = path.join(here, "stream", "child.js");
  const flags = mode === "cockpit" && args.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${args.cpuProf}`, `--cpu-prof-name=cockpit-${tokens}-${Date.now()}.cpuprofile`] : [];
  const childArgs = mode === "cockpit" ? [repoRoot ?? "", String(COLUMNS), String(ROWS)] : [];
  const child = spawn(process.execPath, [...flags, childJs, mode, String(tokens), host, MODEL, ...childArgs], {
    env: childEnv(),
    // stdout is /dev/null: the bare loop's sink. fd 3 carries the report, fd 4 the cockpit's terminal bytes.
    stdio: ["ignore", "ignore", "pipe", "pipe", mode === "cockpit" ? "pipe" : "ignore"],
  });
  const kill = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
  const screen = mode === "cockpit" ? new VirtualScreen(COLUMNS, ROWS) : null;
  try {
    const reportStream = child.stdio[REPORT_FD] as Readable;
    const screenStream = child.stdio[SCREEN_FD] as Readable | null;
    const [stderr, report, , exit] = await Promise.all([
      readAll(child.stderr!),
      readAll(reportStream),
      screen && screenStream ? screen.follow(screenStream) : Promise.resolve(),
      new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
    ]);
    if (exit.code !== 0 || report === "") {
      throw new Error(`${mode} ${tokens}: the child exited with ${exit.signal ?? exit.code}\n${stderr}`);
    }
    return { report: JSON.parse(report) as ChildReport, screen: screen?.lines() ?? null };
  } finally {
    clearTimeout(kill);
    screen?.dispose();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.cpuProf) mkdirSync(args.cpuProf, { recursive: true });
  const answers = new Map(args.tokens.map((n) => [n, answerChunks(n)]));
  let current: string[] = [];
  // In this process, not the child's: serving the stream is not the cockpit's CPU time.
  const server = await startScriptedOllama({
    models: [{ name: MODEL }],
    reply: () => ({ chunks: current, chunkDelayMs: 0 }),
  });
  const measurements: Measurement[] = [];
  try {
    // Runs interleave (5k, 50k, 5k, 50k, …) so a machine that slows down mid-run weighs on every row alike.
    for (let run = 0; run < args.runs; run++) {
      for (const tokens of args.tokens) {
        for (const mode of ["cockpit", "bare"] as const) {
          current = answers.get(tokens)!;
          const repo = mode === "cockpit" ? await createBenchRepo() : null;
          try {
            const { report, screen } = await runChild(mode, tokens, server.url, args, repo?.root ?? null);
            const exchange = server.chats.at(-1);
            const served = exchange ? exchange.sent.filter((c) => (c.message as { content?: string } | undefined)?.content).length : 0;
            measurements.push({
              report,
              served,
              screenShowsTail: screen ? showsRows(screen, report.tailRows ?? []) : null,
              screen,
            });
            process.stderr.write(`  ${mode.padEnd(7)} ${String(tokens).padStart(6)} tokens, run ${run + 1}/${args.runs}: ${report.cpuMs.toFixed(0)} ms CPU\n`);
          } finally {
            // The server keeps every chunk it sent; forget them between runs.
            server.chats.splice(0);
            server.requests.splice(0);
            await repo?.remove();
          }
        }
      }
    }
  } finally {
    await server.close();
  }
  const { text, failed } = formatReport(measurements, {
    columns: COLUMNS,
    rows: ROWS,
    runs: args.runs,
    react: process.env.NODE_ENV === "production" ? "production" : "development",
  });
  process.stdout.write(text);
  if (args.screens) {
    for (const tokens of args.tokens) {
      const last = measurements.filter((m) => m.report.mode === "cockpit" && m.report.tokens === tokens).at(-1);
      if (last?.screen) process.stdout.write(`\nthe last frame of cockpit ${tokens} (${COLUMNS}×${ROWS}):\n${last.screen.join("\n")}\n`);
    }
  }
  if (args.cpuProf) process.stdout.write(`\nCPU profiles of the cockpit children: ${args.cpuProf}\n`);
  process.exitCode = failed ? 1 : 0;
}

await main();
