import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { GIT_ENV } from "./fixture.js";

/**
 * Runs the built CLI (`bin/haco.js`) as a user would, following its NDJSON
 * events as they arrive, and SIGKILLs it when a kill plan says so.
 */

export const HACO_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/haco.js");

/** Where a run was, judged from the last of these events seen on its stdout. */
export const MILESTONES = [
  ["hunk.decision", "applying"],
  ["apply.done", "applied"],
  ["test.start", "testing"],
  ["test.done", "committing"],
  ["commit.done", "done"],
] as const;
export type Anchor = (typeof MILESTONES)[number][0];
export type Phase = "drafting" | (typeof MILESTONES)[number][1];
export const PHASES: Phase[] = ["drafting", ...MILESTONES.map(([, phase]) => phase)];

export interface KillPlan {
  /** Counting starts when the first event of this type arrives. */
  anchor: Anchor;
  delayMs: number;
  /** SIGKILL haco's whole process group (its git and shell children too), not haco alone. */
  group: boolean;
}

export interface HacoRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** ms since spawn at which each event type first arrived. */
  firstSeen: Map<string, number>;
  exitAtMs: number;
  /** Set when the plan's kill was sent: the phase the run was in by its events. */
  killedIn: Phase | null;
  timedOut: boolean;
}

const TIMEOUT_MS = 120_000;

export function hacoEnv(ollamaHost: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...GIT_ENV,
    OLLAMA_HOST: ollamaHost,
    HACO_WORKER_MODEL: "",
    ANTHROPIC_API_KEY: "",
    ANTHROPIC_AUTH_TOKEN: "",
    ANTHROPIC_BASE_URL: "",
    NO_COLOR: "1",
  };
}

function phaseOf(firstSeen: Map<string, number>): Phase {
  let phase: Phase = "drafting";
  for (const [type, name] of MILESTONES) if (firstSeen.has(type)) phase = name;
  return phase;
}

/** True while any process of the group is still alive (haco's orphaned children after a kill of haco alone). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Waits until no process of the group is left: after haco alone is killed, a
 * `git update-index` it started may still be finishing, and recovery must not
 * race with it (that would be a different fault: a concurrent git). Polling is
 * the only way to wait for processes that are not our children.
 */
async function groupGone(pgid: number): Promise<void> {
  const deadline = performance.now() + TIMEOUT_MS;
  while (groupAlive(pgid)) {
    if (performance.now() > deadline) throw new Error(`processes of haco's group ${pgid} are still running after ${TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function runHaco(args: string[], cwd: string, ollamaHost: string, kill: KillPlan | null = null): Promise<HacoRun> {
  const started = performance.now();
  // Its own process group, so that its children can be waited for (or killed with it).
  const child = spawn(process.execPath, [HACO_BIN, ...args], { cwd, env: hacoEnv(ollamaHost), stdio: ["ignore", "pipe", "pipe"], detached: true });
  const pid = child.pid!;
  const firstSeen = new Map<string, number>();
  const out: string[] = [];
  const err: Buffer[] = [];
  let killedIn: Phase | null = null;
  let exited = false;
  let killTimer: NodeJS.Timeout | null = null;
  const sendKill = () => {
    if (exited || killedIn) return;
    killedIn = phaseOf(firstSeen);
    try {
      process.kill(kill?.group ? -pid : pid, "SIGKILL");
    } catch {
      // It exited between the check and the kill.
    }
  };
  let timedOut = false;
  const hang = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }, TIMEOUT_MS);

  child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  const linesClosed = new Promise<void>((resolve) => lines.once("close", () => resolve()));
  lines.on("line", (line) => {
    out.push(line);
    let type: string | undefined;
    try {
      type = (JSON.parse(line) as { type?: string }).type;
    } catch {
      return;
    }
    if (!type || firstSeen.has(type)) return;
    firstSeen.set(type, performance.now() - started);
    if (kill && type === kill.anchor) {
      if (kill.delayMs <= 0) sendKill();
      else killTimer = setTimeout(sendKill, kill.delayMs);
    }
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  exited = true;
  const exitAtMs = performance.now() - started;
  if (killTimer) clearTimeout(killTimer);
  clearTimeout(hang);
  await groupGone(pid);
  await linesClosed;
  return { ...exit, stdout: out.join("\n"), stderr: Buffer.concat(err).toString("utf8"), firstSeen, exitAtMs, killedIn, timedOut };
}
