/**
 * What one edit comes to against the file as it is now, before hunks are
 * made: the new content and how the file changes, nothing (the other half of
 * a rename was refused, and that refusal says why), or a refusal.
 */

import { withoutBom } from "./lines.js";
import type { Patched } from "./patchText.js";
import type { FileChange, Refusal } from "./types.js";

export type Resolved =
  | { kind: FileChange["kind"]; after: string | null; renamedFrom?: string; renamedTo?: string }
  | { skip: true }
  | { refusal: Refusal };

export function asEdit(patched: Patched): Resolved {
  return patched.ok ? { kind: "edit", after: patched.after } : { refusal: patched.refusal };
}

/**
 * A UTF-8 byte order mark is not part of the first line: hunks are placed
 * against the content without it, and the result gets it back.
 */
export function keepingBom(before: string, edit: (content: string) => Resolved): Resolved {
  const { bom, content } = withoutBom(before);
  const result = edit(content);
  if (bom === "" || !("after" in result) || result.after === null) return result;
  return { ...result, after: bom + result.after };
}
