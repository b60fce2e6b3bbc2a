/**
 * Coalesces changes into frames: however many tokens arrive, listeners hear
 * at most one change per `frameMs` (30 frames/s by default). The timer
 * functions are injectable so tests count frames against a fake clock
 * instead of wall time.
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    // A pending frame must never keep haco alive on its own (fake timers in tests may lack unref).
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export const MAX_FPS = 30;
export const FRAME_MS = Math.ceil(1000 / MAX_FPS);

export class FrameScheduler {
  private handle: unknown = null;
  private lastFrameAt = -Infinity;

  constructor(
    private readonly onFrame: () => void,
    private readonly timers: Timers = realTimers,
    private readonly frameMs: number = FRAME_MS,
  ) {}

  /** Asks for a frame; the first request after a quiet spell is served on the next tick. */
  request(): void {
    if (this.handle !== null) return;
    const wait = Math.max(0, this.lastFrameAt + this.frameMs - this.timers.now());
    this.handle = this.timers.setTimeout(this.run, wait);
  }

  /** Drops a pending frame (on dispose). */
  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private readonly run = (): void => {
    this.handle = null;
    this.lastFrameAt = this.timers.now();
    this.onFrame();
  };
}
