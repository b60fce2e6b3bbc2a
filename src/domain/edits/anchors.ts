/**
 * `@@ anchor` lines of the `*** Begin Patch` format: the text after `@@` is a
 * line (a class or function signature, usually) that must come before the
 * hunk. It is content, not a line number, so it may settle which of several
 * matching places is meant. Nested anchors (`@@ class A` then `@@ def f`)
 * narrow one inside the other.
 *
 * Each anchor line owns a section: the lines indented deeper than it, plus a
 * closing `}`/`end` line at its own depth. A hunk inside the section of its
 * anchor is preferred; failing that, any place below the anchor counts (an
 * anchor such as `@@ import os` owns no section). Either way the place must
 * still be the only one.
 */

import { indentWidth } from "./indentStyle.js";
import { isBlank, type Line } from "./lines.js";

export interface AnchorScope {
  /** Index of the (innermost) anchor line. */
  line: number;
  /** First index after its section. */
  end: number;
}

export type AnchorResult =
  | { ok: true; scopes: AnchorScope[] }
  /** `anchor` is the first anchor with no line in the file (below the anchors before it). */
  | { ok: false; anchor: string };

/** The places each chain of anchors leads to, innermost last. */
export function resolveAnchors(file: readonly Line[], anchors: readonly string[]): AnchorResult {
  let scopes: AnchorScope[] = [{ line: -1, end: file.length }];
  for (const anchor of anchors) {
    const next: AnchorScope[] = [];
    for (const outer of scopes) {
      for (let i = outer.line + 1; i < outer.end; i++) {
        if (isAnchorLine(file[i]!.text, anchor)) next.push({ line: i, end: sectionEnd(file, i) });
      }
    }
    if (next.length === 0) return { ok: false, anchor };
    scopes = dedupe(next);
  }
  return { ok: true, scopes };
}

/**
 * The condition a placement must meet: inside an anchor's section, or (the
 * looser reading) anywhere below the anchor line. The hunk may begin with the
 * anchor line itself.
 */
export function anchorFilter(scopes: readonly AnchorScope[], within: boolean): (start: number, end: number) => boolean {
  return (start, end) => scopes.some((s) => start >= s.line && (!within || end <= s.end));
}

/**
 * Whether a file line is the anchor: the same text once surrounding blanks are
 * gone, or the anchor is the start of the line up to a word boundary
 * (`@@ def total` for `def total(items):`). Never a fuzzy match.
 */
export function isAnchorLine(text: string, anchor: string): boolean {
  const line = text.trim();
  const want = anchor.trim();
  if (want === "") return false;
  if (line === want) return true;
  if (want.length < 3 || !line.startsWith(want)) return false;
  const next = line[want.length]!;
  return !/[\w$]/.test(next) || !/[\w$]$/.test(want);
}

const CLOSER = /^(?:[}\])]|end\b|<\/|fi\b|done\b|esac\b)/;

function sectionEnd(file: readonly Line[], at: number): number {
  const depth = indentWidth(file[at]!.text);
  for (let i = at + 1; i < file.length; i++) {
    const text = file[i]!.text;
    if (isBlank(text)) continue;
    if (indentWidth(text) > depth) continue;
    return CLOSER.test(text.trim()) ? i + 1 : i;
  }
  return file.length;
}

function dedupe(scopes: AnchorScope[]): AnchorScope[] {
  const seen = new Set<number>();
  return scopes.filter((s) => (seen.has(s.line) ? false : (seen.add(s.line), true)));
}
