import { readFile } from "node:fs/promises";
import { normalizeRepoPath } from "../domain/edits/index.js";
import { resolveInsideRepo } from "../adapters/workspace/repoPaths.js";

/**
 * The file contents a draft was made against. The worker saw these bytes, so
 * hunks are computed against them, and before anything is written the disk
 * must still hold them: a file changed meanwhile (by the user, or by Claude
 * Code in the next pane) is refused rather than clobbered.
 */
export class WorkspaceSnapshot {
  private readonly contents = new Map<string, string | null>();

  constructor(private readonly repoRoot: string) {}

  /** Reads a repository-relative path; a refusal when it is unsafe to touch or is not a file. */
  async load(relative: string): Promise<{ ok: true; path: string; content: string | null } | { ok: false; reason: string }> {
    const normal = normalizeRepoPath(relative);
    if (!normal.ok) return normal;
    const where = await resolveInsideRepo(this.repoRoot, normal.path);
    if (!where.ok) return where;
    if (!this.contents.has(normal.path)) {
      const read = await readText(where.absolute);
      if (read === DIRECTORY) return { ok: false, reason: `${normal.path} is a directory — name a file in it instead` };
      this.contents.set(normal.path, read);
    }
    return { ok: true, path: normal.path, content: this.contents.get(normal.path) ?? null };
  }

  /** Synchronous view for the pure edit engine; only paths loaded before are known. */
  read = (relative: string): string | null => this.contents.get(relative) ?? null;

  has(relative: string): boolean {
    return this.contents.has(relative);
  }

  /** Null when the disk still holds the snapshot's bytes, else why not. */
  async changedOnDisk(relative: string): Promise<string | null> {
    const where = await resolveInsideRepo(this.repoRoot, relative);
    if (!where.ok) return where.reason;
    const now = await readText(where.absolute);
    if (now === (this.contents.get(relative) ?? null)) return null;
    const what = now === DIRECTORY ? "became a directory" : "changed on disk";
    return `${relative} ${what} after the worker read it — nothing was written; run the ticket again to draft against the new content`;
  }
}

/** What is at a path that is not a file haco can read as text or an absence. */
const DIRECTORY = Symbol("directory");

async function readText(absolute: string): Promise<string | null | typeof DIRECTORY> {
  try {
    return await readFile(absolute, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    if (code === "EISDIR") return DIRECTORY;
    throw err;
  }
}
