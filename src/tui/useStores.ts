import { useSyncExternalStore } from "react";
import type { ReducerStore } from "./reducerStore.js";
import type { TestLogSnapshot, TestLogStore } from "./testLog.js";
import type { WorkerStreamSnapshot, WorkerStreamStore } from "./workerStream.js";

/** The draft as of the last frame (≤ 30 a second): only the component that calls this re-renders per frame. */
export function useWorkerStream(store: WorkerStreamStore): WorkerStreamSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useTestLog(store: TestLogStore): TestLogSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useReducerStore<S, A>(store: ReducerStore<S, A>): S {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
