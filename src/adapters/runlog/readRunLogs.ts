import { readFile } from "node:fs/promises";
import path from "node:path";
import { isRecordObject, type LogMetaRecord } from "../../domain/events/logRecords.js";
import { listLogFiles, logsDir } from "./logFiles.js";

export interface SkippedLine {
  /** The log file's name in .haco/logs/. */
  file: string;
  /** 1-based. */
  line: number;
}

export interface RunLogContents {
  /** The files read, in reading order (by date and run, then part). */
  files: string[];
  /** Every line that is a JSON object with a string `type`, in file order. */
  records: unknown[];
  /** Lines that are not: a torn last line after a crash, a hand edit. Blank lines are not counted. */
  skipped: SkippedLine[];
}

/**
 * Reads every `.haco/logs/*.jsonl` (only files named like haco's logs). Every
 * file's records start with a `log.meta`: a file whose first line was lost
 * gets one made from its name (command "unknown"), so its lines are never
 * taken for the previous file's run.
 */
export async function readRunLogs(repoRoot: string): Promise<RunLogContents> {
  const dir = logsDir(repoRoot);
  const contents: RunLogContents = { files: [], records: [], skipped: [] };
  for (const file of await listLogFiles(dir)) {
    let text: string;
    try {
      text = await readFile(path.join(dir, file.name), "utf8");
    } catch (err) {
      // Deleted by another haco's retention between the listing and now.
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    contents.files.push(file.name);
    let first = true;
    text.split("\n").forEach((line, index) => {
      if (line.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      if (!isRecordObject(value)) {
        contents.skipped.push({ file: file.name, line: index + 1 });
        return;
      }
      if (first && value.type !== "log.meta") {
        const made: LogMetaRecord = { type: "log.meta", run: file.base.slice("YYYY-MM-DD-".length), command: "unknown", startedAt: `${file.base.slice(0, 10)}T00:00:00.000Z` };
        contents.records.push(made);
      }
      first = false;
      contents.records.push(value);
    });
  }
  return contents;
}
