/**
 * From a worker's raw answer (prose, fences, CRLF and all) to the edits it
 * asks for. The answer is read as regions: the whole text, and inside it each
 * fence's content, scanned with the same rules. Unified diffs, NEW FILE
 * blocks, SEARCH/REPLACE blocks and `*** Begin Patch` patches are found
 * wherever they are; a fence that
 * holds none of them is remembered as a possible whole file, used only when
 * the ticket has one file and the answer holds no other edit.
 *
 * Nothing here reads the repository: whether a file exists, and whether a
 * hunk fits it, is decided by `proposeChanges`.
 */

import { answerSizeRefusal } from "./answerSize.js";
import { diffSectionEdit, type EditOrRefusal } from "./diffEdit.js";
import { readFence, type Fence } from "./fences.js";
import { fileBody, normalizeAnswer } from "./lines.js";
import { isSearchMarker, newFileMarker, startsDiff } from "./markers.js";
import { readNewFileBlock } from "./newFileBlock.js";
import { patchEnvelopeEdits } from "./patchEdits.js";
import { readPatchEnvelope, startsPatch } from "./patchEnvelope.js";
import { cleanHeaderPath, DEV_NULL, readDiff } from "./parseUdiff.js";
import { pathFromHintLine, pathFromInfo, pathOnlyLine } from "./pathHints.js";
import { checkedPath, refusal, truncated } from "./refusals.js";
import { readSearchReplace, searchReplaceHunk } from "./searchReplace.js";
import type { ParseOptions, ParseResult, ParsedEdit, Refusal } from "./types.js";
import { wholeFileEdit, type CodeFence } from "./wholeFile.js";

export function parseWorkerAnswer(text: string, opts: ParseOptions = {}): ParseResult {
  const tooLarge = answerSizeRefusal(text, opts.maxAnswerBytes);
  if (tooLarge !== null) return { edits: [], refusals: [tooLarge] };
  const normal = normalizeAnswer(text);
  // An answer that stops without a line break may have been cut in the middle of a line.
  const scan = new AnswerScan(opts, normal !== "" && !normal.endsWith("\n"));
  scan.region(normal.split("\n"), false, null);
  return scan.finish();
}

/** One block of the answer: its edits (two for a rename, which stand or fall together) or its refusal. */
type Block = { order: number } & ({ edits: ParsedEdit[] } | { refusal: Refusal });

class AnswerScan {
  private readonly blocks: Block[] = [];
  private readonly fences: (CodeFence & { order: number })[] = [];
  private order = 0;
  /** The file of the last edit: a later block without a name inherits it (README rule 6). */
  private lastPath: string | null = null;
  /** A path given in its own small fence, waiting for the block it names. */
  private pending: string | null = null;
  private searchBlocks = 0;

  constructor(
    private readonly opts: ParseOptions,
    private readonly endsMidLine: boolean,
  ) {}

  /**
   * Scans one region. `outer` is the path hint from outside the region (the
   * fence's info string or the line above the fence).
   */
  region(lines: readonly string[], fenced: boolean, outer: string | null): void {
    let prose: string | null = null;
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      const hint = (prose !== null ? pathFromHintLine(prose) : null) ?? outer;
      if (startsPatch(line)) {
        i = this.patch(lines, i);
      } else if (newFileMarker(line) !== null) {
        i = this.newFile(lines, i, fenced, hint);
      } else if (isSearchMarker(line)) {
        i = this.searchReplace(lines, i, hint);
      } else if (startsDiff(lines, i)) {
        i = this.diff(lines, i, fenced, hint);
      } else {
        const fence = readFence(lines, i);
        if (fence) {
          this.fence(fence, prose);
          i = fence.end;
        } else {
          if (line.trim() !== "") prose = line;
          i++;
          continue;
        }
      }
      prose = null;
    }
  }

  finish(): ParseResult {
    const { singleFile } = this.opts;
    if (this.blocks.length === 0 && singleFile !== undefined) {
      const last = this.fences.at(-1);
      if (last) this.push(wholeFileEdit(this.fences, singleFile), last.order);
    }
    if (this.opts.truncated) this.refuseLastAsTruncated();
    if (this.blocks.length === 0) {
      this.push({
        refusal: refusal(
          null,
          "no-edit",
          "The answer holds no edit; send a unified diff for each changed file and '=== NEW FILE: path ===' blocks for new ones.",
        ),
      });
    }
    const edits: ParsedEdit[] = [];
    const refusals: Refusal[] = [];
    for (const block of [...this.blocks].sort((a, b) => a.order - b.order)) {
      if ("edits" in block) edits.push(...block.edits);
      else refusals.push(block.refusal);
    }
    return { edits, refusals };
  }

  /** Where a block without its own file name goes. */
  private target(hint: string | null): string | null {
    return hint ?? this.pending ?? this.lastPath ?? this.opts.singleFile ?? null;
  }

  private push(result: EditOrRefusal, order = this.order++): void {
    if ("refusal" in result) {
      this.blocks.push({ order, refusal: result.refusal });
    } else {
      const edits = "edit" in result ? [result.edit] : result.edits;
      this.blocks.push({ order, edits });
      this.lastPath = edits.at(-1)?.path ?? this.lastPath;
    }
    this.pending = null;
  }

  private patch(lines: readonly string[], i: number): number {
    const envelope = readPatchEnvelope(lines, i);
    for (const result of patchEnvelopeEdits(envelope)) this.push(result);
    return envelope.end;
  }

  private newFile(lines: readonly string[], i: number, fenced: boolean, hint: string | null): number {
    const block = readNewFileBlock(lines, i);
    const raw = block.path ?? this.target(hint);
    // An unfenced body that runs to the end of an answer stopping mid-line inside an open bracket was cut off.
    const cut = !fenced && !block.fenced && block.end === lines.length && this.endsMidLine && opensBracket(lines.at(-1)!, false);
    if (raw === null) {
      this.push({
        refusal: refusal(null, "no-edit", "A NEW FILE block names no file; write '=== NEW FILE: path/to/file ==='."),
      });
    } else if (!block.complete || cut) {
      this.push({ refusal: truncated(raw, `The NEW FILE block for ${raw}`) });
    } else {
      const checked = checkedPath(raw);
      this.push("refusal" in checked ? checked : { edit: { kind: "newfile", path: checked.path, content: fileBody(block.body) } });
    }
    return block.end;
  }

  private searchReplace(lines: readonly string[], i: number, hint: string | null): number {
    const block = readSearchReplace(lines, i);
    const n = ++this.searchBlocks;
    const raw = this.target(hint);
    if (!block.complete) {
      this.push({ refusal: truncated(raw, `SEARCH/REPLACE block ${n}`) });
    } else if (raw === null) {
      this.push({
        refusal: refusal(
          null,
          "no-edit",
          `SEARCH/REPLACE block ${n} names no file; put the file's path on the line above its fence.`,
        ),
      });
    } else {
      const checked = checkedPath(raw);
      // An empty SEARCH section is how this format creates a file.
      const isNew = block.search.every((l) => l.trim() === "");
      const hunk = searchReplaceHunk(isNew ? { ...block, search: [] } : block, n);
      this.push(
        "refusal" in checked
          ? checked
          : { edit: { kind: "udiff", path: checked.path, isNew, isDelete: false, hunks: [hunk] } },
      );
    }
    return block.end;
  }

  private diff(lines: readonly string[], i: number, fenced: boolean, hint: string | null): number {
    const { end, sections, lastHunkShort } = readDiff(lines, i, fenced);
    // Unfenced and running to the very end of an answer that stops without a line break, the last
    // hunk was cut off when it owes lines its header counts or its last line leaves a bracket
    // open. Neither alone is truncation (README rule 8): counts are often wrong, and a final
    // newline is often missing from a whole answer.
    const cut = !fenced && end === lines.length && this.endsMidLine && (lastHunkShort || opensBracket(lines.at(-1)!, true));
    for (const [k, section] of sections.entries()) {
      const result = diffSectionEdit(section, () => this.target(hint));
      if (cut && k === sections.length - 1 && !("refusal" in result)) {
        const named = "edit" in result ? result.edit.path : result.edits.at(-1)!.path;
        this.push({ refusal: truncated(named, `The last hunk for ${named}`) });
      } else {
        this.push(result);
      }
    }
    return end;
  }

  private fence(fence: Fence, prose: string | null): void {
    const before = prose !== null ? pathFromHintLine(prose) : null;
    const infoPath = pathFromInfo(fence.info);
    if (!fence.closed) {
      const named = infoPath ?? before ?? namedInside(fence.content);
      this.push({ refusal: truncated(named, named === null ? "A code fence" : `The code fence for ${named}`) });
      return;
    }
    const nonBlank = fence.content.filter((l) => l.trim() !== "");
    const onlyPath = nonBlank.length === 1 ? pathOnlyLine(nonBlank[0]!) : null;
    if (onlyPath !== null) {
      this.pending = onlyPath;
      this.fences.push({ order: this.order++, info: fence.info, content: fence.content, before, pathOnly: true });
      return;
    }
    const blocksBefore = this.blocks.length;
    const fencesBefore = this.fences.length;
    const pendingBefore = this.pending;
    this.region(fence.content, true, infoPath ?? before);
    if (this.blocks.length > blocksBefore) return;
    this.fences.length = fencesBefore;
    this.pending = pendingBefore;
    if (isDiffInfo(fence.info)) {
      // A ```diff fence is never a whole file: with only -/+ lines it is one hunk without headers.
      if (isBareHunk(fence.content)) {
        this.region(["@@", ...fence.content], true, infoPath ?? before);
      } else {
        const named = infoPath ?? before;
        this.push({
          refusal: refusal(
            named,
            "malformed",
            "A ```diff block holds no '---'/'+++' headers and no '@@' hunk; send a unified diff with both.",
          ),
        });
      }
      return;
    }
    // No edit inside: the fence as a whole is code (fences nested in it are its content).
    this.fences.push({ order: this.order++, info: fence.info, content: fence.content, before, pathOnly: false });
  }

  /** With a token-limit stop, the last block may be cut at a line break and look whole. */
  private refuseLastAsTruncated(): void {
    let last: Block | undefined;
    for (const block of this.blocks) if (!last || block.order > last.order) last = block;
    if (last && "edits" in last) {
      const index = this.blocks.indexOf(last);
      const path = last.edits.at(-1)!.path;
      this.blocks[index] = { order: last.order, refusal: truncated(path, `The last edit (${path})`) };
    } else if (!last && this.fences.length > 0) {
      this.push({ refusal: truncated(null, "The answer") });
    }
  }
}

/** The file an unclosed fence was about, so the refusal can name it. */
function namedInside(content: readonly string[]): string | null {
  for (const line of content) {
    const marker = newFileMarker(line);
    if (marker) return marker;
    const header = /^(?:\+\+\+|---) (.+)$/.exec(line);
    if (header) {
      const path = cleanHeaderPath(header[1]!);
      if (path !== DEV_NULL) return path;
    }
  }
  return null;
}

/**
 * A line that opens more brackets than it closes (string literals aside):
 * "+  return f(a, b". `hunkLine`: the line carries a diff prefix.
 */
function opensBracket(line: string, hunkLine: boolean): boolean {
  if (hunkLine && !/^[ +-]/.test(line)) return false;
  const code = (hunkLine ? line.slice(1) : line).replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, "");
  let depth = 0;
  for (const ch of code) {
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
  }
  return depth > 0;
}

function isDiffInfo(info: string): boolean {
  return /^(?:diff|patch|udiff)\b/i.test(info);
}

/** Lines that can only be a hunk: every one prefixed, at least one added or removed. */
function isBareHunk(content: readonly string[]): boolean {
  const lines = content.filter((l) => l.trim() !== "");
  return lines.some((l) => l[0] === "-" || l[0] === "+") && lines.every((l) => " -+\\".includes(l[0]!));
}
