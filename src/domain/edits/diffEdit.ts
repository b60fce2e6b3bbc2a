/**
 * Turns one file's section of a parsed diff into a `udiff` edit: decides the
 * path (headers first, then the hint the answer gives), whether it creates or
 * deletes the file, and refuses what cannot be trusted.
 */

import { DEV_NULL, type DiffSection } from "./parseUdiff.js";
import { checkedPath, NO_CHANGE, refusal } from "./refusals.js";
import { renameEdits } from "./renames.js";
import type { ParsedEdit, Refusal } from "./types.js";

/** What one block of an answer asks for: an edit, the two edits of a rename, or a refusal. */
export type EditOrRefusal = { edit: ParsedEdit } | { edits: ParsedEdit[] } | { refusal: Refusal };

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
  if (sec.renameFrom !== null || sec.renameTo !== null) return renameSection(sec, isNew || isDelete);
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
        `The diff's '---' line names ${paths[0]} but its '+++' line names ${paths[1]}; give both lines the same path, or add 'rename from'/'rename to' lines if the file moves.`,
      ),
    };
  }
  const path = paths[0]!;
  if (sec.hunks.length === 0 && !isDelete) {
    return { refusal: refusal(path, "malformed", `The diff for ${path} has no hunks; add '@@' hunks with the lines to change.`) };
  }
  return { edit: { kind: "udiff", path, isNew, isDelete, hunks: sec.hunks } };
}

/**
 * A git rename: `rename from`/`rename to`, with hunks against the old content
 * or none. The `---`/`+++` lines, when present, must agree with them.
 */
function renameSection(sec: DiffSection, createsOrDeletes: boolean): EditOrRefusal {
  const shown = sec.renameTo ?? sec.renameFrom;
  if (sec.renameFrom === null || sec.renameTo === null) {
    return { refusal: refusal(shown, "malformed", "The diff has a 'rename from' line without 'rename to' (or the reverse); give both.") };
  }
  if (createsOrDeletes) {
    return { refusal: refusal(shown, "malformed", `The diff renames ${sec.renameFrom} but also creates or deletes it; send one or the other.`) };
  }
  const from = checkedPath(sec.renameFrom);
  if ("refusal" in from) return from;
  const to = checkedPath(sec.renameTo);
  if ("refusal" in to) return to;
  for (const [header, want, side] of [[sec.oldPath, from.path, "---"], [sec.newPath, to.path, "+++"]] as const) {
    if (header === null) continue;
    const named = checkedPath(header);
    if ("refusal" in named) return named;
    if (named.path !== want) {
      return {
        refusal: refusal(to.path, "malformed", `The diff renames ${from.path} to ${to.path} but its '${side}' line names ${named.path}; make the headers agree with the rename.`),
      };
    }
  }
  if (from.path === to.path) {
    if (sec.hunks.length === 0) return { refusal: refusal(to.path, "no-change", `${NO_CHANGE}: the diff renames ${to.path} to itself.`) };
    return { edit: { kind: "udiff", path: to.path, isNew: false, isDelete: false, hunks: sec.hunks } };
  }
  return { edits: renameEdits(from.path, to.path, sec.hunks) };
}

function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return s.endsWith(".") ? s : `${s}.`;
}
