import { isNode, LineCounter, parseDocument, type Document } from "yaml";

/** Finds the line a path points at, for error messages; null when it cannot tell. */
export type LineFinder = (path: readonly PropertyKey[]) => number | null;

/**
 * The line of the deepest node on `path` that exists: a missing key is
 * reported at the object that should have held it.
 */
export function yamlLineFinder(doc: Document, lineCounter: LineCounter): LineFinder {
  return (path) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const prefix = path.slice(0, depth);
      const node = prefix.length === 0 ? doc.contents : doc.getIn(prefix, true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
}

/**
 * JSON is (nearly) a subset of YAML 1.2, so the YAML parser can say on which
 * line a JSON value sits, which JSON.parse cannot. Parsed only when an error
 * needs a line.
 */
export function lazyJsonLineFinder(text: string): LineFinder {
  let finder: LineFinder | null = null;
  return (path) => {
    if (!finder) {
      const lineCounter = new LineCounter();
      finder = yamlLineFinder(parseDocument(text, { lineCounter }), lineCounter);
    }
    return finder(path);
  };
}
