import { randomBytes } from "node:crypto";
import { mkdir, open, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { HacoConfig } from "../config/config.js";
import type { HacoEvent } from "../../domain/events/events.js";
import type { LogMetaRecord, LogRecord, PromptTextRecord } from "../../domain/events/logRecords.js";
import { AnswerCoalescer } from "./coalesceAnswers.js";
import { precut, recordBudget, recordLine } from "./capRecord.js";
import { createMasker, maskDeep, type Masker } from "./maskSecrets.js";
import { listLogFiles, logFileName, logsDir, safeRunId } from "./logFiles.js";
import { jsonLine } from "../../domain/text/jsonLine.js";

/**
 * The run log: every event of a run appended to `.haco/logs/<date>-<run>.jsonl`
 * as one JSON object a line, for `haco stats` and for audit (every change
 * traceable to its prompt, its answer and its test run).
 *
 * - The first line of every file is a `log.meta` record (see logRecords.ts).
 * - `worker.token` events are not written: each draft's tokens become one
 *   `worker.answer` record, written just before its `worker.done` (see
 *   coalesceAnswers.ts); `record()` adds the prompt a drafter was sent.
 * - Every string is masked (maskSecrets.ts) before it is written.
 * - Past `logs.maxFileBytes` the run continues in `<base>.2.jsonl`, `.3`…; a
 *   file holds at least one record after its meta line. No record is larger
 *   than what a file holds after that line (and never over 2 MiB): a longer
 *   one keeps the head of its longest strings, marked (capRecord.ts), so no
 *   file passes the limit (unless it is set below 1 KiB).
 * - At most `logs.keepFiles` log files are kept: each time a file is created,
 *   the oldest others (by modification time, then name) are deleted. Only
 *   files named like logs are touched.
 * - Writing never throws into the caller and never blocks it: lines are queued
 *   in order and appended in the background. The first failure is reported
 *   through `onError` and the log stops; a failure to delete old logs is
 *   reported once too, and writing goes on.
 */
export interface RunLog {
  /** The run's id, as in the file name and the meta line. */
  readonly runId: string;
  /** The file being written (it changes on rotation); null when the log is off or could not be opened. */
  readonly file: string | null;
  /** Queues one event. Never throws. */
  write(event: HacoEvent): void;
  /** Queues the prompt a drafter was sent (stamped now). Never throws. */
  record(record: PromptTextInput): void;
  /** Resolves once everything queued so far is written (or the log has failed). */
  flush(): Promise<void>;
  /** Writes the answers of drafts still open (as partial), flushes and closes the file. Later writes are ignored. */
  close(): Promise<void>;
}

export type PromptTextInput = Omit<PromptTextRecord, "ts"> & { ts?: string };

export interface RunLogOptions {
  /** `logs` of .haco/config.yaml: enabled, maxFileBytes, keepFiles. */
  config: HacoConfig["logs"];
  /** `id`: default `<HHMMSS>-<6 hex>` (UTC), so a day's logs sort by start; made file-name safe. `command`: "run", "cockpit"… */
  run: { id?: string; command: string };
  /** Whose secret-looking variables' values are masked; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The first write failure, and the first failure to delete old logs; each at most once. */
  onError?: (error: Error) => void;
  /** haco's version, for the meta line. */
  version?: string;
  /** The clock (the file's date, startedAt, the stamp of records the log adds). */
  now?: () => Date;
}

/** Opens the run's first log file and writes its meta line. Never rejects: a failure goes to `onError` and a log that writes nothing is returned. */
export async function openRunLog(repoRoot: string, options: RunLogOptions): Promise<RunLog> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const runId = safeRunId(options.run.id ?? defaultRunId(started));
  if (!options.config.enabled) return new DisabledLog(runId);
  const meta: LogMetaRecord = {
    type: "log.meta",
    run: runId,
    command: options.run.command,
    startedAt: started.toISOString(),
    ...(options.version ? { version: options.version } : {}),
  };
  const writer = new LogWriter({
    dir: logsDir(repoRoot),
    base: `${started.toISOString().slice(0, 10)}-${runId}`,
    runId,
    meta,
    maxFileBytes: options.config.maxFileBytes,
    keepFiles: options.config.keepFiles,
    mask: createMasker(options.env ?? process.env),
    onError: options.onError ?? (() => {}),
    now,
  });
  try {
    await writer.start();
  } catch (err) {
    options.onError?.(asError(err, `cannot open the run log in ${logsDir(repoRoot)}`));
    return new DisabledLog(runId);
  }
  return writer;
}

function defaultRunId(at: Date): string {
  return `${at.toISOString().slice(11, 19).replace(/:/g, "")}-${randomBytes(3).toString("hex")}`;
}

function asError(err: unknown, context: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${context}: ${message}`, { cause: err });
}

class DisabledLog implements RunLog {
  readonly file = null;
  constructor(readonly runId: string) {}
  write(): void {}
  record(): void {}
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

interface WriterSetup {
  dir: string;
  base: string;
  runId: string;
  meta: LogMetaRecord;
  maxFileBytes: number;
  keepFiles: number;
  mask: Masker;
  onError: (error: Error) => void;
  now: () => Date;
}

class LogWriter implements RunLog {
  readonly runId: string;
  private handle: FileHandle | null = null;
  private part = 0;
  private path: string | null = null;
  /** Bytes in the current file, and how many of them are its meta line. */
  private size = 0;
  private metaBytes = 0;
  private pending: string[] = [];
  private draining: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private failed = false;
  private pruneReported = false;
  private readonly answers = new AnswerCoalescer();

  constructor(private readonly setup: WriterSetup) {
    this.runId = setup.runId;
  }

  get file(): string | null {
    return this.failed ? null : this.path;
  }

  async start(): Promise<void> {
    await mkdir(this.setup.dir, { recursive: true });
    await writeFile(path.join(this.setup.dir, ".gitignore"), "# haco's run logs: prompts and answers stay out of git\n*\n", { flag: "wx" }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
    await this.openNextFile();
  }

  write(event: HacoEvent): void {
    if (this.closing || this.failed) return;
    try {
      for (const record of this.answers.take(event)) this.enqueue(record);
    } catch (err) {
      this.fail(err);
    }
  }

  record(input: PromptTextInput): void {
    if (this.closing || this.failed) return;
    try {
      const record: PromptTextRecord = { type: "prompt.text", ts: input.ts ?? this.setup.now().toISOString(), ticket: input.ticket, system: input.system, prompt: input.prompt };
      this.enqueue(record);
    } catch (err) {
      this.fail(err);
    }
  }

  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.failed) {
        try {
          for (const record of this.answers.flushAll(this.setup.now().toISOString())) this.enqueue(record);
        } catch (err) {
          this.fail(err);
        }
      }
      await this.flush();
      await this.handle?.close().catch(() => {});
      this.handle = null;
    })();
    return this.closing;
  }

  private enqueue(record: LogRecord): void {
    const budget = recordBudget(this.setup.maxFileBytes, this.metaBytes);
    this.pending.push(recordLine(maskDeep(precut(record, 2 * budget), this.setup.mask), budget));
    this.kick();
  }

  private kick(): void {
    if (this.draining || this.failed) return;
    this.draining = this.drain()
      .catch((err: unknown) => this.fail(err))
      .finally(() => {
        this.draining = null;
        // Lines queued while the last append was finishing.
        if (this.pending.length > 0) this.kick();
      });
  }

  /** Appends the queued lines in order, batched, rotating where a line would take the file past the limit. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.failed) {
      const lines = this.pending.splice(0);
      let chunk = "";
      let chunkBytes = 0;
      for (const line of lines) {
        const bytes = Buffer.byteLength(line);
        const used = this.size + chunkBytes;
        if (used > this.metaBytes && used + bytes > this.setup.maxFileBytes) {
          if (chunk) await this.append(chunk, chunkBytes);
          chunk = "";
          chunkBytes = 0;
          await this.openNextFile();
        }
        chunk += line;
        chunkBytes += bytes;
      }
      if (chunk) await this.append(chunk, chunkBytes);
    }
  }

  private async append(chunk: string, bytes: number): Promise<void> {
    await this.handle!.appendFile(chunk);
    this.size += bytes;
  }

  /** Closes the current file and creates the next part (a name already taken is skipped), meta line first; then applies retention. */
  private async openNextFile(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    for (;;) {
      this.part++;
      const file = path.join(this.setup.dir, logFileName(this.setup.base, this.part));
      try {
        this.handle = await open(file, "ax");
        this.path = file;
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST" || this.part > 10_000) throw err;
      }
    }
    const meta = `${jsonLine(maskDeep(this.setup.meta, this.setup.mask))}\n`;
    this.size = 0;
    await this.append(meta, Buffer.byteLength(meta));
    this.metaBytes = this.size;
    await this.prune();
  }

  private async prune(): Promise<void> {
    try {
      const current = path.basename(this.path!);
      const others = (await listLogFiles(this.setup.dir)).filter((f) => f.name !== current);
      const excess = others.length + 1 - this.setup.keepFiles;
      if (excess <= 0) return;
      const dated = await Promise.all(
        others.map(async (f) => ({ name: f.name, mtime: await stat(path.join(this.setup.dir, f.name)).then((s) => s.mtimeMs, () => 0) })),
      );
      dated.sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const old of dated.slice(0, excess)) await rm(path.join(this.setup.dir, old.name), { force: true });
    } catch (err) {
      if (this.pruneReported) return;
      this.pruneReported = true;
      this.setup.onError(asError(err, `cannot delete old run logs in ${this.setup.dir}`));
    }
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.pending = [];
    this.setup.onError(asError(err, `the run log ${this.path ?? this.setup.dir} stopped`));
    void this.handle?.close().catch(() => {});
    this.handle = null;
  }
}
