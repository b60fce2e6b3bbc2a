/**
 * A measurement process of `npm run bench:stream`, started by the parent
 * (bench/stream.ts), one per measurement so CPU time and peak RSS belong to
 * that run alone:
 *
 *   node child.js cockpit TOKENS HOST MODEL REPO COLUMNS ROWS
 *   node child.js bare TOKENS HOST MODEL
 *
 * The report goes out as JSON on fd 3; the cockpit's terminal bytes on fd 4.
 */

import { Socket } from "node:net";
import { REPORT_FD, SCREEN_FD, type ChildReport } from "./report.js";
import { loadInkLive } from "../../src/tui/loadInkLive.js";

// Ink decides at import whether it runs in CI (CI or CONTINUOUS_INTEGRATION set) and then draws
// nothing until exit. The parent already leaves them out; the cockpit is imported only after this.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;

function end(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.end(resolve));
}

let reported = false;
// A promise nobody settles and no timer left: Node would exit 0 without a report. Say so instead.
process.on("beforeExit", () => {
  if (reported) return;
  process.stderr.write("bench child: the event loop ran dry before the report (a promise nobody settles)\n");
  process.exitCode = 1;
});

async function main(): Promise<void> {
  const [mode, tokensArg, host, model, repoRoot, columnsArg, rowsArg] = process.argv.slice(2);
  const tokens = Number(tokensArg);
  if (!Number.isInteger(tokens) || tokens < 1 || !host || !model) throw new Error(`bad arguments: ${process.argv.slice(2).join(" ")}`);
  const report = new Socket({ fd: REPORT_FD, readable: false, writable: true });
  let result: ChildReport;
  if (mode === "cockpit") {
    if (!repoRoot) throw new Error("cockpit needs a repository");
    const screen = new Socket({ fd: SCREEN_FD, readable: false, writable: true });
    // As haco's own entry points do: frames drawn live even where CI is set.
    await loadInkLive();
    const { runCockpitChild } = await import("./cockpitChild.js");
    result = await runCockpitChild({
      tokens,
      host,
      model,
      repoRoot,
      columns: Number(columnsArg),
      rows: Number(rowsArg),
      sink: (chunk) => void screen.write(chunk),
    });
    await end(screen);
  } else if (mode === "bare") {
    const { runBareChild } = await import("./bareChild.js");
    result = await runBareChild({ tokens, host, model });
  } else {
    throw new Error(`unknown mode ${String(mode)}`);
  }
  report.write(JSON.stringify(result));
  await end(report);
  reported = true;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
