/**
 * A `*** Begin Patch` patch as edits: `Add File` is a new file, `Delete File`
 * a deletion, `Update File` a diff, and `Update File` with `Move to` a rename.
 * Every path goes through `normalizeRepoPath`. A patch without its
 * `*** End Patch` line is refused whole: what was cut off cannot be known,
 * and half of a change is worse than none.
 */

import type { EditOrRefusal } from "./diffEdit.js";
import { fileBody } from "./lines.js";
import type { PatchEnvelope, PatchFile } from "./patchEnvelope.js";
import { checkedPath, refusal } from "./refusals.js";
import { renameEdits } from "./renames.js";

export function patchEnvelopeEdits(envelope: PatchEnvelope): EditOrRefusal[] {
  if (!envelope.complete) {
    const last = envelope.files.at(-1);
    const where = last === undefined ? "before its first file" : `in the part for ${last.moveTo ?? last.path}`;
    return [
      {
        refusal: refusal(
          last?.path ?? null,
          "truncated",
          `The '*** Begin Patch' patch has no '*** End Patch' line: it stops ${where}, so the answer looks cut off; send the whole patch again, ending with '*** End Patch'.`,
        ),
      },
    ];
  }
  if (envelope.problem !== null) {
    return [{ refusal: refusal(envelope.files[0]?.path ?? null, "malformed", `In the '*** Begin Patch' patch, ${envelope.problem}.`) }];
  }
  if (envelope.files.length === 0) {
    return [{ refusal: refusal(null, "no-edit", "The '*** Begin Patch' patch names no file; add '*** Update File: path' with its hunks.") }];
  }
  return envelope.files.map(fileEdit);
}

function fileEdit(file: PatchFile): EditOrRefusal {
  const checked = checkedPath(file.path);
  if ("refusal" in checked) return checked;
  const path = checked.path;
  if (file.problem !== null) return { refusal: refusal(path, "malformed", `In the '*** Begin Patch' patch, ${file.problem}.`) };

  switch (file.op) {
    case "add":
      return { edit: { kind: "newfile", path, content: fileBody(file.content) } };
    case "delete":
      return { edit: { kind: "delete", path } };
    case "update": {
      if (file.moveTo !== null) {
        const target = checkedPath(file.moveTo);
        if ("refusal" in target) return target;
        if (target.path !== path) return { edits: renameEdits(path, target.path, file.hunks) };
      }
      if (file.hunks.length === 0) {
        return {
          refusal: refusal(path, "malformed", `'*** Update File: ${path}' has no hunks; follow it with '@@' and the lines to change, prefixed ' ', '-' or '+'.`),
        };
      }
      return { edit: { kind: "udiff", path, isNew: false, isDelete: false, hunks: file.hunks } };
    }
  }
}
