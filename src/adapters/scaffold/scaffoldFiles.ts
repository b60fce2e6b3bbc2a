import { readFile } from "node:fs/promises";
import path from "node:path";
import { packageRoot } from "../prompt/loadTemplates.js";

/**
 * What `haco init` writes, and from which template in the package's
 * `scaffold/` folder. The templates are plain files so they can be read and
 * reviewed as what they are; their names carry no leading dot because npm
 * leaves `.gitignore` files out of a published package.
 */

export interface ScaffoldFile {
  /** Where it goes, relative to the repository root (POSIX separators: it is also what the report shows). */
  target: string;
  /** The template, relative to `scaffold/`. */
  source: string;
}

/** The prompt kinds a ticket may have (the ticket schema's `kind`); each gets its own template. */
export const TICKET_KINDS = ["code", "test", "refactor", "doc"] as const;

export const CLAUDE_FILE = "CLAUDE.md";
export const CLAUDE_SECTION_SOURCE = "claude-section.md";

/** In the order they are written: haco's scratch space is ignored before anything else lands in .haco/. */
export const SCAFFOLD_FILES: readonly ScaffoldFile[] = [
  { target: ".haco/.gitignore", source: "haco-gitignore" },
  { target: ".haco/config.yaml", source: "config.yaml" },
  ...TICKET_KINDS.map((kind) => ({ target: `.haco/prompts/ticket-${kind}.md`, source: `prompts/ticket-${kind}.md` })),
  { target: ".hacoignore", source: "hacoignore" },
];

export function scaffoldDir(): string {
  return path.join(packageRoot(), "scaffold");
}

export async function readScaffold(source: string): Promise<string> {
  return readFile(path.join(scaffoldDir(), source), "utf8");
}
