import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/runlog");

/** The recorded log's files in reading order (run, then part). */
export const FIXTURE_FILES = ["2025-03-03-r1.jsonl", "2025-03-10-r2.jsonl", "2025-03-10-r2.2.jsonl"];

/** Every line of the fixture that parses, in order (the torn last line is left out, as the reader does). */
export function fixtureRecords(): unknown[] {
  return FIXTURE_FILES.flatMap((name) =>
    readFileSync(path.join(FIXTURE_DIR, name), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as unknown];
        } catch {
          return [];
        }
      }),
  );
}
