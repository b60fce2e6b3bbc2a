import type { HacoEvent } from "../domain/events/events.js";
import { sanitizeForTerminal } from "../domain/text/sanitize.js";
import { jsonLine } from "../domain/text/jsonLine.js";

/** `--json`: one event per line on stdout and nothing else; C1 controls escaped (see jsonLine). */
export function ndjsonSink(write: (line: string) => void = (line) => process.stdout.write(line)) {
  return (event: HacoEvent) => write(`${jsonLine(event)}\n`);
}

/**
 * Human progress on stderr, so stdout stays free for what a command
 * produces. Worker and test text is untrusted and is sanitised first.
 */
export function humanSink(write: (text: string) => void = (text) => process.stderr.write(text)) {
  const say = (text: string) => write(`${sanitizeForTerminal(text)}\n`);
  return (event: HacoEvent) => {
    switch (event.type) {
      case "run.start":
        say(`haco: ${event.tickets.length} ticket(s) with ${event.model} at ${event.host}`);
        break;
      case "ticket.start":
        say(`\n▶ ${event.ticket} ${event.title}`);
        break;
      case "prompt.built":
        say(`  prompt ≈${event.estimatedTokens} tokens, num_ctx ${event.numCtx}${event.omitted.length ? `, left out: ${event.omitted.join(", ")}` : ""}`);
        break;
      case "worker.done": {
        const rate = event.tokensPerSec === null ? "" : `, ${event.tokensPerSec.toFixed(1)} tok/s`;
        const ttft = event.ttftMs === null ? "" : `, TTFT ${Math.round(event.ttftMs)} ms`;
        const vram = event.vram ? `, ${event.vram.processor}` : "";
        say(`  draft: ${event.tokens} tokens${rate}${ttft}${vram}`);
        break;
      }
      case "edit.proposed":
        say(`  proposed ${event.file}: ${event.hunks.length} hunk(s) ${event.hunks.map((h) => `+${h.added}/-${h.removed}`).join(" ")}`);
        break;
      case "edit.refused":
        say(`  refused ${event.file ?? "(no file)"}: ${event.reason}`);
        break;
      case "apply.done":
        say(`  applied: ${event.files.join(", ")}`);
        break;
      case "test.start":
        say(`  test: ${event.command}`);
        break;
      case "test.output":
        say(`    ${event.line}`);
        break;
      case "test.done":
        // No exit code: a signal stopped it (Ctrl-C, or haco's own timeout).
        say(`  test ${event.passed ? "passed" : `failed (${event.exitCode === null ? "stopped by a signal" : `exit ${event.exitCode}`})`} in ${event.durationMs} ms`);
        break;
      case "rollback.done":
        say(`  restored: ${event.files.join(", ")}`);
        break;
      case "commit.done":
        say(`  committed ${event.sha.slice(0, 10)} ${event.message.split("\n")[0]}`);
        break;
      case "ticket.done":
        say(`  ${event.ticket}: ${event.status}${event.reason ? ` — ${event.reason}` : ""}`);
        break;
      case "warning":
        say(`  warning: ${event.message}`);
        break;
      case "error":
        say(`haco: ${event.message}`);
        break;
      default:
        break;
    }
  };
}
