import path from "node:path";
import { performance } from "node:perf_hooks";
import { render, type Instance } from "ink";
import { loadConfig } from "../../src/adapters/config/config.js";
import { loadTemplates } from "../../src/adapters/prompt/loadTemplates.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { currentBranch } from "../../src/adapters/workspace/git.js";
import { loadSendPolicy } from "../../src/adapters/workspace/sendPolicy.js";
import { sanitizeForTerminal } from "../../src/domain/text/sanitize.js";
import type { HacoEvent } from "../../src/domain/events/events.js";
import { loadCockpitPlan } from "../../src/tui/cockpitPlan.js";
import { createCockpit } from "../../src/tui/createCockpit.js";
import { enterFullScreen } from "../../src/tui/terminal.js";
import type { WorkerStreamSnapshot } from "../../src/tui/workerStream.js";
import { expandTabs } from "../../src/tui/wrapText.js";
import { WrappedText } from "../../src/tui/wrappedText.js";
import { resolveTheme } from "../../themes/index.js";
import { answerText } from "./answer.js";
import { BenchTtyIn, BenchTtyOut } from "./fakeTty.js";
import { cpuBetween, type ChildReport } from "./report.js";

/**
 * One cockpit measurement, in a process of its own: the cockpit wired as
 * runCockpit wires it (createCockpit + Ink's render on the alternate screen,
 * the real Ollama worker adapter), on a terminal of the parent's size,
 * drafting one ticket whose answer streams from the parent's scripted server.
 * runCockpit itself hides the stores; the bench needs them to count what the
 * store received. The GPU poller is left off (it would shell out to
 * nvidia-smi every 2 s).
 */

export interface CockpitRunOptions {
  tokens: number;
  host: string;
  repoRoot: string;
  model: string;
  columns: number;
  rows: number;
  /** Sends the terminal's bytes on (to the parent's virtual terminal). */
  sink: (chunk: string) => void;
}

interface WindowEnd {
  cpu: NodeJS.CpuUsage;
  at: number;
  rss: number;
  frames: number;
  flushes: number;
}

/** Longest the window may take before the child gives up. */
const WINDOW_TIMEOUT_MS = 60_000;

export async function runCockpitChild(options: CockpitRunOptions): Promise<ChildReport> {
  const notes: string[] = [];
  const { repoRoot } = options;
  let forwarding = true;
  const stdout = new BenchTtyOut(options.columns, options.rows, (chunk) => {
    if (forwarding) options.sink(chunk);
  });
  const stderr = new BenchTtyOut(options.columns, options.rows, null);
  const stdin = new BenchTtyIn();

  const config = await loadConfig(repoRoot);
  const theme = resolveTheme(config.ui.theme, process.env);
  const plan = await loadCockpitPlan(repoRoot);
  const ticket = plan.tickets[0];
  if (!ticket || plan.tickets.length !== 1) throw new Error(`the bench repository should hold one ticket, not ${plan.tickets.length}`);
  const worker = createOllamaWorker({ host: options.host });
  const sendPolicy = await loadSendPolicy(repoRoot);
  const branch = await currentBranch(repoRoot).catch(() => null);

  // What the window measures, filled in as events arrive (CPU marks: see report.ts).
  let received = 0;
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;
  let failure: string | null = null;
  const marks: { firstToken: NodeJS.CpuUsage | null; done: NodeJS.CpuUsage | null } = { firstToken: null, done: null };
  /** Ends the window early when the ticket fails: no `done` frame will come. */
  let giveUp: (() => void) | null = null;
  const onEvent = (event: HacoEvent): void => {
    if (event.type === "worker.done") marks.done = process.cpuUsage();
    if (event.type === "error") failure = `${event.code}: ${event.message}`;
    if (event.type === "ticket.done" && event.status === "failed") {
      failure ??= `ticket failed: ${event.reason ?? ""}`;
      giveUp?.();
    }
  };

  const app = createCockpit({
    repoRoot,
    repoName: path.basename(repoRoot),
    branch,
    config,
    worker,
    model: options.model,
    tickets: plan.tickets,
    committed: plan.committed,
    hasPlan: plan.displayName !== null,
    planNote: plan.note,
    theme,
    templatesFor: (kind) => loadTemplates(repoRoot, kind),
    sendPolicy,
    onQuit: () => undefined,
    onEvent,
  });

  // Instruments the store from outside: its public subscribe counts the FrameScheduler's flushes, and a
  // wrapper on this instance's handle() and setWidth() sees each token it takes and the pane's width.
  const store = app.stream;
  let flushes = 0;
  store.subscribe(() => void flushes++);
  const handle = store.handle.bind(store);
  store.handle = (event: HacoEvent): void => {
    if (event.type === "worker.token" && event.text !== "") {
      if (received++ === 0) marks.firstToken = process.cpuUsage();
      lastTokenAt = performance.now();
      firstTokenAt ??= lastTokenAt;
    }
    handle(event);
  };
  let width: number | null = null;
  const setWidth = store.setWidth.bind(store);
  store.setWidth = (w: number): void => {
    width = w;
    setWidth(w);
  };

  const screen = enterFullScreen({
    stdout,
    stderr,
    stdin,
    onSignal: () => process.exit(130),
  });
  let instance: Instance | null = null;
  try {
    instance = render(app.element, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await app.controller.reportInterrupted().catch(() => undefined);
    await waitFor(() => stdout.frames > 0, 10_000, "the cockpit's first frame");
    // Let the first frames (and the layout effects that set the pane's width) settle before the window opens.
    await sleep(300);

    // The window: from Enter on the selected ticket to the first frame drawn after the store published `done`
    // (its snapshot changes only in a flush, which re-renders the Worker pane before Ink can write again).
    const frames0 = stdout.frames;
    const flushes0 = flushes;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const end = await new Promise<WindowEnd | null>((resolve) => {
      const timeout = setTimeout(() => resolve(null), WINDOW_TIMEOUT_MS);
      giveUp = () => {
        clearTimeout(timeout);
        resolve(null);
      };
      stdout.onFrame = (frames) => {
        if (store.getSnapshot().phase !== "done") return;
        const cpu = process.cpuUsage();
        stdout.onFrame = null;
        // The virtual terminal keeps this frame: the quit that follows is not the stream's.
        forwarding = false;
        clearTimeout(timeout);
        resolve({ cpu, at: performance.now(), rss: process.resourceUsage().maxRSS, frames, flushes });
      };
      stdin.type("\r");
    });
    if (end === null) {
      throw new Error(
        failure ?? `no frame after the worker's done within ${WINDOW_TIMEOUT_MS / 1000} s (${received}/${options.tokens} tokens arrived)`,
      );
    }
    if (failure) notes.push(`the ticket reported ${failure}`);
    const firstMark = marks.firstToken ?? end.cpu;
    const doneMark = marks.done ?? end.cpu;

    // Checked after the window, so the check costs the measurement nothing.
    const draft = compareDraft(app.stream.getSnapshot(), options.tokens, width);
    const snapshot = app.stream.getSnapshot();
    const tailRows: string[] = [];
    for (let i = snapshot.rowCount - 1; i >= 0 && tailRows.length < 3; i--) {
      const row = snapshot.row(i);
      if (row.trim() !== "") tailRows.unshift(row);
    }

    return {
      mode: "cockpit",
      tokens: options.tokens,
      cpuMs: cpuBetween(cpu0, end.cpu),
      phases: { beforeFirstToken: cpuBetween(cpu0, firstMark), stream: cpuBetween(firstMark, doneMark), afterDone: cpuBetween(doneMark, end.cpu) },
      processCpuMs: (end.cpu.user + end.cpu.system) / 1000,
      wallMs: end.at - t0,
      streamMs: firstTokenAt !== null && lastTokenAt !== null ? lastTokenAt - firstTokenAt : 0,
      received,
      maxRssKiB: end.rss,
      frames: end.frames - frames0,
      flushes: end.flushes - flushes0,
      draftMatches: draft === null,
      ...(draft === null ? {} : { draftMismatch: draft }),
      tailRows,
      notes,
    };
  } finally {
    forwarding = false;
    // Quit as runCockpit does, but only once the ticket waits in review (or has ended): a quit between
    // worker.done and the review opening is never settled (controller.shutdown() stays pending, see
    // bench/README.md), and the child would then end with nothing left to run and no report.
    await waitFor(() => app.session.getSnapshot().review?.awaiting === true || app.controller.activeTicket === null, 10_000, "the review").catch(
      () => undefined,
    );
    await withTimeout(app.controller.shutdown(), 10_000, "the controller's shutdown");
    instance?.unmount();
    app.dispose();
    screen.restore();
  }
}

/** null when the store's wrapped draft is the answer wrapped at the same width, else what differs. */
function compareDraft(snapshot: WorkerStreamSnapshot, tokens: number, width: number | null): string | null {
  if (width === null) return "the Worker pane never set the store's width";
  const expected = new WrappedText(width);
  expected.append(expandTabs(sanitizeForTerminal(answerText(tokens))));
  const have = snapshot.rowCount;
  const want = expected.rowCount;
  for (let i = 0; i < Math.max(have, want); i++) {
    const got = i < have ? snapshot.row(i) : undefined;
    const exp = i < want ? expected.row(i) : undefined;
    if (got !== exp) return `row ${i + 1} of ${want} (width ${width}): expected ${JSON.stringify(exp)}, the store has ${JSON.stringify(got)} (${have} rows)`;
  }
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
