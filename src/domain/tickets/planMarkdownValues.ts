import { isThematicBreak, type PlanLine } from "./planMarkdownLines.js";

/** Turning PLAN.md's hand-written values (paths, commands, prose) into ticket values. */

/** `` `npx vitest run` `` → `npx vitest run`: inline code is how commands and paths are usually written. */
export function unquoteCode(text: string): string {
  const match = /^(`+)(.+)\1$/.exec(text.trim());
  return (match ? match[2]! : text).trim();
}

const INTENT_WORDS: Readonly<Record<string, string>> = { new: "create", modify: "edit", update: "edit", remove: "delete" };

/**
 * `src/a.ts`, `` `src/a.ts` (create) ``, `src/a.ts — the helper`: the path is
 * the first (code or plain) token; a one-word parenthesis after it is the
 * intent, checked by the ticket schema like in every other format.
 */
export function fileOf(text: string): { path: string; intent?: string; intentStated?: boolean } {
  const match = /^`([^`]+)`(.*)$/.exec(text.trim()) ?? /^(\S+)(.*)$/.exec(text.trim());
  if (!match) return { path: text.trim() };
  const intent = /^\s*\((\w+)\)/.exec(match[2]!)?.[1]?.toLowerCase();
  const path = match[1]!.trim();
  return intent === undefined ? { path } : { path, intent: INTENT_WORDS[intent] ?? intent, intentStated: true };
}

/**
 * Description text: the ticket's loose lines, with runs of blank lines
 * squeezed to one. `---` rules are dropped: plans use them to separate
 * tickets, and they carry nothing a worker needs.
 */
export function descriptionOf(lines: readonly PlanLine[]): string {
  const out: string[] = [];
  for (const line of lines) {
    if (isThematicBreak(line)) continue;
    const blank = !line.code && line.text.trim() === "";
    if (blank && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(blank ? "" : line.text.trimEnd());
  }
  return out.join("\n").trim();
}
