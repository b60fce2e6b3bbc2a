import { describe, expect, it } from "vitest";
import { createMasker, maskDeep, SECRET } from "../../../src/adapters/runlog/maskSecrets.js";

// Made-up credentials in the shapes of the real ones, put together at run time so that no file of
// the repository holds a string a secret scanner would flag.
const join = (...parts: string[]) => parts.join("");
const ANTHROPIC = join("sk-", "ant-api03-", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0-abcdEFGH_ijkl");
const OPENAI_PROJECT = join("sk-", "proj-", "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3");
const OPENAI_LEGACY = join("sk-", "T3BlbkFJ", "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8");
const GITHUB_CLASSIC = join("ghp", "_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");
const GITHUB_FINE = join("github", "_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS");
const AWS = join("AKIA", "IOSFODNN7EXAMPLE");
const SLACK = join("xoxb", "-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx");
const JWT = join("eyJhbGciOiJIUzI1NiJ9", ".eyJzdWIiOiIxMjM0In0.sig-nature_123");

const mask = createMasker({});

describe("masking secrets: the patterns", () => {
  it.each([
    ["an Anthropic key", `key is ${ANTHROPIC}.`, `key is ${SECRET}.`],
    ["an OpenAI project key", `OPENAI: ${OPENAI_PROJECT}`, `OPENAI: ${SECRET}`],
    ["an OpenAI legacy key", `"${OPENAI_LEGACY}"`, `"${SECRET}"`],
    ["a GitHub classic token", `git clone https://${GITHUB_CLASSIC}@github.com/o/r`, `git clone https://${SECRET}@github.com/o/r`],
    ["a GitHub fine-grained token", `GH=${GITHUB_FINE}`, `GH=${SECRET}`],
    ["an AWS access key id", `aws_access_key_id ${AWS}`, `aws_access_key_id ${SECRET}`],
    ["a Slack token", `slack ${SLACK} end`, `slack ${SECRET} end`],
    ["a bearer token", `curl -H 'x: y' --oauth2-bearer x; Bearer ${JWT}`, `curl -H 'x: y' --oauth2-bearer x; Bearer ${SECRET}`],
    ["an Authorization header", `Authorization: Bearer ${JWT}`, `Authorization: Bearer ${SECRET}`],
    ["a Basic Authorization header in JSON", `{"Authorization": "Basic dXNlcjpwYXNzd29yZA=="}`, `{"Authorization": "Basic ${SECRET}"}`],
    ["a token scheme in curl", `curl -H "Authorization: token ${GITHUB_CLASSIC}" api`, `curl -H "Authorization: token ${SECRET}" api`],
    ["a bare Authorization value", `authorization=abc123def456ghi`, `authorization=${SECRET}`],
    ["api_key in an env file", `ANTHROPIC_API_KEY=plainvalue99`, `ANTHROPIC_API_KEY=${SECRET}`],
    ["an x-api-key header", `x-api-key: k3y-value-123456`, `x-api-key: ${SECRET}`],
    ["a quoted api key in JSON", `{"api_key": "abcd1234efgh"}`, `{"api_key": "${SECRET}"}`],
    ["a quoted apiKey in code", `const client = new Client({ apiKey: 'live_0123abcd' });`, `const client = new Client({ apiKey: '${SECRET}' });`],
    ["a token in a query string", `GET /cb?code=1&token=abc123def456&x=1`, `GET /cb?code=1&token=${SECRET}&x=1`],
    ["a password in a URL-style pair", `password=hunter2`, `password=${SECRET}`],
    ["a password in YAML with a digit", `  password: hunter2`, `  password: ${SECRET}`],
    ["a quoted password", `"password": "correct horse battery staple"`, `"password": "${SECRET}"`],
    ["a client secret", `CLIENT_SECRET=s3cr3tvalue`, `CLIENT_SECRET=${SECRET}`],
    ["a user:password in an Ollama URL", `worker at http://admin:hunter@127.0.0.1:9 is down`, `worker at http://${SECRET}@127.0.0.1:9 is down`],
    ["a user:password in a database URL", `DATABASE_URL: postgres://app:app@db:5432/app`, `DATABASE_URL: postgres://${SECRET}@db:5432/app`],
    ["a password holding an @", `"host": "https://me:p@ss@proxy.example/ollama"`, `"host": "https://${SECRET}@proxy.example/ollama"`],
    ["an empty user name before a password", `redis://:pw@cache:6379`, `redis://${SECRET}@cache:6379`],
  ])("masks %s", (_what, input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it("masks a private key block whole, and an unterminated one to the end", () => {
    const block = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5\n-----END OPENSSH PRIVATE KEY-----";
    expect(mask(`key:\n${block}\ndone`)).toBe(`key:\n${SECRET}\ndone`);
    expect(mask("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----")).toBe(SECRET);
    expect(mask("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC")).toBe(SECRET);
    // A public key or a certificate is not a secret.
    const pub = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----";
    expect(mask(pub)).toBe(pub);
  });

  it("masks several secrets in one text, and is idempotent", () => {
    const text = `ANTHROPIC_API_KEY=${ANTHROPIC}\nGITHUB_TOKEN=${GITHUB_CLASSIC}\naws ${AWS}`;
    const once = mask(text);
    expect(once).toBe(`ANTHROPIC_API_KEY=${SECRET}\nGITHUB_TOKEN=${SECRET}\naws ${SECRET}`);
    expect(mask(once)).toBe(once);
  });
});

describe("masking secrets: ordinary code is left alone", () => {
  it("does not touch code that talks about tokens, keys and passwords", () => {
    const code = [
      `import { createHash } from "node:crypto";`,
      `export async function login(user: string, password: string): Promise<string> {`,
      `  const token = await api.post("/login", { user, password });`,
      `  if (token === undefined) throw new Error("no token: check the password");`,
      "  const headers = { Authorization: `Bearer ${token}`, \"x-api-key\": process.env.ANTHROPIC_API_KEY };",
      `  const auth = { Authorization: authHeader, authorization: "" };`,
      `  const maxTokens = 4096; const tokensPerSec = 42.5; const token_count=12;`,
      `  let next=getToken(); token=getToken();`,
      `  const apiKey = config.apiKey; const secret = getSecret(); password = input.value;`,
      `  api_key = os.environ["OPENAI_API_KEY"]`,
      `  return fetch(url, { headers: { Authorization: "Bearer " + token } }).then((r) => r.text());`,
      `}`,
      `const tasks = ["disk-usage", "task-list", "risk-assessment-2024-q1", "sk-small"];`,
      `describe("password reset", () => { it("rejects a wrong password", () => {}) });`,
      `// Bearer tokens are sent in the Authorization header.`,
      `apiKeyEnv: OPENAI_KEY`,
      `password: string | null;`,
      `const sha = "0123456789abcdef0123456789abcdef01234567";`,
      `✓ test/token.test.ts (3 tests) 12ms`,
      `{"type":"worker.done","tokens":300,"tokensPerSec":40,"promptTokens":900}`,
    ].join("\n");
    expect(mask(code)).toBe(code);
  });

  it("leaves a URL's user name alone when there is no password and it does not look like a credential", () => {
    for (const text of ["git clone ssh://git@github.com/o/r.git", "mailto:someone@example.com", "https://example.com/@user/post", "see http://example.com and me@example.com"]) {
      expect(mask(text)).toBe(text);
    }
  });

  it("leaves a unified diff of ordinary code as it is", () => {
    const diff = "--- a/src/auth.ts\n+++ b/src/auth.ts\n@@ -1,3 +1,4 @@\n import { hash } from './hash';\n-export const check = (password: string) => hash(password);\n+export const check = (password: string, salt: string) => hash(salt + password);\n+export const TOKEN_TTL_MS = 60_000;\n";
    expect(mask(diff)).toBe(diff);
  });
});

describe("masking secrets: the environment's values", () => {
  it("masks the exact values of variables named like secrets, 8 characters or more", () => {
    const m = createMasker({
      MY_SERVICE_TOKEN: "plain words but secret",
      DB_PASSWORD: "correcthorse",
      STRIPE_SECRET: "whsec_abc",
      DEPLOY_KEY: "deploy-key-value",
      SHORT_KEY: "abc",
      HOME: "/home/someone-long",
      HACO_WORKER_MODEL: "qwen2.5-coder:7b",
      EMPTY_TOKEN: "",
      UNSET_TOKEN: undefined,
    });
    expect(m("sent plain words but secret and correcthorse; whsec_abc; deploy-key-value")).toBe(`sent ${SECRET} and ${SECRET}; ${SECRET}; ${SECRET}`);
    expect(m("abc in /home/someone-long with qwen2.5-coder:7b")).toBe("abc in /home/someone-long with qwen2.5-coder:7b");
  });

  it("masks a longer value whole when it contains a shorter one", () => {
    const m = createMasker({ A_TOKEN: "abcdefgh", B_TOKEN: "abcdefgh-and-more" });
    expect(m("x abcdefgh-and-more y abcdefgh")).toBe(`x ${SECRET} y ${SECRET}`);
  });
});

describe("maskDeep", () => {
  it("masks every string at any depth and leaves keys and other values", () => {
    const value = { type: "x", n: 3, ok: true, none: null, list: [`k ${AWS}`, 4], nested: { text: `t ${ANTHROPIC}`, [AWS]: 1 } };
    expect(maskDeep(value, mask)).toEqual({ type: "x", n: 3, ok: true, none: null, list: [`k ${SECRET}`, 4], nested: { text: `t ${SECRET}`, [AWS]: 1 } });
    // The input is not changed.
    expect(value.list[0]).toBe(`k ${AWS}`);
  });
});
