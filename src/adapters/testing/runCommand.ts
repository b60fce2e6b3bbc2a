import { execa } from "execa";

/**
 * Runs a ticket's test or verify command through the user's shell (it is a
 * command line the user or the supervisor wrote, e.g. `npm test -- foo`),
 * streaming its output line by line. Worker output never reaches this: only
 * commands from tickets and config do.
 */

export interface CommandResult {
  exitCode: number | null;
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
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
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
  const result = await child;
  return {
    exitCode: result.exitCode ?? null,
    durationMs: Math.round(performance.now() - started),
    timedOut: Boolean(result.timedOut),
    tail,
  };
}
