import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Where run logs live and how their files are named:
 *
 * ```
 * .haco/logs/<YYYY-MM-DD>-<run>.jsonl     the run's first file (the UTC date it started)
 * .haco/logs/<YYYY-MM-DD>-<run>.2.jsonl   its continuation once the first passed logs.maxFileBytes, then .3…
 * .haco/logs/.gitignore                   `*`: logs hold prompts and answers, never committed
 * ```
 *
 * A run id has no dots, so the part number after the last one is unambiguous.
 */

export const LOGS_DIR = ".haco/logs";

export function logsDir(repoRoot: string): string {
  return path.join(repoRoot, ...LOGS_DIR.split("/"));
}

/** Only files of this shape are haco's logs: anything else in the directory is never read nor deleted. */
const LOG_FILE = /^(\d{4}-\d{2}-\d{2}-[A-Za-z0-9_-]+?)(?:\.(\d+))?\.jsonl$/;

export interface LogFileName {
  name: string;
  /** `<date>-<run>`: the same for every part of one run. */
  base: string;
  /** 1 for the first file, 2 for `.2.jsonl`… */
  part: number;
}

export function parseLogFileName(name: string): LogFileName | null {
  const m = LOG_FILE.exec(name);
  if (!m) return null;
  const part = m[2] === undefined ? 1 : Number(m[2]);
  if (!Number.isSafeInteger(part) || (m[2] !== undefined && part < 2)) return null;
  return { name, base: m[1]!, part };
}

export function logFileName(base: string, part: number): string {
  return part <= 1 ? `${base}.jsonl` : `${base}.${part}.jsonl`;
}

/** A caller's run id made safe for a file name: letters, digits, `_` and `-` (at most 64). */
export function safeRunId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
  return safe === "" ? "run" : safe;
}

/** The log files in the directory, in reading order: by base (date, then run id), then part. */
export async function listLogFiles(dir: string): Promise<LogFileName[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return names
    .map(parseLogFileName)
    .filter((f): f is LogFileName => f !== null)
    .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : a.part - b.part));
}
