import { statSync } from "node:fs";
import path from "node:path";
import { EXIT, HacoError } from "../../domain/errors.js";

/**
 * Filesystem errors a user can cause or fix (a file where haco needs a
 * folder, a folder where it needs a file, permissions, a full or read-only
 * disk), worded as bad input: the path, what is wrong and what to do.
 */

const USER_FIXABLE = new Set(["ENOTDIR", "EISDIR", "EACCES", "EPERM", "ENOSPC", "EROFS"]);

export class FsProblemError extends HacoError {
  constructor(
    /** The Node error code (ENOTDIR, EISDIR…). */
    readonly fsCode: string,
    /** The path as shown in the message. */
    readonly shownPath: string,
    message: string,
  ) {
    super("file_system", message, EXIT.badInput);
    this.name = "FsProblemError";
  }
}

/** `target` relative to `base` when it lies inside it, else as it is. */
export function showPath(target: string, base: string): string {
  const relative = path.relative(base, target);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : target;
}

/**
 * What ENOTDIR is about: the first of `target`'s folders (from the top, then
 * `target` itself, which a directory listing expects to be a folder) that
 * exists but is not a folder.
 */
export function fileInTheWay(target: string): string | null {
  const parts: string[] = [];
  for (let dir = path.resolve(target); dir !== path.dirname(dir); dir = path.dirname(dir)) parts.unshift(dir);
  for (const dir of parts) {
    try {
      if (!statSync(dir).isDirectory()) return dir;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The user-fixable problem behind `err`, or null when `err` is not a
 * filesystem error of that kind. `target` is the path the error is about
 * (default: the error's own `path`); messages show it relative to `base`.
 */
export function describeFsProblem(err: unknown, options: { base: string; target?: string }): FsProblemError | null {
  const { code: nodeCode, path: errPath, syscall } = (err ?? {}) as NodeJS.ErrnoException;
  // mkdir -p meeting a file where a folder should be says EEXIST: the same problem as ENOTDIR.
  const code = nodeCode === "EEXIST" && syscall === "mkdir" ? "ENOTDIR" : nodeCode;
  const target = options.target ?? errPath;
  if (!code || !USER_FIXABLE.has(code) || !target) return null;
  const shown = showPath(path.resolve(options.base, target), options.base);
  const message = ((): string => {
    switch (code) {
      case "ENOTDIR": {
        const blocker = fileInTheWay(path.resolve(options.base, target));
        if (blocker) {
          const name = showPath(blocker, options.base);
          const reach = name === shown ? "" : ` (to reach ${shown})`;
          return `${name} is a file, but haco needs a folder there${reach} — rename or remove the file ${name}, then try again`;
        }
        return `${shown}: part of this path is a file where a folder is needed — check the path, then try again`;
      }
      case "EISDIR":
        return `${shown} is a folder, but haco needs a file there — rename or remove the folder ${shown}, then try again`;
      case "EACCES":
      case "EPERM":
        return `${shown}: permission denied — check the permissions of ${shown} and its folders (ls -ld), then try again`;
      case "ENOSPC":
        return `${shown}: no space left on the device — free some disk space, then try again`;
      default:
        return `${shown} is on a read-only file system — run haco where it can write, or make that file system writable`;
    }
  })();
  return new FsProblemError(code, shown, message);
}

/** `describeFsProblem`, for a catch block: the worded problem, or `err` itself when it is something else. */
export function asFsProblem(err: unknown, options: { base: string; target?: string }): unknown {
  return describeFsProblem(err, options) ?? err;
}
