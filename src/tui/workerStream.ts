import type { GpuReadout } from "../domain/gpu/gpuReadout.js";
import type { HacoEvent } from "../domain/events/events.js";
import type { DraftStats, VramReadout } from "../domain/draftStats.js";
import { sanitizeForTerminal } from "../domain/text/sanitize.js";
import { FrameScheduler, realTimers, type Timers } from "./frameScheduler.js";
import { RateMeter } from "./rateMeter.js";
import { expandTabs } from "./wrapText.js";
import { WrappedText } from "./wrappedText.js";
import { Subscribers } from "./subscribers.js";

/**
 * The worker's live draft, outside React: tokens land here many times a
 * second and the Worker pane reads a snapshot at most 30 times a second
 * (useSyncExternalStore), so a token never re-renders the ticket list.
 */

export type WorkerPhase = "idle" | "prompt" | "loading" | "reading" | "generating" | "done" | "aborted" | "failed";

const ACTIVE: ReadonlySet<WorkerPhase> = new Set(["prompt", "loading", "reading", "generating"]);

export function isActivePhase(phase: WorkerPhase): boolean {
  return ACTIVE.has(phase);
}

export type WorkerFinal = Omit<DraftStats, "model">;

export interface WorkerStreamSnapshot {
  /** Bumped on every frame; cheap equality for memo and tests. */
  version: number;
  ticket: string | null;
  model: string | null;
  host: string | null;
  phase: WorkerPhase;
  startedAt: number | null;
  firstTokenAt: number | null;
  endedAt: number | null;
  /** The clock at this frame, so elapsed time is a pure function of the snapshot. */
  now: number;
  tokens: number;
  liveRate: number | null;
  rates: readonly number[];
  final: WorkerFinal | null;
  /** The model in memory: from polling while it loads, then from `worker.done`. */
  vram: VramReadout | null;
  /** undefined until the first probe answers; null means no tool or no numbers ("n/a"). */
  gpu: GpuReadout | null | undefined;
  error: string | null;
  rowCount: number;
  /** Rows of the wrapped draft; read only indices below rowCount. */
  row: (index: number) => string;
}

/** How often an active draft redraws without tokens: the elapsed clock and a stall's falling rate. */
const HEARTBEAT_MS = 250;

export class WorkerStreamStore {
  private readonly subscribers = new Subscribers();
  private readonly text = new WrappedText(80);
  private readonly meter = new RateMeter();
  private readonly frames: FrameScheduler;
  private heartbeat: unknown = null;
  private version = 0;
  private ticket: string | null = null;
  private model: string | null = null;
  private host: string | null = null;
  private phase: WorkerPhase = "idle";
  private startedAt: number | null = null;
  private firstTokenAt: number | null = null;
  private endedAt: number | null = null;
  private tokens = 0;
  private final: WorkerFinal | null = null;
  private vram: VramReadout | null = null;
  private gpu: GpuReadout | null | undefined = undefined;
  private error: string | null = null;
  private snapshot: WorkerStreamSnapshot;

  constructor(private readonly timers: Timers = realTimers) {
    this.frames = new FrameScheduler(this.frame, timers);
    this.snapshot = this.build();
  }

  readonly subscribe = this.subscribers.subscribe;

  readonly getSnapshot = (): WorkerStreamSnapshot => this.snapshot;

  handle(event: HacoEvent): void {
    const now = this.timers.now();
    switch (event.type) {
      case "ticket.start":
        this.reset(event.ticket, "prompt");
        break;
      case "worker.start":
        // A new draft of the ticket (a retry, Claude taking over, another endpoint after one failed) starts clean.
        if (this.tokens > 0 || this.final !== null) this.reset(event.ticket, "loading");
        this.model = event.model;
        this.host = event.host;
        this.phase = "loading";
        this.startedAt = now;
        break;
      case "worker.token": {
        if (event.text === "") return;
        if (this.phase !== "generating") {
          this.phase = "generating";
          this.firstTokenAt = now;
        }
        this.tokens++;
        this.meter.add(1, now);
        // Untrusted text: escape and control sequences are dropped before they can reach the screen.
        this.text.append(expandTabs(sanitizeForTerminal(event.text)));
        break;
      }
      case "worker.done":
        this.phase = "done";
        this.endedAt = now;
        this.tokens = event.tokens;
        this.model = event.model;
        this.vram = event.vram ?? this.vram;
        this.final = {
          tokens: event.tokens,
          tokensPerSec: event.tokensPerSec,
          ttftMs: event.ttftMs,
          totalMs: event.totalMs,
          promptTokens: event.promptTokens,
          loadMs: event.loadMs,
          doneReason: event.doneReason,
        };
        break;
      case "error":
        if (event.ticket !== this.ticket || !isActivePhase(this.phase)) return;
        this.stop(event.code === "worker_aborted" ? "aborted" : "failed", sanitizeForTerminal(event.message), now);
        break;
      case "ticket.done":
        if (event.ticket === this.ticket && isActivePhase(this.phase)) {
          // Refused before the worker was asked (e.g. a file it may not see): nothing was drafted.
          if (this.phase === "prompt") this.phase = "idle";
          else this.stop("failed", event.reason ? sanitizeForTerminal(event.reason) : null, now);
        }
        break;
      default:
        return;
    }
    this.frames.request();
  }

  /** While the first token is awaited: is the model in memory yet (reading the prompt) or still loading? */
  setLoadProbe(vram: VramReadout | null): void {
    if (this.phase !== "loading" && this.phase !== "reading") return;
    this.phase = vram ? "reading" : "loading";
    if (vram) this.vram = vram;
    this.frames.request();
  }

  setGpu(readout: GpuReadout | null): void {
    this.gpu = readout;
    this.frames.request();
  }

  /** The Worker pane's inner width; a change re-wraps the draft once. */
  setWidth(width: number): void {
    this.text.setWidth(width);
    this.frames.request();
  }

  dispose(): void {
    this.frames.cancel();
    if (this.heartbeat !== null) this.timers.clearTimeout(this.heartbeat);
    this.heartbeat = null;
    this.subscribers.clear();
  }

  private reset(ticket: string, phase: WorkerPhase): void {
    this.ticket = ticket;
    this.phase = phase;
    this.startedAt = this.firstTokenAt = this.endedAt = null;
    this.tokens = 0;
    this.final = null;
    this.vram = null;
    this.error = null;
    this.text.clear();
    this.meter.reset();
  }

  private stop(phase: WorkerPhase, error: string | null, now: number): void {
    this.phase = phase;
    this.error = error;
    this.endedAt = now;
  }

  private readonly frame = (): void => {
    this.snapshot = this.build();
    this.subscribers.notify();
    if (isActivePhase(this.phase) && this.heartbeat === null) {
      this.heartbeat = this.timers.setTimeout(() => {
        this.heartbeat = null;
        this.frames.request();
      }, HEARTBEAT_MS);
    }
  };

  private build(): WorkerStreamSnapshot {
    const now = this.timers.now();
    const generating = this.phase === "generating";
    if (generating) this.meter.sample(now);
    const text = this.text;
    return {
      version: ++this.version,
      ticket: this.ticket,
      model: this.model,
      host: this.host,
      phase: this.phase,
      startedAt: this.startedAt,
      firstTokenAt: this.firstTokenAt,
      endedAt: this.endedAt,
      now,
      tokens: this.tokens,
      liveRate: generating ? this.meter.rate(now) : null,
      rates: this.meter.samples(),
      final: this.final,
      vram: this.vram,
      gpu: this.gpu,
      error: this.error,
      rowCount: text.empty ? 0 : text.rowCount,
      row: (index) => text.row(index),
    };
  }
}
