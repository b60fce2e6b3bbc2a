/**
 * Secrets never reach the run log. Every string of every record goes through
 * a masker before it is written: the exact values of the environment's
 * secret-looking variables, then patterns for well-known credential shapes
 * (URL userinfo, tokens, keys), each replaced with `[secret]`.
 *
 * The patterns lean towards leaving code alone: the log keeps worker answers
 * and test output, and a masker that ate `token = getToken()` would make it
 * useless for audit. So a `key = value` pair is masked only when the value
 * looks like a literal credential (see `maskAssignment`), and header values
 * only when they look like a credential rather than a variable.
 */

export const SECRET = "[secret]";

/** Variables whose values are masked wherever they appear: names ending in KEY, TOKEN, SECRET, PASSWORD or PASSWD. */
export const SECRET_ENV_NAME = /(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD)$/i;

/** Shorter values ("1", "true", "dev") would mask ordinary words everywhere; real secrets are longer. */
export const MIN_ENV_SECRET_LENGTH = 8;

/** Characters of a token-like credential (RFC 6750's token68, plus `:` for user:password pairs). */
const CRED = "[A-Za-z0-9._~+/=:-]";

/** `next` is the character right after the match ("" at the end). */
type Rule = { pattern: RegExp; replace: (match: string, groups: (string | undefined)[], next: string) => string };

const whole = () => SECRET;

const RULES: readonly Rule[] = [
  // PEM private keys, the whole block; an unterminated one (a truncated answer) to the end of the text.
  { pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g, replace: whole },
  // Credentials in a URL (`https://user:password@host`, `postgres://app:pw@db`): the whole userinfo,
  // since a user name alone is often the token (`https://ghp_…@github.com`). `user@` with no password
  // (`ssh://git@github.com`) is masked only when it looks like a credential.
  {
    pattern: /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/?#"'`<>]+)@(?=[^\s/?#@"'`<>]*[A-Za-z0-9[\]])/g,
    replace: (match, [scheme, userinfo]) => (userinfo!.includes(":") || looksLikeCredential(userinfo!) ? `${scheme}${SECRET}@` : match),
  },
  // Header values: `Authorization: Bearer <x>`, `"Authorization": "Basic <x>"`. A scheme word is kept.
  {
    pattern: new RegExp(`\\b((?:proxy-)?authorization["']?\\s*[:=]\\s*["']?)(?:([A-Za-z]+)[ \\t]+)?(${CRED}{8,})`, "gi"),
    replace: (match, [prefix, scheme, cred]) => {
      if (scheme && /^(?:basic|bearer|token|digest|apikey|key)$/i.test(scheme)) return `${prefix}${scheme} ${SECRET}`;
      if (scheme) return match;
      return looksLikeCredential(cred!) ? `${prefix}${SECRET}` : match;
    },
  },
  { pattern: new RegExp(`\\b(bearer[ \\t]+)(${CRED}{8,})`, "gi"), replace: (match, [prefix, cred]) => (looksLikeCredential(cred!) ? `${prefix}${SECRET}` : match) },
  // Anthropic (sk-ant-api03-…), then OpenAI (sk-…, sk-proj-…, sk-svcacct-…): a digit is required so kebab-case words stay.
  { pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{16,}/g, replace: whole },
  { pattern: /(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]{0,200}\d)[A-Za-z0-9_-]{20,}/g, replace: whole },
  // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_).
  { pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, replace: whole },
  // AWS access key ids (long-lived AKIA…, temporary ASIA…).
  { pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])/g, replace: whole },
  // Slack tokens: bot, user, app, config, refresh.
  { pattern: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/g, replace: whole },
  // `api_key = …`, `ANTHROPIC_API_KEY=…`, `"password": "…"`, `?token=…`. The key's prefix is bounded
  // so a long run of `a-b-c-…` (a minified line, a data URL) costs linear time, not quadratic.
  {
    pattern:
      /\b([A-Za-z0-9_.-]{0,40}?(?:api[_-]?key|apikey|access[_-]?key|secret[_-]?key|client[_-]?secret|auth[_-]?token|access[_-]?token|refresh[_-]?token|token|secret|password|passwd|pwd))(["']?)(\s*[:=]\s*)(?:(["'])([^"'\r\n]*)\4|([^\s"'`,;&(){}[\]<>]+))/gi,
    replace: (match, [key, keyQuote, sep, quote, quoted, bare], next) =>
      maskAssignment(match, { key: key!, keyQuote: keyQuote ?? "", sep: sep!, quote, quoted, bare, next }),
  },
];

/** How many capture groups each rule's pattern has (an empty alternative makes exec() report them). */
const GROUPS = new Map(RULES.map((rule) => [rule, new RegExp(`${rule.pattern.source}|`).exec("")!.length - 1]));

/** A credential, as opposed to a word or a variable name: it has a digit, or it is long. */
function looksLikeCredential(value: string): boolean {
  return /\d/.test(value) || value.length >= 32;
}

const KEYWORDS = new Set(["true", "false", "null", "undefined", "none", "string", "number", "await", "new", "this"]);
const MEMBER_CHAIN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/**
 * The value of a `key = value` pair whose key names a secret is masked when it is a literal:
 * - quoted: 4 characters or more and no template (`${…}`, `{{…}}`);
 * - bare, in the tight `key=value` form of env files and query strings: 4 characters or more,
 *   not a keyword, not `a.b.c`, not followed by `(`;
 * - bare, otherwise (`key: value`, `key = value`, which is also how code and types read):
 *   only when it has a digit and 6 characters or more.
 */
function maskAssignment(
  match: string,
  p: { key: string; keyQuote: string; sep: string; quote?: string; quoted?: string; bare?: string; next: string },
): string {
  const head = `${p.key}${p.keyQuote}${p.sep}`;
  if (p.quote !== undefined && p.quoted !== undefined) {
    const v = p.quoted;
    if (v.length < 4 || v === SECRET || v.includes("${") || v.includes("{{")) return match;
    return `${head}${p.quote}${SECRET}${p.quote}`;
  }
  const v = p.bare ?? "";
  if (v === SECRET || v.startsWith("$") || v.startsWith("=")) return match;
  if (p.next === "(") return match;
  const tight = p.sep === "=";
  if (tight && v.length >= 4 && !KEYWORDS.has(v.toLowerCase()) && !MEMBER_CHAIN.test(v)) return `${head}${SECRET}`;
  if (/\d/.test(v) && /[A-Za-z]/.test(v) && v.length >= 6) return `${head}${SECRET}`;
  return match;
}

export type Masker = (text: string) => string;

/** A masker for `env`'s secret-looking variables (exact values) and the patterns above. */
export function createMasker(env: Readonly<Record<string, string | undefined>> = {}): Masker {
  const values = [
    ...new Set(
      Object.entries(env)
        .filter(([name, value]) => SECRET_ENV_NAME.test(name) && typeof value === "string" && value.trim().length >= MIN_ENV_SECRET_LENGTH)
        .map(([, value]) => value as string),
    ),
  ].sort((a, b) => b.length - a.length); // a longer value first, so one containing another is masked whole
  return (text: string) => {
    let out = text;
    for (const value of values) if (out.includes(value)) out = out.split(value).join(SECRET);
    for (const rule of RULES) {
      const count = GROUPS.get(rule)!;
      out = out.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
        // replace() passes the groups, then the match's offset and the whole string.
        const offset = rest[count] as number;
        const input = rest[count + 1] as string;
        return rule.replace(match, rest.slice(0, count) as (string | undefined)[], input.charAt(offset + match.length));
      });
    }
    return out;
  };
}

/** Every string in `value` (object values and array items, at any depth) masked; keys and other types as they were. */
export function maskDeep<T>(value: T, mask: Masker): T {
  if (typeof value === "string") return mask(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = maskDeep(item, mask);
    return out as T;
  }
  return value;
}
