import { describe, expect, it } from "vitest";
import { normalizeRepoPath } from "../../../src/domain/edits/index.js";

function okPath(raw: string): string {
  const result = normalizeRepoPath(raw);
  if (!result.ok) throw new Error(`expected ${raw} to be accepted: ${result.reason}`);
  return result.path;
}

function reason(raw: string): string {
  const result = normalizeRepoPath(raw);
  if (result.ok) throw new Error(`expected ${raw} to be refused, got ${result.path}`);
  return result.reason;
}

describe("normalizeRepoPath", () => {
  it.each([
    ["src/x.ts", "src/x.ts"],
    ["./src/x.ts", "src/x.ts"],
    ["src//x.ts", "src/x.ts"],
    ["src/./x.ts", "src/x.ts"],
    ["src/lib/../x.ts", "src/x.ts"],
    ["  src/x.ts \t", "src/x.ts"],
    ["src\\win\\x.ts", "src/win/x.ts"],
    ["docs/read me.md", "docs/read me.md"],
    [".gitignore", ".gitignore"],
    [".github/workflows/ci.yml", ".github/workflows/ci.yml"],
    ["src/.gitkeep", "src/.gitkeep"],
    ["über/ñ.txt", "über/ñ.txt"],
  ])("accepts %j as %j", (raw, expected) => {
    expect(okPath(raw)).toBe(expected);
  });

  it.each(["/etc/hosts", "/home/dev/project/src/x.ts", "C:\\Windows\\system.ini", "c:/x.txt", "\\\\server\\share\\x"])(
    "refuses the absolute path %j",
    (raw) => {
      expect(reason(raw)).toMatch(/absolute path/);
    },
  );

  it.each(["../outside.txt", "../../etc/passwd", "src/../../x", "a/b/../../../c", ".."])(
    "refuses %j, which escapes the repository",
    (raw) => {
      expect(reason(raw)).toMatch(/escapes the repository/);
    },
  );

  it.each([".git/config", ".git/hooks/pre-commit", "vendor/lib/.git/config", ".GIT/config", ".git./config", ".git", ".git::$INDEX_ALLOCATION/x"])(
    "refuses %j inside git's own directory",
    (raw) => {
      expect(reason(raw)).toMatch(/\.git/);
    },
  );

  it.each([".haco/config.yaml", ".haco/prompts/system.md", ".haco", "src/../.haco/config.yaml", ".HACO/config.yaml", ".haco./config.yaml", ".haco ::$DATA/config.yaml"])(
    "refuses %j inside haco's own .haco/ settings",
    (raw) => {
      expect(reason(raw)).toMatch(/inside \.haco\/, haco's own settings/);
    },
  );

  it.each([".hacoignore", "./.hacoignore", "src/../.hacoignore", ".HacoIgnore", ".hacoignore."])(
    "refuses %j, haco's list of files never sent to a model",
    (raw) => {
      expect(reason(raw)).toMatch(/is \.hacoignore, which decides what haco never sends to a model/);
    },
  );

  it.each([
    ["src/.haco/config.yaml", "src/.haco/config.yaml"],
    ["docs/.hacoignore", "docs/.hacoignore"],
    [".haco-notes.md", ".haco-notes.md"],
    [".hacoignore.example", ".hacoignore.example"],
    [".hacoignore/readme.md", ".hacoignore/readme.md"],
  ])("accepts %j, which is not one of haco's control files", (raw, expected) => {
    expect(okPath(raw)).toBe(expected);
  });

  it.each(["src/x\u0000.ts", "src/\u001b[31mx.ts", "src/x\n.ts", "src/x\u007f.ts", "a\u009bb.txt", "src/\u0080x.ts", "src/x\u009f.ts", "src/x\u0085.ts"])(
    "refuses %j with control characters",
    (raw) => {
      expect(reason(raw)).toMatch(/control characters/);
    },
  );

  it.each(["", "   ", ".", "./", "src/.."])("refuses %j, which names no file", (raw) => {
    expect(reason(raw)).toMatch(/empty|root|directory/);
  });

  it("refuses a path ending in a slash as a directory", () => {
    expect(reason("src/")).toMatch(/directory/);
  });

  it("refuses home-relative paths", () => {
    expect(reason("~/.bashrc")).toMatch(/home directory/);
  });

  it("names a refused path with its control characters escaped, so the reason is plain text", () => {
    expect(reason("a\u009bb.txt")).toContain('"a\\u009bb.txt"');
    expect(reason("a\u009bb.txt")).not.toMatch(/[\u0080-\u009f]/);
  });

  it.each(["src/café.ts", "docs/\u00a0nbsp.md", "src/\u2028.ts"])("accepts %j: non-ASCII that is not a control character", (raw) => {
    expect(okPath(raw)).toBe(raw);
  });

  it("names the refused path in the reason", () => {
    expect(reason("../secret.txt")).toContain('"../secret.txt"');
  });
});
