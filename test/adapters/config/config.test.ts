import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultConfig, loadConfig, parseConfig } from "../../../src/adapters/config/config.js";
import { ConfigError } from "../../../src/adapters/config/configProblems.js";
import { HacoError, InputError } from "../../../src/domain/errors.js";
import { resolveWorkerSettings } from "../../../src/session/workerSettings.js";

describe("config", () => {
  it("fills defaults for what the file leaves out", () => {
    const config = parseConfig("worker:\n  model: qwen2.5-coder:14b\nverify: [npm run lint]\n", ".haco/config.yaml");
    expect(config.worker.model).toBe("qwen2.5-coder:14b");
    expect(config.worker.stallTimeoutMs).toBe(60_000);
    expect(config.verify).toEqual(["npm run lint"]);
  });

  it("names the file and the field for a wrong value or an unknown key", () => {
    expect(() => parseConfig("worker:\n  stallTimeoutMs: soon\n", ".haco/config.yaml")).toThrowError(/^\.haco\/config\.yaml: worker\.stallTimeoutMs: /);
    expect(() => parseConfig("worker:\n  modle: x\n", ".haco/config.yaml")).toThrowError(/worker: unknown setting "modle"/);
    expect(() => parseConfig("worker: [\n", ".haco/config.yaml")).toThrowError(/is not valid YAML/);
  });
});

/** The ConfigError parseConfig throws for `text`. */
function configError(text: string): ConfigError {
  try {
    parseConfig(text, ".haco/config.yaml");
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(InputError);
    expect((err as ConfigError).exitCode).toBe(2);
    return err as ConfigError;
  }
  throw new Error("the config was accepted");
}

describe("config problems", () => {
  it("reports every problem at once, in line order, each naming the file, the key with its index and the line", () => {
    const err = configError(
      [
        "worker:",
        "  stallTimeoutMs: soon", // 2
        "  modle: x", // 3
        "  routes:",
        "    - { kind: tests, model: m }", // 5
        "logs:",
        "  enabled: yes", // 7
        "colour: dark", // 8
        "",
      ].join("\n"),
    );
    expect(err.problems.map((p) => [p.field, p.line])).toEqual([
      ["worker.stallTimeoutMs", 2],
      ["worker", 3],
      ["worker.routes[0].kind", 5],
      ["logs.enabled", 7],
      [null, 8],
    ]);
    const lines = err.message.split("\n");
    expect(lines[0]).toBe(".haco/config.yaml has 5 problems:");
    expect(lines.slice(1).every((line) => line.startsWith("  .haco/config.yaml: "))).toBe(true);
    expect(lines[1]).toBe(
      '  .haco/config.yaml: worker.stallTimeoutMs: expected a whole number above 0, got "soon" (line 2) — fix the value (see "Configuration" in README.md)',
    );
    expect(lines[2]).toContain('worker: unknown setting "modle" (line 3) — remove it or check the spelling; the settings there are model, host,');
    expect(lines[3]).toContain('worker.routes[0].kind: expected one of code|test|refactor|doc, got "tests" (line 5)');
    expect(lines[4]).toContain('logs.enabled: expected true or false, got "yes" (line 7)');
    expect(lines[5]).toContain('.haco/config.yaml: unknown setting "colour" (line 8)');
  });

  it("never shows the schema library's own wording", () => {
    const err = configError("worker:\n  temperature: hot\n  routes:\n    - { kind: 5, model: m }\n");
    expect(err.message).not.toMatch(/Invalid input|Invalid option|Too big|Too small|received/);
    expect(err.message).toContain("worker.temperature: expected a number from 0 to 2, got \"hot\" (line 2)");
    expect(err.message).toContain("worker.routes[0].kind: expected one of code|test|refactor|doc, got 5 (line 4)");
  });

  it("says what is missing, and what an empty value should have been", () => {
    const err = configError("worker:\n  model:\n  endpoints:\n    - { kind: ollama }\n");
    expect(err.message).toContain("worker.model: expected non-empty text, got nothing (line 2)");
    expect(err.message).toContain("worker.endpoints[0].url: is missing; expected non-empty text (line 4) — add it");
  });

  it("gives worker.lookAhead's limit as one less than the endpoints", () => {
    const two = configError("worker:\n  endpoints:\n    - { url: 'http://a:11434' }\n    - { url: 'http://b:11434' }\n  lookAhead: 5\n");
    expect(two.message).toBe(
      ".haco/config.yaml: worker.lookAhead: expected a whole number from 0 to 1 — one less than the 2 endpoints listed (and never more than 4) — got 5 (line 5) — set worker.lookAhead to 1 or less (see \"Configuration\" in README.md)",
    );
    expect(configError("worker:\n  lookAhead: 9\n").message).toContain("used only with two or more worker.endpoints");
  });

  it("reports YAML syntax errors once each, with line and column, without the parser's excerpt", () => {
    const err = configError("worker:\n  model: a\nworker:\n  model: b\n");
    expect(err.message).toBe(".haco/config.yaml: is not valid YAML: Map keys must be unique (line 3, column 1) — fix the syntax there");
    const broken = configError("worker: [\n");
    expect(broken.message).toMatch(/^\.haco\/config\.yaml: is not valid YAML: [^\n]+ \(line 2, column 1\) — fix the syntax there$/);
    expect(broken.message.match(/line 2/g)).toHaveLength(1);
  });

  it("accepts an empty file as every default", () => {
    expect(parseConfig("", ".haco/config.yaml")).toEqual(defaultConfig());
  });
});

describe("loadConfig", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "haco-config-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("says .haco is a file instead of failing on ENOTDIR", async () => {
    await writeFile(path.join(root, ".haco"), "");
    const err = await loadConfig(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HacoError);
    expect((err as HacoError).exitCode).toBe(2);
    expect((err as HacoError).message).toBe(".haco is a file, but haco needs a folder there (to reach .haco/config.yaml) — rename or remove the file .haco, then try again");
  });

  it("says .haco/config.yaml is a folder instead of failing on EISDIR", async () => {
    await mkdir(path.join(root, ".haco", "config.yaml"), { recursive: true });
    const err = await loadConfig(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/^\.haco\/config\.yaml: is a folder, but haco reads its settings from a file there — remove or rename the folder/);
  });
});

describe("worker settings", () => {
  const config = { ...defaultConfig(), worker: { ...defaultConfig().worker, model: "from-config", host: "gpu-box" } };
  it("takes the model from the flag, then HACO_WORKER_MODEL, then config, then the default", () => {
    expect(resolveWorkerSettings({ model: "flag" }, config, { HACO_WORKER_MODEL: "env" }).model).toBe("flag");
    expect(resolveWorkerSettings({}, config, { HACO_WORKER_MODEL: "env" }).model).toBe("env");
    expect(resolveWorkerSettings({}, config, {}).model).toBe("from-config");
    expect(resolveWorkerSettings({}, defaultConfig(), {}).model).toBe("qwen2.5-coder:7b");
  });

  it("takes the host from OLLAMA_HOST over config, read with Ollama's rules", () => {
    expect(resolveWorkerSettings({}, config, {}).host).toBe("http://gpu-box:11434");
    expect(resolveWorkerSettings({}, config, { OLLAMA_HOST: "0.0.0.0:9999" }).host).toBe("http://127.0.0.1:9999");
    expect(resolveWorkerSettings({}, defaultConfig(), {}).host).toBe("http://127.0.0.1:11434");
  });
});
