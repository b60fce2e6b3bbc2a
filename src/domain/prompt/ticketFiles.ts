import type { ContextFile, PromptFile } from "./buildPrompt.js";

/**
 * The ticket's files as the prompt should show them, once their content is
 * known. A ticket may name a file twice (a plan's author listing it under two
 * steps), which would show the worker the file twice and let it draft two
 * edits of it; and a file marked for deletion that is not there is a mistake
 * in the ticket, not something the worker can do.
 */

export type TicketFiles = { ok: true; files: PromptFile[]; context: ContextFile[] } | { ok: false; reason: string };

export function reconcileTicketFiles(files: readonly PromptFile[], context: readonly ContextFile[]): TicketFiles {
  const byPath = new Map<string, PromptFile>();
  for (const file of files) {
    const earlier = byPath.get(file.path);
    if (!earlier) {
      byPath.set(file.path, file);
      continue;
    }
    if (earlier.intent !== file.intent) {
      return {
        ok: false,
        reason: `${file.path} is listed twice in the ticket's files, once as (${earlier.intent}) and once as (${file.intent}) — keep one entry`,
      };
    }
    byPath.set(file.path, merge(earlier, file));
  }
  for (const file of byPath.values()) {
    if (file.intent === "edit" && file.intentStated && file.content === null) {
      return {
        ok: false,
        reason: `${file.path} is marked (edit) but does not exist — fix the path in the ticket, or mark it (create) for a new file`,
      };
    }
    if (file.intent === "delete" && file.content === null) {
      return {
        ok: false,
        reason: `${file.path} is marked (delete) but does not exist — fix the path in the ticket, or remove the entry`,
      };
    }
  }
  // A context file that is also a file to change is shown once, as the file to change.
  const seen = new Set(byPath.keys());
  const shown: ContextFile[] = [];
  for (const file of context) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    shown.push(file);
  }
  return { ok: true, files: [...byPath.values()], context: shown };
}

/** One entry from two of the same file: every anchor of both, and the first entry's notes unless it had none. */
function merge(first: PromptFile, second: PromptFile): PromptFile {
  return {
    ...first,
    anchors: [...new Set([...first.anchors, ...second.anchors])],
    outline: first.outline.trim() ? first.outline : second.outline,
    codeContext: first.codeContext.trim() ? first.codeContext : second.codeContext,
  };
}
