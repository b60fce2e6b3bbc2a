import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { HIGHLIGHT_CACHE_CAPACITY, MAX_HIGHLIGHT_LENGTH, highlightCacheSize, highlightCode, languageFor } from "../../src/tui/highlight.js";
import { rowText } from "../../src/tui/styledRow.js";
import type { Token } from "../../themes/theme.js";

/** The token each piece of `text` got, for pieces that are one whole segment. */
function tokenOf(text: string, language: string, piece: string): Token | undefined {
  const found = highlightCode(text, language).find((s) => s.text.trim() === piece);
  if (!found) throw new Error(`no segment "${piece}" in ${JSON.stringify(highlightCode(text, language))}`);
  return found.token;
}

describe("highlightCode", () => {
  it("colours TypeScript keywords, strings, numbers, comments, functions and types", () => {
    const line = 'const total: number = sum("a", 42); // why';
    expect(tokenOf(line, "typescript", "const")).toBe("syntax.keyword");
    expect(tokenOf(line, "typescript", '"a"')).toBe("syntax.string");
    expect(tokenOf(line, "typescript", "42")).toBe("syntax.number");
    expect(tokenOf(line, "typescript", "// why")).toBe("syntax.comment");
    expect(tokenOf(line, "typescript", "sum")).toBe("syntax.function");
    expect(tokenOf(line, "typescript", "number")).toBe("syntax.type");
    expect(tokenOf("class Foo extends Bar {}", "typescript", "Foo")).toBe("syntax.type");
  });

  it("colours Python keywords, strings, numbers and comments", () => {
    const line = "def area(r): return 3.14 * r if r else 'none'  # circle";
    expect(tokenOf(line, "python", "def")).toBe("syntax.keyword");
    expect(tokenOf(line, "python", "area")).toBe("syntax.function");
    expect(tokenOf(line, "python", "3.14")).toBe("syntax.number");
    expect(tokenOf(line, "python", "'none'")).toBe("syntax.string");
    expect(tokenOf(line, "python", "# circle")).toBe("syntax.comment");
    expect(tokenOf("x = True", "python", "True")).toBe("syntax.keyword");
  });

  it("leaves identifiers and punctuation uncoloured, for the caller to colour", () => {
    const segments = highlightCode("const total = 1;", "typescript");
    expect(segments.find((s) => s.text.includes("total"))).toEqual({ text: " total = " });
    expect(segments.at(-1)).toEqual({ text: ";" });
  });

  it("colours code inside a template string's ${…} as code, not string", () => {
    const line = "`sum ${count(1)}`";
    expect(tokenOf(line, "typescript", "`sum")).toBe("syntax.string");
    expect(tokenOf(line, "typescript", "count")).toBe("syntax.function");
    expect(tokenOf(line, "typescript", "1")).toBe("syntax.number");
  });

  it("merges neighbouring text of the same colour into one segment", () => {
    const segments = highlightCode("a = b + c", "python");
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.token).not.toBe(segments[i - 1]!.token);
  });

  it("gives one plain segment for an unknown or missing language, none for an empty line", () => {
    expect(highlightCode("const x = 1", null)).toEqual([{ text: "const x = 1" }]);
    expect(highlightCode("const x = 1", "klingon")).toEqual([{ text: "const x = 1" }]);
    expect(highlightCode("const x = 1", "extend")).toEqual([{ text: "const x = 1" }]);
    expect(highlightCode("const x = 1", "__proto__")).toEqual([{ text: "const x = 1" }]);
    expect(highlightCode("", "typescript")).toEqual([]);
  });

  it("leaves lines longer than the limit plain", () => {
    const line = `const s = "${"x".repeat(MAX_HIGHLIGHT_LENGTH)}";`;
    expect(highlightCode(line, "typescript")).toEqual([{ text: line }]);
  });

  it("colours a fragment of a multi-line construct without throwing", () => {
    expect(tokenOf("/* opens here", "c", "/* opens here")).toBe("syntax.comment");
    expect(rowText([...highlightCode('"""docstring starts', "python")])).toBe('"""docstring starts');
    expect(rowText([...highlightCode("  end of comment */ x = 1;", "typescript")])).toBe("  end of comment */ x = 1;");
  });

  it("writes nothing to the console while loading languages", () => {
    const spies = (["log", "warn", "error", "info"] as const).map((m) => vi.spyOn(console, m));
    try {
      highlightCode("fn main() {}", "rust");
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("gives back the text exactly, for any text in any language", () => {
    const languages = [null, "typescript", "tsx", "python", "rust", "bash", "markdown", "markup", "yaml", "json", "sql"];
    const code = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 80 }),
      fc.array(fc.constantFrom("const", " ", "x", '"', "'", "`", "${", "}", "//", "/*", "*/", "#", "1.5", "(", ")", "<a>", "\\", "\t"), { maxLength: 30 }).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(code, fc.constantFrom(...languages), (text, language) => {
        const segments = highlightCode(text, language);
        expect(rowText([...segments])).toBe(text);
        for (const s of segments) expect(s.text).not.toBe("");
      }),
    );
  });
});

describe("highlightCode's cache", () => {
  it("returns the same result for the same line, from the cache", () => {
    const line = "let cached = 1;";
    expect(highlightCode(line, "typescript")).toBe(highlightCode(line, "typescript"));
    expect(highlightCode(line, "javascript")).not.toBe(highlightCode(line, "typescript"));
  });

  it("never holds more than its capacity, evicting the least recently used line", () => {
    const kept = highlightCode("let kept = 0;", "typescript");
    const dropped = highlightCode("let dropped = 0;", "typescript");
    for (let i = 0; i < HIGHLIGHT_CACHE_CAPACITY + 100; i++) {
      highlightCode(`let v${i} = ${i};`, "typescript");
      if (i % 100 === 0) highlightCode("let kept = 0;", "typescript");
    }
    expect(highlightCacheSize()).toBe(HIGHLIGHT_CACHE_CAPACITY);
    expect(highlightCode("let kept = 0;", "typescript")).toBe(kept);
    expect(highlightCode("let dropped = 0;", "typescript")).not.toBe(dropped);
  });
});

describe("languageFor", () => {
  it.each([
    ["src/a.ts", "typescript"],
    ["components/App.tsx", "tsx"],
    ["lib/x.mjs", "javascript"],
    ["lib/x.cjs", "javascript"],
    ["web/View.jsx", "jsx"],
    ["tool.py", "python"],
    ["main.go", "go"],
    ["src/lib.rs", "rust"],
    ["Rakefile.rb", "ruby"],
    ["A.java", "java"],
    ["x.c", "c"],
    ["x.h", "c"],
    ["x.cpp", "cpp"],
    ["X.cs", "csharp"],
    ["run.sh", "bash"],
    ["package.json", "json"],
    [".github/ci.yml", "yaml"],
    ["config.yaml", "yaml"],
    ["README.md", "markdown"],
    ["style.css", "css"],
    ["index.html", "markup"],
    ["Cargo.toml", "toml"],
    ["q.sql", "sql"],
    ["Dockerfile", "docker"],
    ["sub/Makefile", "makefile"],
    ["SRC/MAIN.PY", "python"],
  ])("%s → %s", (path, language) => {
    expect(languageFor(path)).toBe(language);
  });

  it.each(["LICENSE", "notes.xyz", ".gitignore", "dir.ts/README", "a.", "constructor", "x.__proto__"])("%s → null", (path) => {
    expect(languageFor(path)).toBeNull();
  });

  it("names only languages that highlightCode colours", () => {
    const paths = ["a.ts", "a.tsx", "a.js", "a.jsx", "a.py", "a.go", "a.rs", "a.rb", "a.java", "a.kt", "a.swift", "a.php", "a.lua", "a.c", "a.cpp", "a.cs", "a.sh", "a.json", "a.yaml", "a.toml", "a.md", "a.css", "a.scss", "a.html", "a.sql", "Dockerfile", "Makefile"];
    for (const path of paths) {
      const coloured = ['x = "s" # 1 // 2', "# Title", "<p>hi</p>"].some((line) => highlightCode(line, languageFor(path)).some((s) => s.token !== undefined));
      expect(coloured, path).toBe(true);
    }
  });
});
