import { readFile } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { git } from "./git.js";

/**
 * Decides which repository files may be shown to a model. Secrets and
 * generated files stay home: anything git ignores, any `.env*` file, and
 * anything matching `.hacoignore` (gitignore syntax) is never sent.
 */

export interface SendPolicy {
  /** Null when the file may be sent, else why it may not. */
  refusal(relative: string): Promise<string | null>;
}

export const HACOIGNORE = ".hacoignore";

export async function loadSendPolicy(repoRoot: string): Promise<SendPolicy> {
  const hacoIgnore = await loadHacoIgnore(repoRoot);
  return {
    async refusal(relative) {
      if (/^\.env/i.test(path.posix.basename(relative))) return `${relative} is an environment file (.env*) and may hold secrets`;
      if (hacoIgnore?.ignores(relative)) return `${relative} matches ${HACOIGNORE}`;
      if (await gitIgnores(repoRoot, relative)) return `${relative} is ignored by git`;
      return null;
    },
  };
}

async function loadHacoIgnore(repoRoot: string): Promise<Ignore | null> {
  try {
    return ignore().add(await readFile(path.join(repoRoot, HACOIGNORE), "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

async function gitIgnores(repoRoot: string, relative: string): Promise<boolean> {
  // Exit 0: ignored; 1: not ignored. Tracked files are never reported as ignored.
  const result = await git(["check-ignore", "-q", "--", relative], { cwd: repoRoot, okCodes: [1] });
  return result.exitCode === 0;
}
