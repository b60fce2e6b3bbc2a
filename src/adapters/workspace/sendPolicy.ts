import { readFile } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { git } from "./git.js";

/**
 * Decides which repository files may be shown to a model. Secrets and
 * generated files stay home: anything git ignores, any `.env*` file, and
 * anything matching `.hacoignore` (gitignore syntax) is never sent.
 *
 * Asking git costs a process, so git is asked about many paths at once:
 * `refusals` takes a list, and `refusal` calls made together (an answer with
 * 3,000 new files checks them all at once) are gathered into one call.
 */

export interface SendPolicy {
  /** Null when the file may be sent, else why it may not. */
  refusal(relative: string): Promise<string | null>;
  /** `refusal` for each path, in order, with one git process for all of them. */
  refusals(relatives: readonly string[]): Promise<(string | null)[]>;
}

export const HACOIGNORE = ".hacoignore";

export async function loadSendPolicy(repoRoot: string): Promise<SendPolicy> {
  const hacoIgnore = await loadHacoIgnore(repoRoot);
  const withoutGit = (relative: string): string | null => {
    if (/^\.env/i.test(path.posix.basename(relative))) return `${relative} is an environment file (.env*) and may hold secrets`;
    if (hacoIgnore?.ignores(relative)) return `${relative} matches ${HACOIGNORE}`;
    return null;
  };
  const refusals = async (relatives: readonly string[]): Promise<(string | null)[]> => {
    const first = relatives.map(withoutGit);
    const ignored = await gitIgnored(repoRoot, relatives.filter((_, i) => first[i] === null));
    return relatives.map((relative, i) => first[i] ?? (ignored.has(relative) ? `${relative} is ignored by git` : null));
  };
  const batch = gatherCalls(refusals);
  return { refusals, refusal: (relative) => batch(relative) };
}

async function loadHacoIgnore(repoRoot: string): Promise<Ignore | null> {
  try {
    return ignore().add(await readFile(path.join(repoRoot, HACOIGNORE), "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Which of `relatives` git ignores, with one `git check-ignore` for all. Tracked files are never reported as ignored. */
async function gitIgnored(repoRoot: string, relatives: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(relatives)];
  if (unique.length === 0) return new Set();
  // A leading ':' would be read as pathspec magic (and fail the whole call): './' makes it a plain name, and git answers with the name as asked.
  const asked = new Map(unique.map((p) => [p.startsWith(":") ? `./${p}` : p, p]));
  // -z: paths in and out end with NUL, so no name is quoted or split; exit 1 means none is ignored.
  const result = await git(["check-ignore", "--stdin", "-z"], {
    cwd: repoRoot,
    input: [...asked.keys()].map((p) => `${p}\0`).join(""),
    okCodes: [1],
  });
  return new Set(result.stdout.split("\0").flatMap((answered) => asked.get(answered) ?? []));
}

/**
 * One function of a path, through a list function: the calls made before
 * the event loop turns are answered by one call of `many`.
 */
function gatherCalls<T>(many: (keys: readonly string[]) => Promise<T[]>): (key: string) => Promise<T> {
  let waiting: { key: string; resolve: (value: T) => void; reject: (err: unknown) => void }[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    many(batch.map((w) => w.key)).then(
      (values) => batch.forEach((w, i) => w.resolve(values[i]!)),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    );
  };
  return (key) =>
    new Promise<T>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ key, resolve, reject });
    });
}
