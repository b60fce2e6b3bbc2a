import type { Timers } from "../../src/tui/frameScheduler.js";

/** A clock that moves only when the test says so: frames are counted, never timed. */
export interface ManualTimers extends Timers {
  advance(ms: number): void;
}

export function manualTimers(start = 1_000_000): ManualTimers {
  let now = start;
  let next = 0;
  const queue: { at: number; id: number; fn: () => void }[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(0, ms), id: ++next, fn };
      queue.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      const at = queue.indexOf(handle as (typeof queue)[number]);
      if (at >= 0) queue.splice(at, 1);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = queue.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        queue.splice(queue.indexOf(due), 1);
        now = due.at;
        due.fn();
      }
      now = target;
    },
  };
}
