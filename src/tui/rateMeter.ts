/**
 * Live tokens per second, measured from when tokens arrive (the server's own
 * eval rate only comes with the last chunk), over a sliding window so the
 * number follows the model's pace instead of averaging the whole answer.
 * It also keeps one sample per bucket for the sparkline.
 */
export class RateMeter {
  private arrivals: number[] = [];
  private head = 0;
  private firstAt: number | null = null;
  private nextSampleAt = 0;
  private readonly history: number[] = [];

  constructor(
    private readonly windowMs = 2000,
    private readonly bucketMs = 250,
    private readonly keep = 240,
  ) {}

  add(count: number, now: number): void {
    if (this.firstAt === null) {
      this.firstAt = now;
      this.nextSampleAt = now + this.bucketMs;
    }
    for (let i = 0; i < count; i++) this.arrivals.push(now);
  }

  /** Tokens per second over the window ending at `at`; null until there is enough to measure. */
  rate(at: number): number | null {
    if (this.firstAt === null) return null;
    const span = Math.min(this.windowMs, at - this.firstAt);
    // Under a quarter second the rate is noise (one chunk over a few ms reads as thousands per second).
    if (span < 250) return null;
    // Tokens in (at - span, at]: the one that opened the window marks its start, it is not counted in it.
    let count = 0;
    for (let i = this.head; i < this.arrivals.length; i++) {
      const t = this.arrivals[i]!;
      if (t > at) break;
      if (t > at - span) count++;
    }
    return (count * 1000) / span;
  }

  /** Records the rate for every bucket that has ended by `now`; a stall shows as falling bars. */
  sample(now: number): void {
    if (this.firstAt === null) return;
    while (now >= this.nextSampleAt) {
      this.history.push(this.rate(this.nextSampleAt) ?? 0);
      this.nextSampleAt += this.bucketMs;
    }
    if (this.history.length > this.keep) this.history.splice(0, this.history.length - this.keep);
    this.drop(this.nextSampleAt - this.bucketMs - this.windowMs);
  }

  samples(): readonly number[] {
    return this.history.slice();
  }

  reset(): void {
    this.arrivals = [];
    this.head = 0;
    this.firstAt = null;
    this.history.length = 0;
  }

  /** Forgets arrivals no window still needs; compacts now and then so a long answer does not keep every timestamp. */
  private drop(before: number): void {
    while (this.head < this.arrivals.length && this.arrivals[this.head]! <= before) this.head++;
    if (this.head > 4096) {
      this.arrivals = this.arrivals.slice(this.head);
      this.head = 0;
    }
  }
}
