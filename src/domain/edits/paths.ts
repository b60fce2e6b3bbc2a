/**
 * Repository paths from worker text. Every path a worker names passes through
 * `normalizeRepoPath` before it can become an edit, so that no answer can
 * write outside the repository or into git's own files, whatever it says.
 * This is lexical only: symlinks need the disk and are checked by the
 * workspace adapter.
 */

export type NormalizedPath = { ok: true; path: string } | { ok: false; reason: string };

// Any C0 control character or DEL: a path with one is a model glitch at best
// and a terminal-escape or NUL-truncation trick at worst.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Turns a worker's path into a POSIX path relative to the repository root,
 * or says in one sentence why it is refused.
 */
export function normalizeRepoPath(raw: string): NormalizedPath {
  // Surrounding blanks are never meant (they come from header lines); inner spaces are kept.
  const input = raw.trim();
  const shown = JSON.stringify(raw);
  if (input === "") return refuse("the path is empty; name the file relative to the repository root");
  if (CONTROL.test(input)) {
    return refuse(`the path ${shown} contains control characters; name the file with plain characters`);
  }
  // Models on Windows write backslashes; nobody means a literal backslash in a file name.
  const slashed = input.replace(/\\/g, "/");
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) {
    return refuse(`${shown} is an absolute path; edits must use paths relative to the repository root`);
  }
  if (slashed === "~" || slashed.startsWith("~/")) {
    return refuse(`${shown} points into a home directory; edits must use paths relative to the repository root`);
  }
  if (slashed.endsWith("/")) return refuse(`${shown} names a directory, not a file`);

  const kept: string[] = [];
  for (const segment of slashed.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (kept.length === 0) {
        return refuse(`${shown} escapes the repository with '..'; edits must stay inside the repository`);
      }
      kept.pop();
      continue;
    }
    if (isGitDir(segment)) {
      return refuse(`${shown} is inside .git/; haco never edits git's own files`);
    }
    kept.push(segment);
  }
  if (kept.length === 0) return refuse(`${shown} names the repository root, not a file`);
  return { ok: true, path: kept.join("/") };
}

/**
 * `.git` in any case and with the suffixes Windows and macOS ignore (trailing
 * dots or spaces, an NTFS stream name), so that no spelling reaches git's
 * directory on a case-insensitive or Windows file system either.
 */
function isGitDir(segment: string): boolean {
  const bare = segment.split(":")[0]!.replace(/[. ]+$/, "");
  return bare.toLowerCase() === ".git";
}

function refuse(reason: string): NormalizedPath {
  return { ok: false, reason };
}
