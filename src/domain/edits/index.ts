/**
 * The edit engine: a worker's sloppy answer in, exact reviewable hunks out.
 *
 *   parseWorkerAnswer(text, opts)   → the edits the answer asks for, and refusals
 *   proposeChanges(edits, read)     → per-file before/after and true hunks, and refusals
 *   applyHunks(change, acceptedIds) → the bytes to write for one file
 *
 * Formats: unified diffs (git renames included), SEARCH/REPLACE blocks,
 * NEW FILE blocks, `*** Begin Patch` patches, and a fenced whole file for a
 * ticket with one file. A rename is a "create" and a "delete" change, linked
 * by `renamedFrom`/`renamedTo`.
 *
 * Pure: file contents come in through `read`, nothing here touches the disk.
 */

export type {
  FileChange,
  Hunk,
  ParsedEdit,
  ParseOptions,
  ParseResult,
  Proposal,
  RawHunk,
  ReadFile,
  Refusal,
  RefusalCode,
} from "./types.js";
export { parseWorkerAnswer } from "./parseWorkerAnswer.js";
export { DEFAULT_MAX_ANSWER_BYTES } from "./answerSize.js";
export { proposeChanges, proposeFromAnswer } from "./proposeChanges.js";
export { applyHunks } from "./applyHunks.js";
export { normalizeRepoPath, type NormalizedPath } from "./paths.js";
export { NO_CHANGE } from "./refusals.js";
export { extractReadmeDeltas, placeReadmeDelta, readmeSections, type ReadmeDelta } from "./readmeDelta.js";
