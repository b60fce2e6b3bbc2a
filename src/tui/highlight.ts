import { createRequire } from "node:module";
import type * as PrismApi from "prismjs";
import type LoadLanguages from "prismjs/components/index.js";
import type { Token } from "../../themes/theme.js";
import { seg, type Segment } from "./styledRow.js";

/**
 * Syntax colours for the reviewer's diff lines, as theme-token segments.
 * Each line is highlighted alone (a diff shows fragments, not whole files),
 * so a line inside a multi-line comment or string may be mis-coloured; that
 * is the price of a cheap, stateless call per visible row per frame.
 */

// Prism ships CommonJS and its language files register on the global `Prism`
// that its core sets; one `require` keeps core and loader on the same instance.
const require = createRequire(import.meta.url);
const Prism = require("prismjs") as typeof PrismApi;
const loadLanguages = require("prismjs/components/index.js") as typeof LoadLanguages;

const BY_EXTENSION: Readonly<Record<string, string>> = {
  ts: "typescript", mts: "typescript", cts: "typescript", tsx: "tsx",
  js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "jsx",
  py: "python", pyi: "python", go: "go", rs: "rust", rb: "ruby",
  java: "java", kt: "kotlin", kts: "kotlin", swift: "swift", php: "php", lua: "lua",
  c: "c", h: "c", cpp: "cpp", cc: "cpp", cxx: "cpp", hpp: "cpp", hh: "cpp", hxx: "cpp", cs: "csharp",
  sh: "bash", bash: "bash", zsh: "bash",
  json: "json", yaml: "yaml", yml: "yaml", toml: "toml", md: "markdown", markdown: "markdown",
  css: "css", scss: "scss", html: "markup", htm: "markup", xml: "markup", svg: "markup", sql: "sql",
};

/** Files known by their whole name, which has no extension to go by. */
const BY_NAME: Readonly<Record<string, string>> = { dockerfile: "docker", makefile: "makefile", gnumakefile: "makefile" };

const LANGUAGES = [...new Set([...Object.values(BY_EXTENSION), ...Object.values(BY_NAME)])];

/** The Prism language id for a file path, or null when we do not highlight that kind of file. */
export function languageFor(path: string): string | null {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const dot = name.lastIndexOf(".");
  const byName = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
  const extension = dot > 0 ? name.slice(dot + 1) : "";
  return byName ?? (Object.hasOwn(BY_EXTENSION, extension) ? BY_EXTENSION[extension]! : null);
}

/**
 * Prism token types (and aliases) onto our tokens. Types not listed take
 * their parent's token, so the parts of a regex or a doc comment keep its colour.
 */
const TOKEN_OF: Readonly<Record<string, Token>> = {
  keyword: "syntax.keyword", boolean: "syntax.keyword", important: "syntax.keyword", atrule: "syntax.keyword", tag: "syntax.keyword",
  string: "syntax.string", "template-string": "syntax.string", "string-interpolation": "syntax.string",
  char: "syntax.string", regex: "syntax.string", "attr-value": "syntax.string",
  comment: "syntax.comment", prolog: "syntax.comment", doctype: "syntax.comment", cdata: "syntax.comment", shebang: "syntax.comment",
  number: "syntax.number",
  function: "syntax.function", macro: "syntax.function", decorator: "syntax.function", annotation: "syntax.function",
  "class-name": "syntax.type", builtin: "syntax.type",
};

/** Code inside `${…}` or an f-string's `{…}` is code again, not string. */
const RESETS = new Set(["interpolation"]);

/** Longer lines (minified code) stay plain: Prism's cost grows with length and a row shows only a pane's width. */
export const MAX_HIGHLIGHT_LENGTH = 1_000;

/** Enough for every visible row of a few screens of diff, small enough to never matter for memory. */
export const HIGHLIGHT_CACHE_CAPACITY = 2_000;

const cache = new Map<string, readonly Segment[]>();

/** How many highlighted lines are cached now (bounded by HIGHLIGHT_CACHE_CAPACITY). */
export function highlightCacheSize(): number {
  return cache.size;
}

/**
 * Splits one line of code into segments whose texts join back into `text`
 * exactly. Segments without a token are ordinary code: the caller colours
 * them (as added, removed or context). The result is shared with the cache,
 * hence read-only.
 */
export function highlightCode(text: string, language: string | null): readonly Segment[] {
  if (text === "") return [];
  const grammar = language === null || text.length > MAX_HIGHLIGHT_LENGTH ? undefined : grammarFor(language);
  if (!grammar) return [seg(text)];
  const key = `${language}\0${text}`;
  const hit = cache.get(key);
  if (hit) {
    // Re-insert so the Map's order is least- to most-recently used.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const segments = tokenizeLine(text, grammar);
  cache.set(key, segments);
  if (cache.size > HIGHLIGHT_CACHE_CAPACITY) cache.delete(cache.keys().next().value!);
  return segments;
}

let languagesLoaded = false;

function grammarFor(language: string): PrismApi.Grammar | undefined {
  if (!languagesLoaded) {
    // Once, on first use, so commands that never draw a diff do not pay for it; silent so it never writes to the terminal.
    loadLanguages.silent = true;
    loadLanguages(LANGUAGES);
    languagesLoaded = true;
  }
  // Prism.languages also holds helpers (extend, insertBefore…): only own, object entries are grammars.
  const grammar: unknown = Object.hasOwn(Prism.languages, language) ? Prism.languages[language] : undefined;
  return typeof grammar === "object" && grammar !== null ? (grammar as PrismApi.Grammar) : undefined;
}

function tokenizeLine(text: string, grammar: PrismApi.Grammar): Segment[] {
  try {
    const out: Segment[] = [];
    flatten(Prism.tokenize(text, grammar), undefined, out);
    return out;
  } catch {
    // A grammar bug must cost colour, never the frame: the line is shown plain.
    return [seg(text)];
  }
}

function flatten(stream: PrismApi.TokenStream, inherited: Token | undefined, out: Segment[]): void {
  if (typeof stream === "string") return push(out, stream, inherited);
  if (Array.isArray(stream)) {
    for (const part of stream) flatten(part, inherited, out);
    return;
  }
  flatten(stream.content, tokenOf(stream, inherited), out);
}

function tokenOf(token: PrismApi.Token, inherited: Token | undefined): Token | undefined {
  const aliases = token.alias === undefined ? [] : typeof token.alias === "string" ? [token.alias] : token.alias;
  for (const type of [token.type, ...aliases]) if (Object.hasOwn(TOKEN_OF, type)) return TOKEN_OF[type];
  return RESETS.has(token.type) ? undefined : inherited;
}

/** Appends, merging with the previous segment when the colour is the same, so rows stay short. */
function push(out: Segment[], text: string, token: Token | undefined): void {
  if (text === "") return;
  const last = out.at(-1);
  if (last && last.token === token) last.text += text;
  else out.push(seg(text, token));
}
