import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { git } from "./git.js";
import type { Entry } from "./gitObjects.js";

/**
 * git asked about many files in a few processes: a ticket of 3,000 new files
 * must not cost 3,000 × 5 git processes to commit. Paths are passed with
 * --literal-pathspecs, so a file named `:(glob)*` is only that file.
 */

/** Paths per process: well under any command line limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Each path's blob in a commit's tree (absent: no such file there). */
export async function treeEntries(repoRoot: string, commit: string, paths: readonly string[]): Promise<Map<string, Entry>> {
  const found = new Map<string, Entry>();
  const wanted = new Set(paths);
  for (const part of chunks(paths)) {
    const out = (await git(["--literal-pathspecs", "ls-tree", "-z", commit, "--", ...part], { cwd: repoRoot })).stdout;
    for (const record of out.split("\0")) {
      const tab = record.indexOf("\t");
      if (tab < 0) continue;
      const [mode, type, blob] = record.slice(0, tab).split(" ");
      const file = record.slice(tab + 1);
      if (type === "blob" && mode && blob && wanted.has(file)) found.set(file, { mode, blob });
    }
  }
  return found;
}

/** Each path's stage-0 record in an index (GIT_INDEX_FILE in env, else the user's). */
export async function indexEntries(repoRoot: string, paths: readonly string[], env?: Record<string, string>): Promise<Map<string, Entry & { stage: string }>> {
  const found = new Map<string, Entry & { stage: string }>();
  const wanted = new Set(paths);
  for (const part of chunks(paths)) {
    const out = (await git(["--literal-pathspecs", "ls-files", "-z", "--stage", "--", ...part], { cwd: repoRoot, ...(env ? { env } : {}) })).stdout;
    for (const record of out.split("\0")) {
      const tab = record.indexOf("\t");
      if (tab < 0) continue;
      const [mode = "", blob = "", stage = ""] = record.slice(0, tab).split(" ");
      const file = record.slice(tab + 1);
      // ls-files matches pathspecs, so a directory of that name lists its files; keep the exact paths.
      if (wanted.has(file) && !found.has(file)) found.set(file, { mode, blob, stage });
    }
  }
  return found;
}

/** Writes the texts as blobs, in one process; their ids in the same order. */
export async function writeBlobs(repoRoot: string, scratch: string, texts: readonly string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  const files = await Promise.all(
    texts.map(async (text, i) => {
      const file = path.join(scratch, `blob-${i}`);
      await writeFile(file, text);
      return file;
    }),
  );
  // --no-filters: the text is stored as given, as `hash-object --stdin` does.
  const out = (await git(["hash-object", "-w", "--no-filters", "--stdin-paths"], { cwd: repoRoot, input: files.join("\n") + "\n" })).stdout;
  const ids = out.split("\n").filter(Boolean);
  if (ids.length !== texts.length) throw new Error(`git hash-object wrote ${ids.length} blobs for ${texts.length} files`);
  return ids;
}

/** One `update-index --index-info` for many entries; a null blob removes the path. */
export async function setIndexEntries(repoRoot: string, env: Record<string, string>, entries: readonly { path: string; mode: string; blob: string | null }[], objectIdLength: number): Promise<void> {
  if (entries.length === 0) return;
  const zero = "0".repeat(objectIdLength);
  const input = entries.map((e) => (e.blob === null ? `0 ${zero}\t${e.path}\0` : `${e.mode} ${e.blob}\t${e.path}\0`)).join("");
  await git(["update-index", "-z", "--index-info"], { cwd: repoRoot, env, input });
}

/** The id git gives a blob of this text, computed here (sha1, or sha256 in a sha256 repository). */
export function blobId(text: string, objectFormat: "sha1" | "sha256"): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash(objectFormat).update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export async function objectFormat(repoRoot: string): Promise<"sha1" | "sha256"> {
  const out = (await git(["rev-parse", "--show-object-format"], { cwd: repoRoot })).stdout.trim();
  return out === "sha256" ? "sha256" : "sha1";
}
