import { Console } from "node:console";

/** Every console method that writes to stdout (console.error, warn and trace already use stderr). */
const STDOUT_METHODS = ["log", "info", "debug", "dir", "dirxml", "table", "count", "group", "groupCollapsed", "timeLog", "timeEnd"] as const;

/**
 * Points the console's stdout methods at stderr for the whole process. haco
 * writes what a command produces with process.stdout.write, and stdout is a
 * contract (`--json` is one JSON value or event per line): a library that
 * logs — the ollama client prints "Getting text from response" when a server
 * answers with an error page — must not break it. The cockpit is unaffected:
 * Ink patches the console itself while it draws.
 */
export function routeConsoleToStderr(): void {
  const toStderr = new Console({ stdout: process.stderr, stderr: process.stderr });
  // groupEnd must come from the same Console as group, or the indentation never shrinks.
  for (const method of [...STDOUT_METHODS, "groupEnd"] as const) {
    (console as unknown as Record<string, unknown>)[method] = toStderr[method].bind(toStderr);
  }
}
