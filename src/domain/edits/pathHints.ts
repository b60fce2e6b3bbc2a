/**
 * Where a worker names a file when it does not write `---`/`+++` headers: a
 * path line just above a block, a `### path` heading, a path in backticks in
 * the sentence before, a fence info string (```ts src/x.ts), a first-line
 * comment (// src/x.ts). These helpers only recognise a path; they never
 * guess one from a near match, and every result still goes through
 * `normalizeRepoPath`.
 */

// Characters of a path as models write them in prose; spaces are left out on
// purpose, because in a sentence a space ends the path.
const PATH_CHARS = /^[\w@.+\-/\\[\]$,=~]+$/;
// A file extension: letters and digits with at least one letter, one case
// only, so `session.expiresAt` or `1.2.3` are not taken for file names.
const EXTENSION = /\.(?:[a-z0-9_-]*[a-z][a-z0-9_-]*|[A-Z0-9_-]*[A-Z][A-Z0-9_-]*)$/;

/** True for a token that reads as a file path: it has a directory or an extension. */
export function looksLikePath(token: string): boolean {
  if (token.length === 0 || token.length > 300) return false;
  // A Windows drive (C:\Users\…) is still a path: recognised here, so that it is refused as absolute.
  const drive = /^[A-Za-z]:[\\/]/.exec(token);
  if (drive) return looksLikePath(token.slice(drive[0].length));
  if (!PATH_CHARS.test(token) || token.startsWith("-") || token.includes("...")) return false;
  if (token.endsWith(".") || token.endsWith("/")) return false;
  const base = token.slice(token.lastIndexOf("/") + 1);
  return base.length > 0 && (token.includes("/") || EXTENSION.test(base));
}

/**
 * The path named by a line of prose just before a block: the whole line
 * ("src/x.ts", "### `src/x.ts`", "**File: src/x.ts**:") or the only path in
 * backticks in a sentence ("Update `src/x.ts` like this:").
 */
export function pathFromHintLine(line: string): string | null {
  const whole = stripDecoration(line);
  if (looksLikePath(whole)) return whole;
  const spans = [...line.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!).filter(looksLikePath);
  const distinct = [...new Set(spans)];
  if (distinct.length === 1) return distinct[0]!;
  // "Change `config.json` handling in `src/load.ts`": the one with a directory is the file.
  const withDir = distinct.filter((p) => p.includes("/"));
  return withDir.length === 1 ? withDir[0]! : null;
}

function stripDecoration(line: string): string {
  let s = line.trim();
  for (let pass = 0; pass < 3; pass++) {
    const before = s;
    s = s.replace(/^#{1,6}\s+/, "");
    s = s.replace(/^(?:[-*+]|\d+[.)])\s+/, "");
    s = s.replace(/:$/, "").trim();
    s = unwrap(s, "**");
    s = unwrap(s, "__");
    s = unwrap(s, "*");
    s = unwrap(s, "_");
    s = unwrap(s, "`");
    s = unwrap(s, '"');
    s = unwrap(s, "'");
    s = s.replace(/^(?:file(?:name)?|path)\s*:\s*/i, "").trim();
    if (s === before) break;
  }
  return s;
}

function unwrap(s: string, mark: string): string {
  return s.length > 2 * mark.length && s.startsWith(mark) && s.endsWith(mark)
    ? s.slice(mark.length, -mark.length).trim()
    : s;
}

/**
 * A path in a fence info string: "ts src/x.ts", "src/x.ts", "ts:src/x.ts",
 * "ts title=\"src/x.ts\"". A bare language ("ts", "diff") is not a path.
 */
export function pathFromInfo(info: string): string | null {
  for (const token of info.split(/\s+/)) {
    const value = token.replace(/^\{?(?:title|file|filename|path)=/i, "").replace(/^["']|["'}]+$/g, "");
    for (const part of [value, ...value.split(":").slice(1)]) {
      if (looksLikePath(part)) return part;
    }
  }
  return null;
}

/** A comment that only names the file: "// src/x.ts", "# File: app.py", "<!-- index.html -->". */
export function pathFromComment(line: string): string | null {
  const m =
    /^\s*(?:\/\/+|#+|--|;+|\/\*+|<!--|%+|\(\*)\s*(?:(?:file(?:name)?|path)\s*:\s*)?(\S+?)\s*(?:\*+\/|-->|\*\))?\s*$/i.exec(
      line,
    );
  return m && looksLikePath(m[1]!) ? m[1]! : null;
}

/** A line that is nothing but a path (optionally in backticks): a label, not content. */
export function pathOnlyLine(line: string): string | null {
  const s = unwrap(line.trim(), "`");
  return looksLikePath(s) ? s : null;
}
