/**
 * The listener set behind every store the cockpit reads with
 * useSyncExternalStore: subscribe hands back its own unsubscribe, and notify
 * iterates a copy so a listener may unsubscribe while being called.
 */
export class Subscribers {
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  clear(): void {
    this.listeners.clear();
  }
}
