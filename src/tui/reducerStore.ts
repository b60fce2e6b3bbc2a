import { Subscribers } from "./subscribers.js";

/**
 * A reducer whose state lives outside React, so the controller (plain
 * TypeScript, no hooks) can dispatch session events into it and components
 * read it with useSyncExternalStore. Session events are few per second; no
 * frame throttling is needed here (the token stream has its own store).
 */
export class ReducerStore<S, A> {
  private readonly subscribers = new Subscribers();

  constructor(
    private readonly reducer: (state: S, action: A) => S,
    private state: S,
  ) {}

  readonly dispatch = (action: A): void => {
    const next = this.reducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    this.subscribers.notify();
  };

  readonly subscribe = this.subscribers.subscribe;

  readonly getSnapshot = (): S => this.state;
}
