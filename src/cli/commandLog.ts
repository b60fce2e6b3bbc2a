import type { HacoConfig } from "../adapters/config/config.js";
import { openRunLog, type RunLog } from "../adapters/runlog/index.js";
import { stamp, type EventInput } from "../domain/events/events.js";

export interface CommandLog {
  log: RunLog;
  /** Stamps the event once, so that the output and the run log carry the very same event, and writes it to both. */
  emitAndRecord(event: EventInput): void;
}

/** The run log of one CLI command (`haco run`, `haco plan`), with every event it emits going there too. */
export async function openCommandLog(
  repoRoot: string,
  config: HacoConfig,
  command: string,
  emit: (event: EventInput) => void,
): Promise<CommandLog> {
  const log = await openRunLog(repoRoot, {
    config: config.logs,
    run: { command },
    onError: (err) => process.stderr.write(`haco: the run log stopped: ${err.message}\n`),
  });
  return {
    log,
    emitAndRecord(event) {
      const stamped = stamp(event);
      emit(stamped as EventInput);
      log.write(stamped);
    },
  };
}
