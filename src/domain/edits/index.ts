/**
 * The edit engine: a worker's sloppy answer in, exact reviewable hunks out.
 *
 *   parseWorkerAnswer(text, opts)   → the edits the answer asks for, and refusals
 *   proposeChanges(edits, read)     → per-file before/after and true hunks, and refusals
 *   applyHunks(change, acceptedIds) → the bytes to write for one file
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
export { proposeChanges, proposeFromAnswer } from "./proposeChanges.js";
export { applyHunks } from "./applyHunks.js";
export { normalizeRepoPath, type NormalizedPath } from "./paths.js";
export { NO_CHANGE } from "./refusals.js";
