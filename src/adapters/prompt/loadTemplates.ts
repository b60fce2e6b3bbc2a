import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Templates } from "../../domain/prompt/buildPrompt.js";

/**
 * Prompt templates ship in the package's `prompts/` and can be overridden per
 * repository by files of the same name in `.haco/prompts/`; a ticket of kind
 * K first looks for `ticket-K.md`. Users tune prompts without touching haco.
 */

export const USER_PROMPTS_DIR = path.join(".haco", "prompts");

export async function loadTemplates(repoRoot: string | null, kind = "code"): Promise<Templates> {
  const [system, ticket] = await Promise.all([
    pick(repoRoot, ["system.md"]),
    pick(repoRoot, [`ticket-${kind}.md`, "ticket.md"]),
  ]);
  return { system, ticket };
}

/** The commit-message prompt (`commit.md`), overridable the same way. */
export async function loadCommitTemplate(repoRoot: string | null): Promise<{ name: string; text: string }> {
  return pick(repoRoot, ["commit.md"]);
}

async function pick(repoRoot: string | null, names: string[]): Promise<{ name: string; text: string }> {
  if (repoRoot) {
    for (const name of names) {
      const file = path.join(repoRoot, USER_PROMPTS_DIR, name);
      if (existsSync(file)) return { name: path.join(USER_PROMPTS_DIR, name), text: await readFile(file, "utf8") };
    }
  }
  const builtIn = names[names.length - 1]!;
  return { name: `prompts/${builtIn}`, text: await readFile(path.join(packageRoot(), "prompts", builtIn), "utf8") };
}

let cachedRoot: string | null = null;

/** The installed package's root, found from this file whether it runs from src/ or dist/. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json")) || !existsSync(path.join(dir, "prompts"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("haco's package root (with prompts/) was not found");
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}
