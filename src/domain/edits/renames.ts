/**
 * Renames (`rename from`/`rename to` in a git diff, `*** Move to:` in the
 * apply_patch format). A rename is two edits and two changes: the new path
 * is created with the old file's content (hunks applied, if any) and the old
 * path is deleted. Both halves stand or fall together: the old file is never
 * deleted unless the new one can be written, and never renamed onto a file
 * that exists, which would overwrite code the worker has not seen.
 */

import { patchContent } from "./patchText.js";
import { refusal } from "./refusals.js";
import { asEdit, keepingBom, type Resolved } from "./resolved.js";
import type { ParsedEdit, ReadFile, RawHunk } from "./types.js";

/** The two edits of a rename, in the order a reader expects them: the old path goes, the new one comes. */
export function renameEdits(from: string, to: string, hunks: RawHunk[]): ParsedEdit[] {
  return [
    { kind: "delete", path: from, renamedTo: to },
    { kind: "udiff", path: to, isNew: false, isDelete: false, hunks, renamedFrom: from },
  ];
}

/** The new half: `edit.path` gets the content of `from`, with the edit's hunks applied. */
export function resolveRename(
  edit: Extract<ParsedEdit, { kind: "udiff" }>,
  from: string,
  read: ReadFile,
  byPath: ReadonlyMap<string, ParsedEdit>,
): Resolved {
  const to = edit.path;
  const partner = byPath.get(from);
  if (partner === undefined || partner.kind !== "delete" || partner.renamedTo !== to) {
    return {
      refusal: refusal(to, "malformed", `The rename of ${from} to ${to} comes without the deletion of ${from}; send the rename as one diff ('rename from'/'rename to', or '*** Move to:').`),
    };
  }
  if (read(to) !== null) {
    return {
      refusal: refusal(to, "file-exists", `${to} already exists, so renaming ${from} onto it would overwrite code you have not seen; rename to a new path, or edit ${to} with a diff.`),
    };
  }
  const base = read(from);
  if (base === null) {
    return { refusal: refusal(from, "missing-file", `${from} does not exist, so it cannot be renamed to ${to}; check the path.`) };
  }
  // The hunks were written against the old file, so refusals about them name it.
  const moved = edit.hunks.length === 0 ? { kind: "edit" as const, after: base } : keepingBom(base, (c) => asEdit(patchContent(from, c, edit.hunks)));
  if (!("after" in moved)) return moved;
  return { kind: "create", after: moved.after, renamedFrom: from };
}

/** The old half: deleted only when its partner was resolved into a change. */
export function resolveRenameSource(
  edit: Extract<ParsedEdit, { kind: "delete" }>,
  to: string,
  read: ReadFile,
  byPath: ReadonlyMap<string, ParsedEdit>,
  resolved: ReadonlyMap<string, Resolved>,
): Resolved {
  const partner = byPath.get(to);
  if (partner === undefined || partner.kind !== "udiff" || partner.renamedFrom !== edit.path) {
    return {
      refusal: refusal(edit.path, "malformed", `The rename of ${edit.path} to ${to} comes without the new file's half; send the rename as one diff ('rename from'/'rename to', or '*** Move to:').`),
    };
  }
  const other = resolved.get(to);
  if (other === undefined || !("after" in other)) return { skip: true };
  if (read(edit.path) === null) return { skip: true };
  return { kind: "delete", after: null, renamedTo: to };
}
