import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { HacoEvent } from "../../src/domain/events/events.js";
import { BIN, hacoEnv } from "./runHaco.js";

/**
 * The built CLI as a live child process whose NDJSON events a test can wait
 * for one by one — to act at an exact point of a run (edit a file while the
 * tests run, kill it while it commits) without ever sleeping for a guess.
 */
export interface HacoProcess {
  pid: number;
  events: HacoEvent[];
  /** Resolves with the first event (seen already or to come) that matches; rejects if the process ends first. */
  waitFor(match: (event: HacoEvent) => boolean, what?: string): Promise<HacoEvent>;
  /** The process's end: its exit code (null when a signal ended it), the signal, and what it wrote. */
  ended: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

export function startHaco(args: string[], options: { cwd: string; env?: Record<string, string> }): HacoProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...hacoEnv(options.env) }, stdio: ["ignore", "pipe", "pipe"] });
  const events: HacoEvent[] = [];
  const waiters: { match: (event: HacoEvent) => boolean; resolve: (event: HacoEvent) => void }[] = [];
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    partial += chunk;
    let newline;
    while ((newline = partial.indexOf("\n")) >= 0) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      if (!line) continue;
      const event = JSON.parse(line) as HacoEvent;
      events.push(event);
      for (const waiter of [...waiters]) {
        if (!waiter.match(event)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const ended = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
  });
  return {
    pid: child.pid!,
    events,
    waitFor(match, what = "the event") {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void ended.then(({ exitCode, signal }) => reject(new Error(`haco ended (exit ${exitCode}, ${signal ?? "no signal"}) before ${what}:\n${stderr}`)));
      });
    },
    ended,
    kill: (signal) => child.kill(signal),
  };
}

/** Resolves once `file` exists: for a step outside haco (a test command, a hook) to say it has begun. */
export async function fileAppears(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 10));
}
