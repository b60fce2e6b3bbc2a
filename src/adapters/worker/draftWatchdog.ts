import type { StallPhase } from "./workerError.js";

/**
 * What ends a draft other than its own end, for every worker backend: the
 * caller's cancel (Esc, quit) and the stall watchdog (no first token, or no
 * next one, in time). Every wait of a draft races `aborted`, so a stall or a
 * cancel ends it even if a fetch implementation ignored its signal; `cause`
 * then says which it was, for the error the user reads.
 */

export type AbortCause = { kind: "caller" } | { kind: "stall"; phase: StallPhase; timeoutMs: number };

/** Thrown by onToken: the caller's own error, passed through untouched. */
export class CallbackFailure {
  constructor(readonly error: unknown) {}
}

export interface DraftWatchdog {
  /** Aborted on a cancel or a stall: give it to the request. */
  readonly signal: AbortSignal;
  /** Rejects once the draft is aborted; race every wait against it. */
  readonly aborted: Promise<never>;
  /** Why the draft was aborted, or null. */
  cause(): AbortCause | null;
  /** (Re)arms the watchdog: the next token must come within `timeoutMs` (0 or Infinity: never fires). */
  watch(phase: StallPhase, timeoutMs: number): void;
  /** The draft is over: no timer left, no listener on the caller's signal, the request hung up. */
  dispose(): void;
}

export function startWatchdog(callerSignal: AbortSignal | undefined): DraftWatchdog {
  const controller = new AbortController();
  let cause: AbortCause | null = null;
  const abortWith = (why: AbortCause): void => {
    if (cause) return;
    cause = why;
    controller.abort();
  };
  const onCallerAbort = (): void => abortWith({ kind: "caller" });
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    signal: controller.signal,
    aborted,
    cause: () => cause,
    watch(phase, timeoutMs) {
      clearTimeout(timer);
      // setTimeout treats Infinity as 1 ms; a disabled watchdog must never fire.
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return;
      timer = setTimeout(() => abortWith({ kind: "stall", phase, timeoutMs }), timeoutMs);
    },
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      controller.abort();
    },
  };
}

/** `work`, unless the draft is aborted first. */
export async function raceAbort<T>(work: Promise<T>, aborted: Promise<never>): Promise<T> {
  // If the abort wins, the losing promise still rejects later; nobody must see that as unhandled.
  work.catch(() => {});
  return Promise.race([work, aborted]);
}
