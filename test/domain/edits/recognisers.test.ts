import { describe, expect, it } from "vitest";
import { isElisionLine } from "../../../src/domain/edits/elision.js";
import {
  looksLikePath,
  pathFromComment,
  pathFromHintLine,
  pathFromInfo,
} from "../../../src/domain/edits/pathHints.js";

describe("isElisionLine", () => {
  it.each([
    "...",
    "    …",
    "// ...",
    "# ... rest of the function unchanged ...",
    "// ... existing code ...",
    "/* ... */",
    "<!-- ... other items ... -->",
    "-- rest of the query unchanged",
    "    # rest of the code remains the same",
    "// existing implementation",
    "{/* ... more rows ... */}",
    "// the other methods are unchanged",
    "        # ... validation ...",
    "/* … setup … */",
  ])("sees a placeholder in %j", (line) => {
    expect(isElisionLine(line)).toBe(true);
  });

  it.each([
    "return [...todos];",
    "const rest = { ...defaults, ...overrides };",
    "print('Loading...')",
    "// wait for the lock...",
    "// ...and then retry",
    "# TODO: handle errors",
    "// keep the existing users' plans",
    "",
    "   ",
    "foo(...args)",
  ])("sees code in %j", (line) => {
    expect(isElisionLine(line)).toBe(false);
  });
});

describe("path hints", () => {
  it.each([
    ["src/x.ts", true],
    ["README.md", true],
    [".env.example", true],
    ["Makefile", false],
    ["session.expiresAt", false],
    ["1.2.3", false],
    ["e.g.", false],
    ["foo.bar()", false],
    ["https://example.com/x.js", false],
    ["-rf", false],
  ])("looksLikePath(%j) is %s", (token, expected) => {
    expect(looksLikePath(token)).toBe(expected);
  });

  it.each([
    ["src/x.ts", "src/x.ts"],
    ["### src/x.ts", "src/x.ts"],
    ["**`src/x.ts`**:", "src/x.ts"],
    ["File: src/x.ts", "src/x.ts"],
    ["- `src/x.ts`", "src/x.ts"],
    ["Update `src/x.ts` so that `session.expiresAt` slides:", "src/x.ts"],
    ["Change the `config.json` loader in `src/load.ts`:", "src/load.ts"],
    ["Here's the patch:", null],
    ["Edit `a.ts` and `b.ts`:", null],
  ])("pathFromHintLine(%j) is %j", (line, expected) => {
    expect(pathFromHintLine(line)).toBe(expected);
  });

  it.each([
    ["ts src/x.ts", "src/x.ts"],
    ["src/x.ts", "src/x.ts"],
    ["typescript:src/x.ts", "src/x.ts"],
    ['ts title="src/x.ts"', "src/x.ts"],
    ["diff", null],
    ["c++", null],
    ["", null],
  ])("pathFromInfo(%j) is %j", (info, expected) => {
    expect(pathFromInfo(info)).toBe(expected);
  });

  it.each([
    ["// src/x.ts", "src/x.ts"],
    ["# File: app/main.py", "app/main.py"],
    ["<!-- public/index.html -->", "public/index.html"],
    ["/* styles/site.css */", "styles/site.css"],
    ["#!/usr/bin/env node", null],
    ["// @ts-check", null],
    ["// returns the sum", null],
  ])("pathFromComment(%j) is %j", (line, expected) => {
    expect(pathFromComment(line)).toBe(expected);
  });
});
