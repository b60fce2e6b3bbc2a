/**
 * From parsed edits to a proposal against the repository as it is now: each
 * file's new content, the true hunks between old and new, and a refusal for
 * every edit that cannot be placed safely. The caller's policy is to write
 * nothing when any refusal is reported; that is why a refusal always says
 * what the worker should send instead.
 */

import { fileBody, normalizeAnswer, splitLines, withoutBom } from "./lines.js";
import { makeHunks } from "./makeHunks.js";
import { parseWorkerAnswer } from "./parseWorkerAnswer.js";
import { newFileContent, patchContent, rebaseWholeFile } from "./patchText.js";
import { NO_CHANGE, checkedPath, refusal } from "./refusals.js";
import { resolveRename, resolveRenameSource } from "./renames.js";
import { asEdit, keepingBom, type Resolved } from "./resolved.js";
import type { FileChange, ParseOptions, ParsedEdit, Proposal, ReadFile, Refusal } from "./types.js";

export function proposeChanges(edits: readonly ParsedEdit[], read: ReadFile): Proposal {
  const refusals: Refusal[] = [];
  const byPath = new Map<string, ParsedEdit>();
  for (const raw of edits) {
    const checked = checkedPath(raw.path);
    if ("refusal" in checked) {
      refusals.push(checked.refusal);
      continue;
    }
    const edit = { ...raw, path: checked.path };
    const earlier = byPath.get(edit.path);
    if (earlier === undefined) {
      byPath.set(edit.path, edit);
      continue;
    }
    const merged = combine(earlier, edit);
    if (merged === null) {
      refusals.push(
        refusal(edit.path, "conflict", `The answer edits ${edit.path} more than once in different forms; send one diff for it.`),
      );
    } else {
      byPath.set(edit.path, merged);
    }
  }

  // Each path is read once, whichever edits ask for it (a rename reads two).
  const contents = new Map<string, string | null>();
  const readOnce = (path: string): string | null => {
    if (!contents.has(path)) contents.set(path, read(path));
    return contents.get(path)!;
  };
  // The old half of a rename goes only if the new half can be written, so it is decided last.
  const resolved = new Map<string, Resolved>();
  const isRenameSource = (e: ParsedEdit): boolean => e.kind === "delete" && e.renamedTo !== undefined;
  for (const [path, edit] of byPath) if (!isRenameSource(edit)) resolved.set(path, resolveEdit(edit, readOnce, byPath));
  for (const [path, edit] of byPath) {
    if (edit.kind === "delete" && edit.renamedTo !== undefined) resolved.set(path, resolveRenameSource(edit, edit.renamedTo, readOnce, byPath, resolved));
  }

  const changes: FileChange[] = [];
  let ids = 0;
  const nextId = (): string => `h${++ids}`;
  for (const path of byPath.keys()) {
    const result = resolved.get(path)!;
    if ("skip" in result) continue;
    if ("refusal" in result) {
      refusals.push(result.refusal);
      continue;
    }
    const before = result.kind === "create" ? null : readOnce(path);
    if (result.kind === "edit" && result.after === before) {
      refusals.push(refusal(path, "no-change", `${NO_CHANGE}: the edit leaves ${path} exactly as it is.`));
      continue;
    }
    const change: FileChange = { path, kind: result.kind, before, after: result.after, hunks: makeHunks(path, before, result.after, nextId) };
    if (result.renamedFrom !== undefined) change.renamedFrom = result.renamedFrom;
    if (result.renamedTo !== undefined) change.renamedTo = result.renamedTo;
    changes.push(change);
  }
  return { changes, refusals };
}

/** Parse and propose in one step; the parse refusals come first. */
export function proposeFromAnswer(text: string, opts: ParseOptions, read: ReadFile): Proposal {
  const parsed = parseWorkerAnswer(text, opts);
  const proposal = proposeChanges(parsed.edits, read);
  return { changes: proposal.changes, refusals: [...parsed.refusals, ...proposal.refusals] };
}

/**
 * Two diffs of one file are one diff with more hunks, placed independently
 * against the original (an overlap is refused there). Any other pair (a
 * diff and a whole file, two NEW FILE blocks, a create and an edit, a rename
 * and anything) cannot be combined without guessing which one the worker meant.
 */
function combine(first: ParsedEdit, second: ParsedEdit): ParsedEdit | null {
  if (first.kind !== "udiff" || second.kind !== "udiff") return null;
  if (first.renamedFrom !== undefined || second.renamedFrom !== undefined) return null;
  if (first.isNew !== second.isNew || first.isDelete !== second.isDelete || first.isNew || first.isDelete) return null;
  return { ...first, hunks: [...first.hunks, ...second.hunks] };
}

function resolveEdit(edit: ParsedEdit, read: ReadFile, byPath: ReadonlyMap<string, ParsedEdit>): Resolved {
  const { path } = edit;
  if (edit.kind === "udiff" && edit.renamedFrom !== undefined) return resolveRename(edit, edit.renamedFrom, read, byPath);
  const before = read(path);
  switch (edit.kind) {
    case "delete":
      if (before === null) return { refusal: refusal(path, "missing-file", `${path} does not exist, so it cannot be deleted; check the path.`) };
      return { kind: "delete", after: null };
    case "newfile":
      if (before !== null) return exists(path, before, edit.content);
      return { kind: "create", after: edit.content };
    case "wholefile":
      if (before === null) return missing(path);
      return keepingBom(before, (content) => asEdit(rebaseWholeFile(path, content, edit.content)));
    case "udiff":
      if (edit.isDelete) return deleteFile(path, before, edit);
      if (edit.isNew) {
        const pureAddition = edit.hunks.every((h) => h.lines.every((l) => l[0] === "+" || l[0] === "\\"));
        if (before === null) {
          const created = newFileContent(path, edit.hunks);
          return created.ok ? { kind: "create", after: created.after } : { refusal: created.refusal };
        }
        // `--- /dev/null` over hunks that remove or keep lines of the file is an ordinary edit (rule 4).
        if (pureAddition) {
          const created = newFileContent(path, edit.hunks);
          return exists(path, before, created.ok ? created.after : null);
        }
      }
      if (before === null) return missing(path);
      return keepingBom(before, (content) => asEdit(patchContent(path, content, edit.hunks)));
  }
}

function deleteFile(path: string, before: string | null, edit: ParsedEdit & { kind: "udiff" }): Resolved {
  if (before === null) {
    return { refusal: refusal(path, "missing-file", `${path} does not exist, so it cannot be deleted; check the path.`) };
  }
  if (edit.hunks.length === 0) {
    if (before === "") return { kind: "delete", after: null };
    return {
      refusal: refusal(path, "malformed", `The diff deletes ${path} without showing its content; send a diff that removes every line of it.`),
    };
  }
  const patched = patchContent(path, withoutBom(before).content, edit.hunks);
  if (!patched.ok) return { refusal: patched.refusal };
  if (patched.after !== "") {
    const left = splitLines(patched.after).length;
    return {
      refusal: refusal(path, "malformed", `The diff deletes ${path} (+++ /dev/null) but its hunks leave ${left} line(s) in it; remove every line or edit the file instead.`),
    };
  }
  return { kind: "delete", after: null };
}

function missing(path: string): Resolved {
  return {
    refusal: refusal(
      path,
      "missing-file",
      `${path} does not exist; to create it use '=== NEW FILE: ${path} ===' (or a diff from /dev/null), otherwise fix the path.`,
    ),
  };
}

/** A create for a path that exists: harmless only when it would write what is already there. */
function exists(path: string, before: string, content: string | null): Resolved {
  if (content !== null && fileBody(normalizeAnswer(withoutBom(before).content).split("\n")) === fileBody(content.split("\n"))) {
    return { refusal: refusal(path, "no-change", `${NO_CHANGE}: ${path} already exists with this content.`) };
  }
  return {
    refusal: refusal(
      path,
      "file-exists",
      `${path} already exists, so creating it would overwrite code you have not seen; send a unified diff against its current content.`,
    ),
  };
}
