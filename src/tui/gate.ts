/**
 * One question the session waits on and a key press answers (a review, a
 * choice after failing tests, a commit message). At most one is open; asking
 * again settles the old one with `fallback`, so a session can never hang on
 * a question nobody will answer.
 */
export class Gate<T> {
  private settleFn: ((value: T) => void) | null = null;

  constructor(private readonly fallback: T) {}

  get open(): boolean {
    return this.settleFn !== null;
  }

  wait(): Promise<T> {
    this.settle(this.fallback);
    return new Promise<T>((resolve) => (this.settleFn = resolve));
  }

  /** Answers the open question; false when none was open. */
  settle(value: T): boolean {
    const settle = this.settleFn;
    if (!settle) return false;
    this.settleFn = null;
    settle(value);
    return true;
  }

  /** Quit or abort: the open question gets the fallback (nothing written, changes restored). */
  cancel(): void {
    this.settle(this.fallback);
  }
}
