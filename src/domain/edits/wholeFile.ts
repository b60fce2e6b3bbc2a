/**
 * The whole-file fallback: for a ticket with one file, an answer that holds
 * no diff, NEW FILE or SEARCH/REPLACE block but a fenced file is an edit of
 * that file. Which fence is the file must be clear; a usage example or a
 * block labelled with another path is never taken for it.
 */

import type { EditOrRefusal } from "./diffEdit.js";
import { isShellLikeInfo } from "./fences.js";
import { fileBody } from "./lines.js";
import { normalizeRepoPath } from "./paths.js";
import { pathFromComment, pathFromInfo, pathOnlyLine } from "./pathHints.js";
import { checkedPath, refusal } from "./refusals.js";

/** A closed fence that held no edit block. */
export interface CodeFence {
  info: string;
  content: string[];
  /** The path named by the line just above the fence, if any. */
  before: string | null;
  /** The fence held nothing but a path: a label for what follows, never file content. */
  pathOnly: boolean;
}

interface Candidate {
  name: string | null;
  body: string[];
  info: string;
}

export function wholeFileEdit(fences: readonly CodeFence[], singleFile: string): EditOrRefusal {
  const target = checkedPath(singleFile);
  if ("refusal" in target) return target;
  const file = target.path;
  // A fence holding nothing but a path labels a block; taken as content it would write the path into the file.
  const usable = fences.filter((f) => !f.pathOnly);
  if (usable.length === 0) {
    return {
      refusal: refusal(file, "no-edit", `The answer holds no diff and no code block for ${file}; send a unified diff for it.`),
    };
  }

  const candidates: Candidate[] = [];
  for (const fence of usable) {
    const candidate = nameFence(fence);
    if (candidate.name !== null) {
      const checked = checkedPath(candidate.name);
      if ("refusal" in checked) return checked;
      candidate.name = checked.path;
    }
    candidates.push(candidate);
  }

  const labelled = candidates.filter((c) => c.name === file);
  if (labelled.length === 1) return edit(file, labelled[0]!);
  if (labelled.length > 1) {
    return {
      refusal: refusal(file, "ambiguous", `${labelled.length} code blocks are labelled ${file}; send the file once.`),
    };
  }

  let unnamed = candidates.filter((c) => c.name === null);
  if (unnamed.length > 1 && !isShellFile(file)) unnamed = unnamed.filter((c) => !isShellLikeInfo(c.info));
  if (unnamed.length === 1) return edit(file, unnamed[0]!);
  if (unnamed.length > 1) {
    return {
      refusal: refusal(
        file,
        "ambiguous",
        `The answer holds ${unnamed.length} code blocks and none says which one is ${file}; send a unified diff for ${file}.`,
      ),
    };
  }
  const other = candidates.find((c) => c.name !== null)!;
  return {
    refusal: refusal(
      other.name,
      "no-edit",
      `The code block is labelled ${other.name ?? "?"} but the ticket's file is ${file}; edit ${file} only.`,
    ),
  };
}

/**
 * Name from the info string, the line above the fence, a bare path as the
 * first line (dropped from the body: it is a label) or a comment naming the
 * file (kept: it is code the worker wrote).
 */
function nameFence(fence: CodeFence): Candidate {
  let body = fence.content;
  let name = pathFromInfo(fence.info) ?? fence.before;
  const label = body.length > 1 ? pathOnlyLine(body[0]!) : null;
  if (label !== null && (name === null || sameFile(name, label))) {
    name = label;
    body = body.slice(1);
  }
  name ??= body.length > 0 ? pathFromComment(body[0]!) : null;
  return { name, body, info: fence.info };
}

function sameFile(a: string, b: string): boolean {
  const na = normalizeRepoPath(a);
  const nb = normalizeRepoPath(b);
  return na.ok && nb.ok && na.path === nb.path;
}

function edit(path: string, candidate: Candidate): EditOrRefusal {
  return { edit: { kind: "wholefile", path, content: fileBody(candidate.body) } };
}

function isShellFile(path: string): boolean {
  return /\.(?:sh|bash|zsh|fish|ps1|bat|cmd)$/i.test(path);
}
