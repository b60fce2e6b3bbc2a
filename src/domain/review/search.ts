/**
 * `/`: select the next hunk, after the selected one and wrapping around,
 * that has a line containing the text. The text is matched as typed
 * (case and all) against the lines with their ' ', '-', '+' prefixes, so
 * "+foo" finds a hunk that adds a line starting with foo. An empty search
 * repeats the last one. This walks hunks until it finds one: it is the one
 * key that is O(n), as searching is.
 */

import { forEachFrom, hunkCount } from "./hunkTree.js";
import { makeState, withSelection } from "./makeState.js";
import { NO_HUNKS, NO_QUERY, refuse } from "./notices.js";
import type { ReviewPart, ReviewState } from "./types.js";

export function search(state: ReviewState, typed: string): ReviewState {
  const query = typed === "" ? state.query : typed;
  if (query === "") return refuse(state, NO_QUERY);
  const searched = makeState(state.files, state.tree, state.selected, state.undo, query, null);
  const count = hunkCount(state.tree);
  if (count === 0) return refuse(searched, NO_HUNKS);

  const matches = (part: ReviewPart): boolean => part.hunk.lines.some((l) => l.includes(query));
  let found = -1;
  forEachFrom(state.tree, state.selected + 1, (part, index) => {
    if (matches(part)) found = index;
    return found === -1;
  });
  let wrapped = false;
  if (found === -1) {
    wrapped = true;
    forEachFrom(state.tree, 0, (part, index) => {
      if (index > state.selected) return false;
      if (matches(part)) found = index;
      return found === -1;
    });
  }
  if (found === -1) return refuse(searched, `No hunk contains "${query}".`);
  const text =
    found === state.selected
      ? `Only this hunk contains "${query}".`
      : wrapped
        ? `Search wrapped around to the top.`
        : null;
  return withSelection(searched, found, text === null ? null : { kind: "info", text });
}
