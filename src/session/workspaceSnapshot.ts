import { normalizeRepoPath } from "../domain/edits/index.js";
import { readRepoFile } from "../adapters/workspace/repoFile.js";

/**
 * The file contents a draft was made against. The worker saw these bytes, so
 * hunks are computed against them, and before anything is written the disk
 * must still hold them: a file changed meanwhile (by the user, or by Claude
 * Code in the next pane) is refused rather than clobbered.
 *
 * Every file is read through `readRepoFile`: only a regular UTF-8 file, not
 * behind a symbolic link, is text haco edits (the refusals name the path).
 */
export class WorkspaceSnapshot {
  private readonly contents = new Map<string, string | null>();

  constructor(private readonly repoRoot: string) {}

  /** Reads a repository-relative path; a refusal when it is unsafe to touch or is not a file. */
  async load(relative: string): Promise<{ ok: true; path: string; content: string | null } | { ok: false; reason: string }> {
    const normal = normalizeRepoPath(relative);
    if (!normal.ok) return normal;
    if (!this.contents.has(normal.path)) {
      const read = await readRepoFile(this.repoRoot, normal.path);
      if (!read.ok) return read;
      this.contents.set(normal.path, read.content);
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
    const now = await readRepoFile(this.repoRoot, relative);
    if (now.ok && now.content === (this.contents.get(relative) ?? null)) return null;
    const what = now.ok ? "changed on disk" : /is a directory/.test(now.reason) ? "became a directory" : `changed on disk (${now.reason})`;
    return `${relative} ${what} after the worker read it — nothing was written; run the ticket again to draft against the new content`;
  }
}
