import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import type { HacoEvent } from "../../src/domain/events/events.js";

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/haco.js");

export interface HacoRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in `cwd`, with a clean haco-related environment. */
export async function runHaco(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<HacoRun> {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    reject: false,
    input: options.input ?? "",
    env: hacoEnv(options.env),
    extendEnv: true,
    stripFinalNewline: false,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The environment the CLI runs in: the machine's, minus any haco or Anthropic setting of its own. */
export function hacoEnv(env: Record<string, string> = {}): Record<string, string> {
  return { OLLAMA_HOST: "", HACO_WORKER_MODEL: "", ANTHROPIC_API_KEY: "", ANTHROPIC_AUTH_TOKEN: "", ANTHROPIC_BASE_URL: "", NO_COLOR: "1", ...env };
}

/** Parses stdout as NDJSON, failing the test if any line is not a JSON object. */
export function parseEvents(stdout: string): HacoEvent[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const value = JSON.parse(line) as HacoEvent;
      if (typeof value !== "object" || value === null || typeof value.type !== "string" || typeof value.ts !== "string") {
        throw new Error(`not an event line: ${line}`);
      }
      return value;
    });
}

export function eventsOf<T extends HacoEvent["type"]>(events: HacoEvent[], type: T): Extract<HacoEvent, { type: T }>[] {
  return events.filter((e): e is Extract<HacoEvent, { type: T }> => e.type === type);
}
