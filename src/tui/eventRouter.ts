import type { HacoEvent } from "../domain/events/events.js";
import type { CockpitAction } from "./cockpitState.js";
import type { TestLogStore } from "./testLog.js";
import type { WorkerStreamStore } from "./workerStream.js";

export interface EventTargets {
  session: (action: CockpitAction) => void;
  stream: WorkerStreamStore;
  tests: TestLogStore;
  /** Sees every event first (a run log, a test, a benchmark). */
  observe?: (event: HacoEvent) => void;
}

/**
 * Sends each session event where it belongs: tokens and test lines, the
 * high-frequency ones, only to their throttled stores; everything else to the
 * session reducer and to the stores that key off it (a new ticket clears them).
 */
export function routeEvents(targets: EventTargets): (event: HacoEvent) => void {
  return (event) => {
    targets.observe?.(event);
    switch (event.type) {
      case "worker.token":
        targets.stream.handle(event);
        return;
      case "test.output":
        targets.tests.handle(event);
        return;
      default:
        targets.stream.handle(event);
        targets.tests.handle(event);
        targets.session(event);
    }
  };
}
