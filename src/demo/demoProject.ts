/**
 * The tiny project `haco demo` runs on: a few string helpers of a blog, their
 * tests (run by `node --test`, so nothing needs installing), a plan of three
 * tickets, and what each ticket changes. demoRepo.ts writes the files;
 * demoScript.ts turns the changes into the demo worker's drafts. Each change
 * is made against the untouched project and touches lines the others leave
 * alone, so the tickets apply in any order, or alone.
 */

export const DEMO_PLAN_FILE = "PLAN.md";

const PACKAGE_JSON = `{
  "name": "haco-demo-blog",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "scripts": {
    "test": "node --test"
  }
}
`;

const README = `# haco demo: blog string helpers

A throwaway project made by \`haco demo\`. Its worker is scripted, not a real
model: it shows haco's loop (draft, hunks, apply, test, commit) without Ollama.

Run the tests with \`npm test\` (or \`node --test\`).
`;

const STRINGS_JS = `// String helpers for the blog's templates.

/** "hello world" → "Hello world". */
export function capitalize(text) {
  return text[0].toUpperCase() + text.slice(1);
}

/** Collapses runs of whitespace into one space and trims both ends. */
export function squish(text) {
  return text.trim().replace(/\\s+/g, " ");
}

/** How many words a post has, for the "3 min read" badge. */
export function wordCount(text) {
  const words = squish(text);
  return words === "" ? 0 : words.split(" ").length;
}
`;

const STRINGS_TEST = `import { test } from "node:test";
import assert from "node:assert/strict";
import { capitalize, squish, wordCount } from "../src/strings.js";

test("capitalize upper-cases the first letter", () => {
  assert.equal(capitalize("hello world"), "Hello world");
});

test("squish collapses whitespace", () => {
  assert.equal(squish("  a   b \\n c "), "a b c");
});

test("wordCount counts words, not spaces", () => {
  assert.equal(wordCount("  one two   three "), 3);
  assert.equal(wordCount(""), 0);
});
`;

const PLAN = `# Plan: string helpers for the blog

Made by \`haco demo\`: three small tickets for the local worker. haco drafts
each one, shows its hunks, applies them, runs the ticket's test and commits.

## T-001: Add a slugify helper for post URLs
- kind: code
- files: src/strings.js, test/strings.test.mjs
- test: \`node --test test/strings.test.mjs\`

Post URLs are built from titles by hand. Add \`slugify(title)\` to
src/strings.js, next to the other helpers, and test it.

### Acceptance criteria
- [ ] slugify("Hello, World!") returns "hello-world"
- [ ] accents are dropped: slugify("Crème brûlée") returns "creme-brulee"
- [ ] slugify("") returns ""

### Constraints
- no new dependencies

## T-002: Add truncate for post previews
- kind: code
- files: src/truncate.js (create), test/truncate.test.mjs (create)
- context: src/strings.js
- test: \`node --test test/truncate.test.mjs\`

The front page shows the first words of each post. Add \`truncate(text, max)\`
in its own module, reusing \`squish\` from src/strings.js.

### Acceptance criteria
- [ ] text of at most max characters comes back squished, otherwise unchanged
- [ ] longer text is cut at the last word boundary and ends with "…"
- [ ] the result is never longer than max characters

## T-003: fix(strings): capitalize("") returns "" instead of throwing
- kind: code
- files: src/strings.js, test/strings.test.mjs
- test: \`node --test\`

\`capitalize("")\` throws a TypeError (it reads \`text[0]\`), which breaks
pages with an untitled draft.

### Acceptance criteria
- [ ] capitalize("") returns ""
- [ ] the whole test suite passes
`;

/** Every file of the project before any ticket, by path. */
export const DEMO_FILES: Readonly<Record<string, string>> = {
  ".gitignore": "node_modules/\n",
  "package.json": PACKAGE_JSON,
  "README.md": README,
  "src/strings.js": STRINGS_JS,
  "test/strings.test.mjs": STRINGS_TEST,
  [DEMO_PLAN_FILE]: PLAN,
};

export interface DemoFileChange {
  path: string;
  /** The content before the ticket; null for a file the ticket creates. */
  before: string | null;
  after: string;
}

const SLUGIFY = `
/** "Hello, World!" → "hello-world", for post URLs. */
export function slugify(title) {
  return title
    .normalize("NFKD")
    .replace(/[\\u0300-\\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
`;

const SLUGIFY_TESTS = `
test("slugify makes URL-safe slugs", () => {
  assert.equal(slugify("Hello, World!"), "hello-world");
  assert.equal(slugify("  Crème brûlée -- 2 ways "), "creme-brulee-2-ways");
  assert.equal(slugify(""), "");
});
`;

const TRUNCATE_JS = `import { squish } from "./strings.js";

/** A preview of at most \`max\` characters, cut at a word boundary and marked with "…". */
export function truncate(text, max) {
  const clean = squish(text);
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return (space > 0 ? cut.slice(0, space) : cut) + "…";
}
`;

const TRUNCATE_TEST = `import { test } from "node:test";
import assert from "node:assert/strict";
import { truncate } from "../src/truncate.js";

test("truncate cuts long text at a word boundary", () => {
  assert.equal(truncate("A  short post.", 40), "A short post.");
  assert.equal(truncate("Local models draft, you review, haco commits.", 24), "Local models draft,…");
});

test("truncate never returns more than max characters", () => {
  const text = "word ".repeat(50);
  for (let max = 1; max <= 60; max++) {
    assert.ok(truncate(text, max).length <= max, \`max \${max}\`);
  }
});
`;

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`demo project: "${from}" not found`);
  return text.replace(from, to);
}

/** What each ticket of the plan changes, by ticket id, in the order of the plan. */
export const DEMO_CHANGES: Readonly<Record<string, readonly DemoFileChange[]>> = {
  "T-001": [
    { path: "src/strings.js", before: STRINGS_JS, after: STRINGS_JS + SLUGIFY },
    {
      path: "test/strings.test.mjs",
      before: STRINGS_TEST,
      after: replaceOnce(STRINGS_TEST, "squish, wordCount }", "slugify, squish, wordCount }") + SLUGIFY_TESTS,
    },
  ],
  "T-002": [
    { path: "src/truncate.js", before: null, after: TRUNCATE_JS },
    { path: "test/truncate.test.mjs", before: null, after: TRUNCATE_TEST },
  ],
  "T-003": [
    {
      path: "src/strings.js",
      before: STRINGS_JS,
      after: replaceOnce(
        replaceOnce(STRINGS_JS, '"Hello world". */', '"Hello world"; "" stays "". */'),
        "return text[0].toUpperCase()",
        "return text.charAt(0).toUpperCase()",
      ),
    },
    {
      path: "test/strings.test.mjs",
      before: STRINGS_TEST,
      after: replaceOnce(
        STRINGS_TEST,
        '"Hello world");\n});\n',
        '"Hello world");\n});\n\ntest("capitalize leaves an empty string empty", () => {\n  assert.equal(capitalize(""), "");\n});\n',
      ),
    },
  ],
};
