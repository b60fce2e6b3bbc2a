/**
 * Turns one file's section of a parsed diff into a `udiff` edit: decides the
 * path (headers first, then the hint the answer gives), whether it creates or
 * deletes the file, and refuses what cannot be trusted.
 */

import { DEV_NULL, type DiffSection } from "./parseUdiff.js";
import { checkedPath, refusal } from "./refusals.js";
import type { ParsedEdit, Refusal } from "./types.js";

export type EditOrRefusal = { edit: ParsedEdit } | { refusal: Refusal };

/** `fallback` names the file for a diff without headers (path line, inherited file, ticket file). */
export function diffSectionEdit(sec: DiffSection, fallback: () => string | null): EditOrRefusal {
  const isNew = sec.oldPath === DEV_NULL || sec.newFileMode;
  const isDelete = sec.newPath === DEV_NULL || sec.deletedFileMode;
  const named = [sec.oldPath, sec.newPath].filter((p): p is string => p !== null && p !== DEV_NULL);
  if (named.length === 0 && sec.gitPath !== null) named.push(sec.gitPath);
  if (named.length === 0 && !(sec.oldPath === DEV_NULL && sec.newPath === DEV_NULL)) {
    const hint = fallback();
    if (hint !== null) named.push(hint);
  }
  const shown = named[0] ?? null;

  if (sec.problem !== null) return { refusal: refusal(shown, "malformed", `${sentence(sec.problem)}`) };
  if (named.length === 0) {
    return {
      refusal: refusal(
        null,
        "no-edit",
        "A diff names no file; start each file's diff with '--- a/path' and '+++ b/path' lines.",
      ),
    };
  }
  if (isNew && isDelete) {
    return { refusal: refusal(shown, "malformed", `The diff for ${shown} both creates and deletes it; send one or the other.`) };
  }

  const paths: string[] = [];
  for (const raw of named) {
    const checked = checkedPath(raw);
    if ("refusal" in checked) return checked;
    if (!paths.includes(checked.path)) paths.push(checked.path);
  }
  if (paths.length > 1) {
    return {
      refusal: refusal(
        paths[1]!,
        "malformed",
        `The diff's '---' line names ${paths[0]} but its '+++' line names ${paths[1]}; renames are not supported, so give both lines the same path.`,
      ),
    };
  }
  const path = paths[0]!;
  if (sec.hunks.length === 0 && !isDelete) {
    return { refusal: refusal(path, "malformed", `The diff for ${path} has no hunks; add '@@' hunks with the lines to change.`) };
  }
  return { edit: { kind: "udiff", path, isNew, isDelete, hunks: sec.hunks } };
}

function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return s.endsWith(".") ? s : `${s}.`;
}
