import { Journal } from "../adapters/workspace/journal.js";
import { SIGNAL_EXIT_CODES } from "../tui/terminal.js";

/**
 * SIGINT and SIGTERM always end a headless run promptly. The first asks the
 * run to stop (the draft is cancelled at the server, the tests are stopped)
 * and lets it wind down as it would on Esc. Whatever it is stuck in (a hook
 * that never returns, a file that blocks), once GRACE_MS have passed or a
 * second signal comes, haco puts right what its journals hold — a landed
 * commit finished, anything else restored, files changed since kept — and
 * exits with 128 + the signal's number. A commit whose HEAD may be moving is
 * waited for first; a signal during that wait leaves at once, the journal
 * left as a kill would leave it (the next run or 'haco rollback' finishes it).
 */

const GRACE_MS = 3_000;
const EXIT_CODES = { SIGINT: SIGNAL_EXIT_CODES.SIGINT, SIGTERM: SIGNAL_EXIT_CODES.SIGTERM } as const;
type StopSignal = keyof typeof EXIT_CODES;

export function stopOnSignals(controller: AbortController, say: (line: string) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let forcing = false;
  const force = (signal: StopSignal) => {
    if (forcing) {
      // Only a commit under way is waited for (see Journal.stopAll); one more signal does not wait even for that.
      say("stopped at once: what the journals hold is left for 'haco rollback' (or the next run) to put right");
      process.exit(EXIT_CODES[signal]);
    }
    forcing = true;
    void Journal.stopAll(say)
      .then((done) => {
        for (const line of done) say(line);
      })
      .catch((err: unknown) => say(`could not put every file back (${err instanceof Error ? err.message : String(err)}) — run 'haco rollback'`))
      .finally(() => process.exit(EXIT_CODES[signal]));
  };
  const onSignal = (signal: StopSignal) => {
    if (controller.signal.aborted) return force(signal);
    controller.abort();
    // Unref'd: a run that winds down in time exits on its own, with its own exit code.
    timer = setTimeout(() => force(signal), GRACE_MS);
    timer.unref();
  };
  const handlers = (Object.keys(EXIT_CODES) as StopSignal[]).map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return () => {
    if (timer) clearTimeout(timer);
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
