import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every regular file and symlink of a work tree, path → bytes, outside `.git/`
 * and haco's run logs and ticket queue (which every run creates or adds to by design). Paths use forward
 * slashes, relative to the root.
 */
export function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (relative === ".git" || relative === ".haco/logs" || relative === ".haco/queue") continue;
      if (entry.isDirectory()) walk(relative);
      else files.set(relative, entry.isFile() ? readFileSync(path.join(root, relative)) : Buffer.from(`<${entry.isSymbolicLink() ? "symlink" : "special file"}>`));
    }
  };
  walk("");
  return files;
}

/** The permission bits of each file. */
export function readModes(root: string, files: string[]): Map<string, number> {
  return new Map(files.map((f) => [f, lstatSync(path.join(root, f)).mode & 0o7777]));
}
