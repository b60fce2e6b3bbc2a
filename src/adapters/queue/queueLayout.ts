import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { HacoError, EXIT } from "../../domain/errors.js";
import { ticketFormatForFileName, type TicketFormat } from "../../domain/tickets/formats.js";
import { resolveInsideRepo } from "../workspace/repoPaths.js";
import { asFsProblem } from "../workspace/fsProblem.js";

/**
 * The ticket queue: a supervisor (Claude Code in the next pane, a script, a
 * human) hands tickets to a running haco through files.
 *
 * ```
 * .haco/queue/                    ticket files anyone drops here (.md, .yaml/.yml, .json)
 * .haco/queue/taken/<file>        moved here once haco has read its tickets (never read twice)
 * .haco/queue/rejected/<file>     files that do not parse, next to <file>.error.txt (the loader's message)
 * .haco/queue/done/<ticket>.json  one result per ticket haco finished
 * .haco/queue/.gitignore          `*`: the queue is scratch space, never committed
 * ```
 */

/** Repository-relative, with `/`: the form shown to users and written into results. */
export const QUEUE_DIR = ".haco/queue";
export const QUEUE_SUBDIRS = ["taken", "rejected", "done"] as const;
export type QueueSubdir = (typeof QUEUE_SUBDIRS)[number];

export interface QueuePaths {
  repoRoot: string;
  queue: string;
  taken: string;
  rejected: string;
  done: string;
}

export function queuePaths(repoRoot: string): QueuePaths {
  const queue = path.join(repoRoot, ...QUEUE_DIR.split("/"));
  return {
    repoRoot,
    queue,
    taken: path.join(queue, "taken"),
    rejected: path.join(queue, "rejected"),
    done: path.join(queue, "done"),
  };
}

/** `.haco/queue/taken/plan.md`: how a queue file is named in messages, results and ticket sources. */
export function queueDisplayPath(subdir: QueueSubdir | null, name: string): string {
  return subdir ? `${QUEUE_DIR}/${subdir}/${name}` : `${QUEUE_DIR}/${name}`;
}

/** The extension `haco queue add` gives each format, so the queue reads it back the same way. */
export const QUEUE_EXTENSION: Readonly<Record<TicketFormat, string>> = {
  juniorspec: ".yaml",
  taskspec: ".json",
  planmd: ".md",
};

/**
 * Whether a name in `.haco/queue/` is a ticket file to read. Only the ticket
 * extensions count (.md, .markdown, .yaml, .yml, .json), and never a dotfile:
 * that leaves out what writers and editors leave around while a file is being
 * written — haco's own `.x.haco-….tmp`, `*.tmp`, `*.part`, `x.md~`, `#x.md#`,
 * `.~lock.x#`, vim's `4913` probe — without a list of every tool's habits.
 */
export function isQueueCandidate(name: string): boolean {
  return !name.startsWith(".") && ticketFormatForFileName(name) !== null;
}

/** A file stem reduced to the characters ids and file names share (letters, digits, `.`, `_`, `-`). */
export function safeStem(name: string): string {
  const stem = name
    .slice(0, name.length - path.extname(name).length)
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "");
  return stem === "" ? "tickets" : stem.slice(0, 48);
}

/**
 * Creates the queue's folders (and its `.gitignore`), refusing a queue that a
 * symlink leads out of the repository: haco writes results and moves files
 * there.
 */
export async function ensureQueueDirs(repoRoot: string): Promise<QueuePaths> {
  try {
    return await createQueueDirs(repoRoot);
  } catch (err) {
    // .haco or .haco/queue being a file, a read-only disk: worded with the path that is wrong.
    throw asFsProblem(err, { base: repoRoot });
  }
}

async function createQueueDirs(repoRoot: string): Promise<QueuePaths> {
  for (const sub of [null, ...QUEUE_SUBDIRS]) {
    const relative = sub ? `${QUEUE_DIR}/${sub}` : QUEUE_DIR;
    const inside = await resolveInsideRepo(repoRoot, relative);
    if (!inside.ok) throw new HacoError("unsafe_path", `${inside.reason}; haco keeps its ticket queue inside the repository`, EXIT.badInput);
  }
  const paths = queuePaths(repoRoot);
  for (const dir of [paths.taken, paths.rejected, paths.done]) await mkdir(dir, { recursive: true });
  try {
    await writeFile(path.join(paths.queue, ".gitignore"), "# haco's ticket queue is scratch space\n*\n", { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return paths;
}
