import { execa } from "execa";

/**
 * Runs a ticket's test or verify command through the user's shell (it is a
 * command line the user or the supervisor wrote, e.g. `npm test -- foo`),
 * streaming its output line by line. Worker output never reaches this: only
 * commands from tickets and config do.
 */

export interface CommandResult {
  /** Null when a signal stopped the command (see `signal`). */
  exitCode: number | null;
  /** The signal that stopped it (SIGINT, SIGTERM, SIGKILL…), or null when it exited by itself. */
  signal: string | null;
  durationMs: number;
  timedOut: boolean;
  /** The last lines of output, for failure reports. */
  tail: string[];
}

export interface RunCommandOptions {
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onLine?: (stream: "stdout" | "stderr", line: string) => void;
}

const TAIL_LINES = 40;

export async function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const tail: string[] = [];
  const child = execa(command, {
    cwd: options.cwd,
    shell: true,
    reject: false,
    // Its own process group, so a timeout or Esc stops the whole tree (the shell and the test runner's workers).
    detached: true,
    stdin: "ignore",
    // Test runners colour their output for terminals; haco shows it in a pane or NDJSON.
    env: { FORCE_COLOR: "0", NO_COLOR: "1" },
    buffer: false,
  });
  const follow = (stream: "stdout" | "stderr", source: NodeJS.ReadableStream | null) => {
    if (!source) return;
    let pending = "";
    source.setEncoding("utf8");
    source.on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) emit(stream, line);
    });
    source.on("end", () => {
      if (pending) emit(stream, pending);
      pending = "";
    });
  };
  const emit = (stream: "stdout" | "stderr", line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    options.onLine?.(stream, line);
  };
  follow("stdout", child.stdout);
  follow("stderr", child.stderr);
  let timedOut = false;
  const stopTree = () => killGroup(child.pid);
  const timer = setTimeout(() => {
    timedOut = true;
    stopTree();
  }, options.timeoutMs);
  options.signal?.addEventListener("abort", stopTree, { once: true });
  try {
    const result = await child;
    return {
      exitCode: result.exitCode ?? null,
      signal: result.exitCode === undefined ? (result.signal ?? null) : null,
      durationMs: Math.round(performance.now() - started),
      timedOut,
      tail,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", stopTree);
  }
}

/**
 * How a command that did not pass ended, for messages: "exited with 1",
 * "was stopped by SIGINT", "timed out after 600000 ms" — never "exited with null".
 */
export function describeCommandEnd(result: Pick<CommandResult, "exitCode" | "timedOut"> & { signal?: string | null }, timeoutMs: number): string {
  if (result.timedOut) return `timed out after ${timeoutMs} ms`;
  if (result.exitCode !== null) return `exited with ${result.exitCode}`;
  return result.signal ? `was stopped by ${result.signal}` : "was stopped before it finished";
}

/** SIGTERM to the command's process group, then SIGKILL for whatever ignores it. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  const send = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  send("SIGTERM");
  setTimeout(() => send("SIGKILL"), 2000).unref();
}
