import { lstat, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import { writeFileAtomic } from "../workspace/atomicWrite.js";
import { committedTicketIds } from "../workspace/ticketHistory.js";
import { doneIds, writeDoneResult, type QueueDoneResult } from "./doneResults.js";
import { freeName, moveInto, moveTo } from "./queueFiles.js";
import { uniqueQueuedId } from "./queueIds.js";
import { ensureQueueDirs, isQueueCandidate, queueDisplayPath, queuePaths, safeStem, type QueuePaths } from "./queueLayout.js";
import { readQueuedFile, type QueueTiming } from "./readQueuedFile.js";

/** Where a queued ticket came from. */
export interface QueueProvenance {
  /** The id haco runs it under (unique; see queueIds.ts). */
  id: string;
  /** The id its file gave it. */
  originalId: string;
  /** Its file's name when it was dropped in `.haco/queue/`. */
  queuedFile: string;
  /** Where that file is now: `.haco/queue/taken/<name>`. */
  ticketFile: string;
}

/** A ticket from the queue: a LoadedTicket (source.file is its file in taken/) that knows where it came from. */
export interface QueuedTicket extends LoadedTicket {
  queue: QueueProvenance;
}

export interface TakenFile {
  /** The name it had in `.haco/queue/`. */
  file: string;
  /** `.haco/queue/taken/<name>`. */
  ticketFile: string;
  ids: string[];
}

/** A taken file moved back into the queue (see TicketQueue.putBack). */
export interface PutBackFile {
  /** Where it was: `.haco/queue/taken/<name>`. */
  ticketFile: string;
  /** Where it is now: `.haco/queue/<name>`. */
  file: string;
  /** The ids its file gives its tickets. */
  ids: string[];
  /** The ids this run had given them (a colliding one was renamed; see queueIds.ts). */
  runIds: string[];
}

export interface RejectedFile {
  file: string;
  /** `.haco/queue/rejected/<name>`. */
  rejectedFile: string;
  /** `.haco/queue/rejected/<name>.error.txt`. */
  errorFile: string;
  /** The loader's message: names the file, the field and what was expected. */
  message: string;
}

export interface QueueBatch {
  /** Every ticket taken by this poll, file by file (oldest file first), in file order. */
  tickets: QueuedTicket[];
  taken: TakenFile[];
  rejected: RejectedFile[];
  /** Files left for a later poll: still being written, not parsing yet (see readQueuedFile.ts), or failed below. */
  waiting: string[];
  /**
   * Files that could not be read or moved this time (a permission, a file
   * locked on Windows): they stay in the queue and are tried again; one such
   * file never costs the others of the batch their tickets.
   */
  errors: { file: string; error: unknown }[];
}

export interface TicketQueueOptions {
  /** Default 100 ms. */
  settleMs?: number;
  /** Default 2000 ms. */
  rejectAfterMs?: number;
  /** The clock file ages are measured against (ms since the epoch). */
  now?: () => number;
}

export interface TakeOptions {
  /**
   * Ids a queued ticket must not take (the plan's tickets, tickets already
   * run). The queue adds the ids it handed out, those with a result in done/
   * and those a commit in this branch carries (its `Haco-Ticket` trailer).
   */
  existingIds?: Iterable<string>;
}

export interface WatchOptions {
  /** How often the queue is read; default 250 ms, so a dropped file shows within a second. */
  intervalMs?: number;
  /** Read before every poll: the ids in use at that moment. */
  existingIds?: () => Iterable<string>;
  /** A poll that failed (the queue is retried at the next one). Default: kept in `lastError` only. */
  onError?: (error: unknown) => void;
}

export interface QueueWatcher {
  /** Stops polling; resolves once a poll under way has delivered its batch. */
  stop(): Promise<void>;
  /** The last poll's error, or null. */
  readonly lastError: unknown;
}

/** Most filesystems cap a name at 255 bytes; `<name>.error.txt` (and a `-2`) must fit beside the file. */
function shortEnoughForErrorFile(name: string): string {
  if (Buffer.byteLength(name) <= 200) return name;
  const ext = path.extname(name);
  let stem = name.slice(0, name.length - ext.length);
  while (Buffer.byteLength(stem) + ext.length > 200) stem = stem.slice(0, -1);
  return `${stem}${ext}`;
}

const REJECTED_HINT = "Fix the file and queue it again: haco queue add FILE (or move it back into .haco/queue/).";

export const QUEUE_DEFAULTS = { settleMs: 100, rejectAfterMs: 2000, intervalMs: 250 } as const;

/**
 * haco's end of the ticket queue (layout in queueLayout.ts): takes the files
 * dropped in `.haco/queue/`, exactly once each, and writes each ticket's
 * result to `.haco/queue/done/<id>.json`. One haco per repository should read
 * a queue; a second one reading at the same time still never takes a file
 * twice (the move to taken/ is the claim).
 */
export class TicketQueue {
  private readonly timing: QueueTiming;
  private readonly handedOut = new Map<string, QueueProvenance>();
  /** takeNew calls run one after another, so ids are handed out once. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly repoRoot: string,
    options: TicketQueueOptions = {},
  ) {
    this.timing = {
      settleMs: options.settleMs ?? QUEUE_DEFAULTS.settleMs,
      rejectAfterMs: options.rejectAfterMs ?? QUEUE_DEFAULTS.rejectAfterMs,
      now: options.now ?? Date.now,
    };
  }

  /** Reads every complete ticket file in the queue, moves it to taken/ (or rejected/) and returns its tickets. */
  takeNew(options: TakeOptions = {}): Promise<QueueBatch> {
    const next = this.turn.then(() => this.take(options));
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async take(options: TakeOptions): Promise<QueueBatch> {
    const paths = await ensureQueueDirs(this.repoRoot);
    const batch: QueueBatch = { tickets: [], taken: [], rejected: [], waiting: [], errors: [] };
    const inUse = new Set<string>([...(options.existingIds ?? []), ...this.handedOut.keys(), ...(await doneIds(this.repoRoot))]);
    const candidates = await this.candidates(paths);
    // A queued ticket run under an id a commit already carries (a plan ticket done earlier) would give a second
    // commit that trailer: the history could no longer tell which commit did the ticket. Read only when there
    // is a file to take: the watcher polls four times a second.
    if (candidates.length > 0) for (const id of await committedTicketIds(this.repoRoot)) inUse.add(id);

    for (const name of candidates) {
      try {
        await this.takeFile(paths, name, inUse, batch);
      } catch (error) {
        batch.waiting.push(name);
        batch.errors.push({ file: name, error });
      }
    }
    return batch;
  }

  /** Reads one file and moves it to taken/ or rejected/, adding what it held to `batch`. */
  private async takeFile(paths: QueuePaths, name: string, inUse: Set<string>, batch: QueueBatch): Promise<void> {
    const file = path.join(paths.queue, name);
    const read = await readQueuedFile(file, queueDisplayPath(null, name), this.timing);
    switch (read.kind) {
      case "gone":
        break;
      case "wait":
        batch.waiting.push(name);
        break;
      case "bad": {
        const rejected = await this.reject(paths, name, read.error.message);
        if (rejected) batch.rejected.push(rejected);
        break;
      }
      case "tickets": {
        const takenName = await moveInto(file, paths.taken, name);
        if (takenName === null) break;
        const ticketFile = queueDisplayPath("taken", takenName);
        const stem = safeStem(name);
        const tickets = read.tickets.map((ticket): QueuedTicket => {
          const id = uniqueQueuedId(ticket.id, stem, inUse);
          inUse.add(id);
          const queue: QueueProvenance = { id, originalId: ticket.id, queuedFile: name, ticketFile };
          this.handedOut.set(id, queue);
          return { ...ticket, id, source: { ...ticket.source, file: ticketFile }, queue };
        });
        batch.tickets.push(...tickets);
        batch.taken.push({ file: name, ticketFile, ids: tickets.map((t) => t.id) });
        break;
      }
    }
  }

  /** The queue's ticket files, oldest first (then by name): the order they were handed in. */
  private async candidates(paths: QueuePaths): Promise<string[]> {
    const entries = await readdir(paths.queue, { withFileTypes: true });
    const files: { name: string; mtimeMs: number }[] = [];
    for (const entry of entries) {
      // Symlinks are not followed (isFile is false for them): they could lead anywhere.
      if (!entry.isFile() || !isQueueCandidate(entry.name)) continue;
      try {
        files.push({ name: entry.name, mtimeMs: (await lstat(path.join(paths.queue, entry.name))).mtimeMs });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return files.map((f) => f.name);
  }

  /** The error text is written first, so a rejected file is never without its reason. */
  private async reject(paths: QueuePaths, name: string, message: string): Promise<RejectedFile | null> {
    const target = await freeName([paths.rejected], shortEnoughForErrorFile(name));
    const errorPath = path.join(paths.rejected, `${target}.error.txt`);
    await writeFileAtomic(errorPath, `${message}\n\n${REJECTED_HINT}\n`);
    if (!(await moveTo(path.join(paths.queue, name), path.join(paths.rejected, target)))) {
      // Gone meanwhile: taken by another haco, or removed by the user.
      await rm(errorPath, { force: true });
      return null;
    }
    return {
      file: name,
      rejectedFile: queueDisplayPath("rejected", target),
      errorFile: queueDisplayPath("rejected", `${target}.error.txt`),
      message,
    };
  }

  /** Writes `.haco/queue/done/<id>.json` atomically; provenance the queue knows fills `ticketFile`/`originalId`. */
  writeDone(result: QueueDoneResult): Promise<string> {
    const known = this.handedOut.get(result.id);
    return writeDoneResult(this.repoRoot, {
      ...result,
      ticketFile: result.ticketFile ?? known?.ticketFile,
      originalId: result.originalId ?? (known && known.originalId !== known.id ? known.originalId : undefined),
    });
  }

  /**
   * Moves each taken file none of whose tickets was reached back into
   * `.haco/queue/` (the run stopped first: the worker unreachable, Ctrl-C), so
   * the next run takes it and no result claims it ran; its ids are
   * forgotten. `reached` holds every id the run emitted an event for.
   */
  putBack(reached: ReadonlySet<string>): Promise<PutBackFile[]> {
    const next = this.turn.then(() => this.putBackUnreached(reached));
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async putBackUnreached(reached: ReadonlySet<string>): Promise<PutBackFile[]> {
    const byFile = new Map<string, QueueProvenance[]>();
    for (const provenance of this.handedOut.values()) {
      byFile.set(provenance.ticketFile, [...(byFile.get(provenance.ticketFile) ?? []), provenance]);
    }
    const paths = queuePaths(this.repoRoot);
    const returned: PutBackFile[] = [];
    for (const [ticketFile, tickets] of byFile) {
      if (tickets.some((t) => reached.has(t.id))) continue;
      const name = await moveInto(path.join(paths.taken, path.posix.basename(ticketFile)), paths.queue, tickets[0]!.queuedFile);
      if (name === null) continue;
      for (const t of tickets) this.handedOut.delete(t.id);
      returned.push({ ticketFile, file: queueDisplayPath(null, name), ids: tickets.map((t) => t.originalId), runIds: tickets.map((t) => t.id) });
    }
    return returned;
  }

  /** Whether this queue handed out a ticket with this id. */
  isQueued(id: string): boolean {
    return this.handedOut.has(id);
  }

  provenance(id: string): QueueProvenance | undefined {
    return this.handedOut.get(id);
  }

  /**
   * Polls takeNew until stopped; `onBatch` gets every batch that took or
   * rejected something (and is awaited before the next poll); a batch is
   * offered once, its files being in taken/ by then, so `onBatch` must keep
   * its tickets even when it fails (its error goes to `onError`). Polling, not
   * fs.watch: fs.watch misses events on some platforms and filesystems.
   */
  watch(onBatch: (batch: QueueBatch) => void | Promise<void>, options: WatchOptions = {}): QueueWatcher {
    const intervalMs = options.intervalMs ?? QUEUE_DEFAULTS.intervalMs;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let current: Promise<void> = Promise.resolve();
    let lastError: unknown = null;

    const poll = async () => {
      try {
        const batch = await this.takeNew({ existingIds: options.existingIds?.() ?? [] });
        lastError = batch.errors.at(-1)?.error ?? null;
        for (const failed of batch.errors) options.onError?.(failed.error);
        // Delivered even when stop() came meanwhile: these files are in taken/ now.
        if (batch.tickets.length > 0 || batch.rejected.length > 0) await onBatch(batch);
      } catch (err) {
        lastError = err;
        options.onError?.(err);
      }
    };
    const tick = () => {
      timer = undefined;
      current = poll().then(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
    };
    tick();

    return {
      async stop() {
        stopped = true;
        if (timer) clearTimeout(timer);
        await current;
      },
      get lastError() {
        return lastError;
      },
    };
  }
}
