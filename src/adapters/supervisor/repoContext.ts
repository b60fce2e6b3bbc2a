import path from "node:path";
import { git } from "../workspace/git.js";
import { readRepoFile } from "../workspace/repoFile.js";
import type { SendPolicy } from "../workspace/sendPolicy.js";

/**
 * What the supervisor sees of the repository when it plans: the file tree,
 * the files the request names, and a short look at the project's overview
 * files, all size-limited. Whatever the send policy forbids (git-ignored,
 * .env*, .hacoignore) is left out of every part, the tree included: the
 * supervisor is a remote model, so this matters even more than for the
 * local worker.
 */

export interface RepoContext {
  tree: string[];
  /** Path → a head of the file's content (cut, marked when cut). */
  files: { path: string; content: string }[];
  /** How many paths of the tree were left out to keep it short. */
  treeOmitted: number;
}

const TREE_LIMIT = 400;
const FILE_LIMIT = 8;
const FILE_CHARS = 6_000;
const TOTAL_CHARS = 40_000;
const OVERVIEW = ["README.md", "package.json", "pyproject.toml", "Cargo.toml", "go.mod", "CLAUDE.md"];

export async function repoContext(repoRoot: string, request: string, policy: SendPolicy): Promise<RepoContext> {
  const listed = (await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot })).stdout.split("\0").filter(Boolean);
  const unique = [...new Set(listed)].sort();
  // One git process for the whole repository's paths, not one per file.
  const refused = await policy.refusals(unique);
  const sendable = unique.filter((_, i) => refused[i] === null);
  const named = namedFiles(request, sendable);
  const chosen = [...named, ...OVERVIEW.filter((f) => sendable.includes(f) && !named.includes(f))].slice(0, FILE_LIMIT);
  const files: RepoContext["files"] = [];
  let budget = TOTAL_CHARS;
  for (const file of chosen) {
    if (budget <= 0) break;
    // A link is judged by its name but read through to its target, which may be anything (../.env):
    // links are never read, nor FIFOs, devices or text that is not UTF-8 (the one reading of repoFile).
    const read = await readRepoFile(repoRoot, file).catch(() => null);
    const text = read?.ok ? read.content : null;
    if (text === null || text.includes("\0")) continue;
    const limit = Math.min(FILE_CHARS, budget);
    const content = text.length > limit ? `${text.slice(0, limit)}\n… (${text.length - limit} more characters not shown)` : text;
    files.push({ path: file, content });
    budget -= content.length;
  }
  return { tree: sendable.slice(0, TREE_LIMIT), files, treeOmitted: Math.max(0, sendable.length - TREE_LIMIT) };
}

/** Paths of the repository the request mentions, by full path or by a file name that only one file has. */
export function namedFiles(request: string, files: readonly string[]): string[] {
  const words = request.match(/[\w./-]+\.[\w]+|[\w./-]+\/[\w./-]+/g) ?? [];
  const found: string[] = [];
  for (const word of words) {
    const clean = word.replace(/^\.\//, "").replace(/[.,;:]+$/, "");
    const exact = files.find((f) => f === clean);
    const byName = files.filter((f) => path.posix.basename(f) === clean);
    const match = exact ?? (byName.length === 1 ? byName[0] : undefined);
    if (match && !found.includes(match)) found.push(match);
  }
  return found;
}

/** The context as the planning prompt's text. */
export function describeContext(context: RepoContext): string {
  const tree = context.tree.join("\n") + (context.treeOmitted ? `\n… and ${context.treeOmitted} more files` : "");
  const files = context.files.map((f) => `### ${f.path}\n\`\`\`\`\n${f.content}\n\`\`\`\``).join("\n\n");
  return `## Repository files\n${tree || "(empty repository)"}\n\n${files ? `## Relevant files\n${files}\n` : ""}`;
}
