import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";

/** Ticket files in the three formats, and a way to drop them in a repository's queue with a chosen age. */

export const PLAN_MD = `# Plan: slugs

## T-001: Add slugify helper
- files: src/slugify.ts (create)
- test: \`npx vitest run src/slugify.test.ts\`

Lowercase and dash the words.

## T-002: Use slugify in the route
- files: src/routes/articles.ts
`;

export const SPEC_YAML = `id: T-010
title: Add a currency formatter
files:
  - path: src/currency.ts
    intent: create
acceptance_criteria:
  - "formats 1234 as 1,234"
`;

export const TASK_JSON = `{
  "task_id": "T-001",
  "description": "Create utility function. It formats chips as currency.",
  "output_file": "src/utils/chips.js"
}
`;

/** owner is wrong on line 3: the loaders name the file, the field and what was expected. */
export const BAD_YAML = `id: T-020
title: Bad owner
owner: bot
`;

export const queueDir = (root: string, ...parts: string[]) => path.join(root, ".haco", "queue", ...parts);

/** Writes `name` into `.haco/queue/` with its mtime `ageMs` in the past (default: long settled). */
export async function drop(root: string, name: string, text: string, ageMs = 60_000): Promise<string> {
  const file = queueDir(root, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  await setAge(file, ageMs);
  return file;
}

export async function setAge(file: string, ageMs: number, now = Date.now()): Promise<void> {
  const when = new Date(now - ageMs);
  await utimes(file, when, when);
}

/** The non-dot entries of a queue folder, sorted. */
export async function listed(root: string, ...sub: string[]): Promise<string[]> {
  try {
    return (await readdir(queueDir(root, ...sub))).filter((n) => !n.startsWith(".")).sort();
  } catch {
    return [];
  }
}
