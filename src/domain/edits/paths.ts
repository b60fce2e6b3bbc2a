/**
 * Repository paths from worker text. Every path a worker names passes through
 * `normalizeRepoPath` before it can become an edit, so that no answer can
 * write outside the repository, into git's own files or into haco's control
 * files (`.haco/`, `.hacoignore`), whatever it says.
 * This is lexical only: symlinks need the disk and are checked by the
 * workspace adapter.
 */

import { jsonLine } from "../text/jsonLine.js";

export type NormalizedPath = { ok: true; path: string } | { ok: false; reason: string };

// Any C0 control character, DEL or C1 control character: a path with one is a
// model glitch at best and a terminal-escape (U+009B is CSI) or NUL-truncation
// trick at worst.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Turns a worker's path into a POSIX path relative to the repository root,
 * or says in one sentence why it is refused.
 */
export function normalizeRepoPath(raw: string): NormalizedPath {
  // Surrounding blanks are never meant (they come from header lines); inner spaces are kept.
  const input = raw.trim();
  // Quoted with every control escaped, so that the reason itself is plain text wherever it is shown.
  const shown = jsonLine(raw);
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
  const control = controlFileRefusal(kept, shown);
  if (control) return refuse(control);
  return { ok: true, path: kept.join("/") };
}

/**
 * haco's own control files, at the repository root: `.haco/` holds the
 * config whose `verify` commands haco runs, and `.hacoignore` decides what is
 * never sent to a model. A worker that could change either could make haco
 * run its commands or leak files, so no worker path may name them.
 */
function controlFileRefusal(kept: readonly string[], shown: string): string | null {
  const first = bareName(kept[0]!);
  if (first === ".haco") {
    return `${shown} is inside .haco/, haco's own settings (its config holds the commands haco runs); haco never lets a worker change them`;
  }
  if (first === ".hacoignore" && kept.length === 1) {
    return `${shown} is .hacoignore, which decides what haco never sends to a model; haco never lets a worker change it`;
  }
  return null;
}

/**
 * `.git` in any case and with the suffixes Windows and macOS ignore (trailing
 * dots or spaces, an NTFS stream name), so that no spelling reaches git's
 * directory on a case-insensitive or Windows file system either.
 */
function isGitDir(segment: string): boolean {
  return bareName(segment) === ".git";
}

/** A name as a case-insensitive Windows or macOS file system sees it: no stream name, no trailing dots or spaces. */
function bareName(segment: string): string {
  return segment.split(":")[0]!.replace(/[. ]+$/, "").toLowerCase();
}

function refuse(reason: string): NormalizedPath {
  return { ok: false, reason };
}
