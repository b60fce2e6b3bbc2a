/**
 * The shapes the edit engine passes around. The worker's text becomes
 * `ParsedEdit`s (what it asked for), then a `Proposal` (what that means for
 * the files as they are now), then the reviewer picks `Hunk`s by id.
 */

/**
 * Why the engine refused (part of) an answer, phrased so that it can be sent
 * back to the worker as-is on the retry.
 */
export interface Refusal {
  /** Repository path the refusal is about, or null when no file could be named. */
  file: string | null;
  /** One sentence the worker can act on; for a hunk that was not found it quotes the closest lines. */
  reason: string;
  /**
   * Machine-readable kind, so the session can tell "nothing to do" from a real
   * failure without parsing prose. Optional so that refusals built elsewhere
   * with just file and reason stay valid.
   */
  code?: RefusalCode;
  /**
   * The 1-based position of the hunk (or SEARCH/REPLACE block) within its
   * file's edit, when the refusal is about one hunk; the reason names it too.
   */
  hunk?: number;
}

export type RefusalCode =
  /** The answer held no edit, or an edit named no file. */
  | "no-edit"
  /** The path is absolute, escapes the repository, or points into `.git/`. */
  | "unsafe-path"
  /** The answer (or one block of it) was cut off. */
  | "truncated"
  /** A block could not be read as a diff, NEW FILE or SEARCH/REPLACE block. */
  | "malformed"
  /** The edit targets a file that does not exist and carries no new-file marker. */
  | "missing-file"
  /** A NEW FILE block (or pure-addition `/dev/null` diff) for a path that already exists. */
  | "file-exists"
  /** The hunk's old lines are not in the file. */
  | "not-found"
  /** The hunk's old lines are in the file more than once. */
  | "ambiguous"
  /** The new side hides real code behind `...` or "rest unchanged". */
  | "elision"
  /** Two hunks of one file claim the same lines, or one file is edited twice in different forms. */
  | "conflict"
  /** The edit would leave the file exactly as it is: "already applied or no change". */
  | "no-change"
  /** The whole answer is over `ParseOptions.maxAnswerBytes`; nothing in it was read. */
  | "too-large"
  /** A README delta that could not be placed; it is dropped and the code edits stand without it. */
  | "readme-delta";

/**
 * One edit as the worker wrote it, paths already checked by `normalizeRepoPath`.
 *
 * A rename is always two edits, so that a caller that checks every
 * `edit.path` on disk checks both paths: a `udiff` at the new path with
 * `renamedFrom` (its hunks apply to the old file's content, and may be none)
 * and a `delete` of the old path with `renamedTo`. `proposeChanges` refuses
 * either half without the other.
 */
export type ParsedEdit =
  | { kind: "udiff"; path: string; isNew: boolean; isDelete: boolean; hunks: RawHunk[]; renamedFrom?: string }
  | { kind: "newfile"; path: string; content: string }
  | { kind: "wholefile"; path: string; content: string }
  /** `*** Delete File: path`, or the old half of a rename: the file goes, whatever it holds. */
  | { kind: "delete"; path: string; renamedTo?: string };

/**
 * A hunk as written by the worker: its header is a hint only.
 * `lines` keep their ' ', '-', '+' prefix (and '\' for "No newline at end of
 * file" markers); they carry no line terminators.
 */
export interface RawHunk {
  header: string;
  lines: string[];
  /**
   * `*** Begin Patch` hunks: the text after `@@` (outermost first), lines
   * such as a signature that must come before the hunk and place it.
   */
  anchors?: string[];
  /** `*** End of File`: the hunk's old lines end the file. */
  atEnd?: boolean;
}

/** A hunk the reviewer can accept or reject, computed against the current file. */
export interface Hunk {
  /** "h1", "h2", … unique across one proposal, in file then position order. */
  id: string;
  file: string;
  /** "@@ -a,b +c,d @@" with true numbers; an empty side is numbered 0 as in git. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /**
   * ' ', '-', '+' prefixed display lines without terminators (a CR of a CRLF
   * file is a terminator too). A line's change of final newline shows as a
   * '\ No newline at end of file' line, as in git.
   */
  lines: string[];
  added: number;
  removed: number;
}

/**
 * One file's change. A rename is two changes next to each other: a "create"
 * of the new path with `renamedFrom` and a "delete" of the old path with
 * `renamedTo`, so that a caller that writes each change (and knows nothing
 * of renames) writes the new file and removes the old one.
 */
export interface FileChange {
  path: string;
  kind: "edit" | "create" | "delete";
  /** Current content; null for a file that is created. */
  before: string | null;
  /** Content with every hunk applied; null for a file that is deleted. */
  after: string | null;
  hunks: Hunk[];
  /** On the "create" half of a rename: the path the content comes from. */
  renamedFrom?: string;
  /** On the "delete" half of a rename: the path the content moves to. */
  renamedTo?: string;
}

export interface Proposal {
  changes: FileChange[];
  refusals: Refusal[];
}

/** Reads a repository file's current content, or null when it does not exist. */
export type ReadFile = (path: string) => string | null;

export interface ParseOptions {
  /** The ticket's only file: lets a fenced whole file with no name stand for it. */
  singleFile?: string;
  /**
   * The worker stopped at its token limit (Ollama `done_reason: "length"`).
   * The last block is then refused even if it looks complete, because an
   * unfenced block cut at a line break cannot be told apart from a whole one.
   */
  truncated?: boolean;
  /**
   * Answers longer than this many UTF-8 bytes are refused as a whole before
   * any parsing (default `DEFAULT_MAX_ANSWER_BYTES`, 1 MiB): no model reply
   * for a ticket is that long, and scanning one costs time for nothing.
   */
  maxAnswerBytes?: number;
}

export interface ParseResult {
  edits: ParsedEdit[];
  refusals: Refusal[];
}
