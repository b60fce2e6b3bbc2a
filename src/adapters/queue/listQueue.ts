import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { readDoneResults, type QueueDoneRecord } from "./doneResults.js";
import { isQueueCandidate, queuePaths } from "./queueLayout.js";
import { asFsProblem } from "../workspace/fsProblem.js";

export interface QueueListing {
  /** Ticket files waiting in `.haco/queue/`. */
  pending: string[];
  /** Other files there, which haco never reads (wrong extension): listed so a user sees why. */
  ignored: string[];
  taken: string[];
  /** Each with the first line of its `.error.txt` (null when it has none). */
  rejected: { file: string; error: string | null }[];
  done: QueueDoneRecord[];
}

async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

async function firstLine(file: string): Promise<string | null> {
  try {
    return (await readFile(file, "utf8")).split("\n")[0] ?? "";
  } catch {
    return null;
  }
}

/** What is in the queue; reads only, and creates nothing. */
export async function listQueue(repoRoot: string): Promise<QueueListing> {
  try {
    return await readListing(repoRoot);
  } catch (err) {
    throw asFsProblem(err, { base: repoRoot });
  }
}

async function readListing(repoRoot: string): Promise<QueueListing> {
  const paths = queuePaths(repoRoot);
  const inQueue = await filesIn(paths.queue);
  const rejectedFiles = (await filesIn(paths.rejected)).filter((name) => !name.endsWith(".error.txt"));
  return {
    pending: inQueue.filter(isQueueCandidate),
    ignored: inQueue.filter((name) => !isQueueCandidate(name)),
    taken: await filesIn(paths.taken),
    rejected: await Promise.all(
      rejectedFiles.map(async (file) => ({ file, error: await firstLine(path.join(paths.rejected, `${file}.error.txt`)) })),
    ),
    done: await readDoneResults(repoRoot),
  };
}
