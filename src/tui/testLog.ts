import type { HacoEvent } from "../domain/events/events.js";
import { sanitizeForTerminal } from "../domain/text/sanitize.js";
import { FrameScheduler, realTimers, type Timers } from "./frameScheduler.js";
import { expandTabs } from "./wrapText.js";
import { Subscribers } from "./subscribers.js";

/**
 * The test commands' output, outside React for the same reason as the draft:
 * a test suite can print thousands of lines a second. Lines are coalesced
 * into frames and only the newest MAX_LINES are kept for scrolling back.
 */

export type TestLineKind = "command" | "stdout" | "stderr" | "passed" | "failed" | "info";

export interface TestLine {
  kind: TestLineKind;
  text: string;
}

export interface TestLogSnapshot {
  version: number;
  ticket: string | null;
  lines: readonly TestLine[];
  /** True between a test.start and its test.done. */
  running: boolean;
}

export const MAX_LINES = 5000;

export class TestLogStore {
  private readonly subscribers = new Subscribers();
  private readonly frames: FrameScheduler;
  private lines: TestLine[] = [];
  private ticket: string | null = null;
  private running = false;
  private version = 0;
  private snapshot: TestLogSnapshot;

  constructor(timers: Timers = realTimers) {
    this.frames = new FrameScheduler(this.frame, timers);
    this.snapshot = this.build();
  }

  readonly subscribe = this.subscribers.subscribe;

  readonly getSnapshot = (): TestLogSnapshot => this.snapshot;

  handle(event: HacoEvent): void {
    switch (event.type) {
      case "ticket.start":
        this.ticket = event.ticket;
        this.lines = [];
        this.running = false;
        break;
      case "test.start":
        this.running = true;
        this.push("command", `$ ${event.command}`);
        break;
      case "test.output":
        this.push(event.stream, event.line);
        break;
      case "test.done": {
        this.running = false;
        const seconds = (event.durationMs / 1000).toFixed(1);
        if (event.passed) this.push("passed", `✓ passed in ${seconds} s`);
        else this.push("failed", `✗ ${event.exitCode === null ? "stopped" : `exit ${event.exitCode}`} after ${seconds} s`);
        break;
      }
      case "apply.done":
        this.push("info", `applied ${event.files.join(", ")}`);
        break;
      case "rollback.done":
        this.push("info", `restored ${event.files.join(", ")}`);
        break;
      case "commit.done":
        this.push("info", `committed ${event.sha.slice(0, 10)} ${event.message.split("\n")[0]}`);
        break;
      // The last run's output stays to read while the worker drafts again, under a line that says so.
      case "ticket.retry":
        this.push("info", `— attempt ${event.attempt}: drafting again; the output above is the last attempt's —`);
        break;
      case "commit.undone":
        if (event.ticket !== this.ticket) return;
        this.push("info", `undid commit ${event.sha.slice(0, 10)}: ${event.files.join(", ")} as before the ticket`);
        break;
      default:
        return;
    }
    this.frames.request();
  }

  dispose(): void {
    this.frames.cancel();
    this.subscribers.clear();
  }

  private push(kind: TestLineKind, text: string): void {
    this.lines.push({ kind, text: expandTabs(sanitizeForTerminal(text)) });
    // Trim in batches so that a chatty suite does not shift the array on every line.
    if (this.lines.length > MAX_LINES * 1.5) this.lines = this.lines.slice(-MAX_LINES);
  }

  private readonly frame = (): void => {
    this.snapshot = this.build();
    this.subscribers.notify();
  };

  private build(): TestLogSnapshot {
    return { version: ++this.version, ticket: this.ticket, lines: this.lines.slice(-MAX_LINES), running: this.running };
  }
}
