/**
 * The corpus itself is checked here, not the engine: enough cases, every
 * failure mode of the glossary in test/fixtures/edits/README.md
 * in at least two of them, and case files that say what they expect and why.
 * Cases parked in test/fixtures/edits-pending/ (not run until the engine
 * handles them) do not count towards coverage but must be well-formed too.
 */

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS } from "./corpusCases.js";

const PENDING = path.join(path.dirname(CORPUS), "edits-pending");

/** Every main tag of the glossary; a tag ending in '*' names a family (`filename-above-fence` counts for `filename-*`). */
const GLOSSARY = [
  "wrong-line-numbers",
  "wrong-hunk-counts",
  "no-line-numbers",
  "missing-file-headers",
  "missing-context",
  "extra-context",
  "no-context-lines",
  "whitespace-drift",
  "tabs-vs-spaces",
  "blank-context-without-space",
  "crlf",
  "prose",
  "markdown-fences",
  "wrong-fence-language",
  "nested-fences",
  "extra-code-block",
  "elision",
  "lazy-comment",
  "truncated",
  "ambiguous-match",
  "repeated-lines",
  "context-not-found",
  "near-miss",
  "already-applied",
  "missing-target-file",
  "mangled-filename",
  "path-escape",
  "absolute-path",
  "newfile-exists",
  "dev-null-new-file",
  "new-file-empty-search",
  "newfile-unfenced",
  "missing-filename*",
  "filename-*",
  "control-clean",
] as const;

// The shared README's five formats, and "patch" for the `*** Begin Patch` envelope haco also reads.
const FORMATS = ["udiff", "searchreplace", "wholefile", "newfile", "mixed", "patch"] as const;
const MIN_CASES = 60;
const MIN_PER_TAG = 2;

interface CaseFile {
  dir: string;
  name: string;
  meta: Record<string, unknown>;
}

function readCases(root: string): CaseFile[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => statSync(path.join(root, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      const meta = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as Record<string, unknown>;
      return { dir, name, meta };
    });
}

function tagsOf(c: CaseFile): string[] {
  const modes = c.meta.failure_modes;
  return Array.isArray(modes) ? modes.map(String) : [];
}

function matches(tag: string, glossaryTag: string): boolean {
  return glossaryTag.endsWith("*") ? tag.startsWith(glossaryTag.slice(0, -1)) : tag === glossaryTag;
}

/** Files under a directory, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(path.join(dir, f)).isFile());
}

/** One sentence: text that ends with a full stop and has no sentence break inside. */
function isOneSentence(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && /[.!?]$/.test(t) && !/[.!?]\s+[A-Z]/.test(t.slice(0, -1));
}

const cases = readCases(CORPUS);
const pending = readCases(PENDING);

describe("edit corpus coverage", () => {
  it(`holds at least ${MIN_CASES} cases`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
  });

  it.each(GLOSSARY.map((tag) => [tag]))(`has %s in at least ${MIN_PER_TAG} cases`, (tag) => {
    const holders = cases.filter((c) => tagsOf(c).some((t) => matches(t, tag))).map((c) => c.name);
    expect(holders.length, `cases tagged ${tag}: ${holders.join(", ") || "none"}`).toBeGreaterThanOrEqual(MIN_PER_TAG);
  });

  it("has both outcomes in good number", () => {
    const apply = cases.filter((c) => c.meta.expect === "apply").length;
    const refuse = cases.filter((c) => c.meta.expect === "refuse").length;
    expect(apply).toBeGreaterThanOrEqual(MIN_CASES / 3);
    expect(refuse).toBeGreaterThanOrEqual(MIN_CASES / 3);
  });
});

const everyCase = [
  ...cases.map((c) => [`edits/${c.name}`, c] as const),
  ...pending.map((c) => [`edits-pending/${c.name}`, c] as const),
];

describe("case files", () => {
  it.each(everyCase)("%s is well-formed", (_label, c) => {
    const { meta } = c;
    expect(meta.id, "id is the directory name").toBe(c.name);
    expect(FORMATS as readonly unknown[], "format").toContain(meta.format);
    expect(["apply", "refuse"], "expect").toContain(meta.expect);
    expect(typeof meta.why === "string" && isOneSentence(meta.why), `why is one sentence: ${String(meta.why)}`).toBe(true);
    expect(typeof meta.source === "string" && meta.source.trim() !== "", "source").toBe(true);
    expect(tagsOf(c).length, "failure_modes").toBeGreaterThan(0);
    expect(existsSync(path.join(c.dir, "worker.txt")), "worker.txt").toBe(true);

    const after = filesUnder(path.join(c.dir, "after"));
    const deleted = Array.isArray(meta.deleted) ? meta.deleted : [];
    if (meta.expect === "apply") {
      expect(after.length + deleted.length, "an apply case shows its result in after/ (or deletes files)").toBeGreaterThan(0);
    } else {
      expect(after, "a refuse case writes nothing, so it has no after/").toEqual([]);
      if (meta.refusal_code !== undefined) expect(typeof meta.refusal_code).toBe("string");
    }
  });
});
