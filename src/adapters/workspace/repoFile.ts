import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { decodeUtf8Exactly } from "../../domain/text/utf8.js";
import { inspectRepoPath, notRegularFile } from "./repoPaths.js";

/**
 * The one reading of a repository file as text, for the prompt, the draft's
 * snapshot and the check before a write, in `haco run` and `haco apply`
 * alike. Only a regular UTF-8 file (or an absence) is text haco can edit
 * byte-exactly; anything else is refused by name, before it is opened.
 */
export type RepoFileRead = { ok: true; absolute: string; content: string | null } | { ok: false; reason: string };

// O_NOFOLLOW and O_NONBLOCK: should the path turn into a link or a FIFO between the lstat and the
// open, the open fails or returns at once instead of following the link or blocking.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export async function readRepoFile(repoRoot: string, relative: string): Promise<RepoFileRead> {
  const where = await inspectRepoPath(repoRoot, relative);
  if (!where.ok) return where;
  if (!where.exists) return { ok: true, absolute: where.absolute, content: null };
  let bytes: Buffer;
  try {
    const handle = await open(where.absolute, OPEN_FLAGS);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, reason: notRegularFile(relative, info) };
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // It went away, or became a link (ELOOP from O_NOFOLLOW), since the lstat: look again, once.
    if (code === "ENOENT") return { ok: true, absolute: where.absolute, content: null };
    if (code === "ELOOP") return inspectAgain(repoRoot, relative);
    throw err;
  }
  const text = decodeUtf8Exactly(bytes);
  if (!text.ok) {
    return {
      ok: false,
      reason:
        `${relative} is not UTF-8 (line ${text.line} has bytes that are not valid UTF-8: Latin-1, Windows-1252 or binary data); ` +
        "haco only edits UTF-8 text, so that no byte outside the changed lines is rewritten — convert it to UTF-8 and commit that first " +
        "(e.g. iconv -f latin1 -t utf-8), or edit it yourself",
    };
  }
  return { ok: true, absolute: where.absolute, content: text.text };
}

async function inspectAgain(repoRoot: string, relative: string): Promise<RepoFileRead> {
  const where = await inspectRepoPath(repoRoot, relative);
  return where.ok ? { ok: false, reason: `${relative} changed while haco read it — try again` } : where;
}
