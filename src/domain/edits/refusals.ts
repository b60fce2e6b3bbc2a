/**
 * Builders for refusals, so that every one carries a code and the path checks
 * are worded the same wherever a path enters the engine.
 */

import { normalizeRepoPath } from "./paths.js";
import type { Refusal, RefusalCode } from "./types.js";

export function refusal(file: string | null, code: RefusalCode, reason: string): Refusal {
  return { file, reason, code };
}

/** The reason every "nothing to do" refusal starts with, so callers and people can spot it. */
export const NO_CHANGE = "already applied or no change";

/** A checked repository path, or the refusal that names the raw path and says why not. */
export function checkedPath(raw: string): { path: string } | { refusal: Refusal } {
  const result = normalizeRepoPath(raw);
  if (result.ok) return { path: result.path };
  return { refusal: refusal(raw, "unsafe-path", `${result.reason}.`) };
}

/**
 * Shortens a line for quoting inside a one-sentence reason. JSON quoting
 * shows a tab as \t, which matters when tabs against spaces is the problem.
 */
export function quote(text: string, max = 100): string {
  const clean = text.trimEnd();
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max - 1)}…` : clean);
}

/** The refusal for a block that was cut off; `what` names the block ("SEARCH/REPLACE block 2"). */
export function truncated(file: string | null, what: string): Refusal {
  return refusal(
    file,
    "truncated",
    `${what} was cut off before it ended, so the answer looks truncated; send the complete edit again, shorter if needed.`,
  );
}
