import type { HacoConfig } from "../adapters/config/config.js";
import { runCommand } from "../adapters/testing/runCommand.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import type { EventInput } from "../domain/events/events.js";

/** How many of a failing command's last lines are kept for the retry prompt and the run's result. */
const TAIL_LINES = 40;

export type TestsResult = { passed: true } | { passed: false; command: string; exitCode: number | null; signal: string | null; timedOut: boolean; outputTail: string[] };

/** The ticket's test command, then the configured verify commands; stops at the first that fails. */
export async function runTests(
  ticket: Ticket,
  opts: { repoRoot: string; config: HacoConfig; signal?: AbortSignal; emit: (event: EventInput) => void },
): Promise<TestsResult> {
  const commands = [...(ticket.testCommand ? [ticket.testCommand] : []), ...opts.config.verify];
  for (const command of commands) {
    opts.emit({ type: "test.start", ticket: ticket.id, command });
    const tail: string[] = [];
    const result = await runCommand(command, {
      cwd: opts.repoRoot,
      timeoutMs: opts.config.test.timeoutMs,
      signal: opts.signal,
      onLine: (stream, line) => {
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        opts.emit({ type: "test.output", ticket: ticket.id, stream, line });
      },
    });
    const passed = result.exitCode === 0 && !result.timedOut;
    opts.emit({ type: "test.done", ticket: ticket.id, command, exitCode: result.exitCode, durationMs: result.durationMs, passed });
    if (!passed) return { passed: false, command, exitCode: result.exitCode, signal: result.signal ?? null, timedOut: result.timedOut, outputTail: tail };
  }
  return { passed: true };
}
