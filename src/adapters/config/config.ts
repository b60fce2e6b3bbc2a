import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InputError } from "../../domain/errors.js";
import { asFsProblem } from "../workspace/fsProblem.js";
import { ConfigError, describeIssues, parseConfigYaml } from "./configProblems.js";
import { THEME_NAMES } from "../../../themes/theme.js";

/**
 * `.haco/config.yaml`: the repository's settings. Environment variables
 * (OLLAMA_HOST, HACO_WORKER_MODEL) override it and flags override both; that
 * layering happens in the CLI, this module only reads and validates the file.
 */

export const DEFAULT_WORKER_MODEL = "qwen2.5-coder:7b";

/** One worker server: Ollama's API, or an OpenAI-compatible one (LM Studio, llama.cpp's server, vLLM). */
const endpointSchema = z
  .object({
    /** Shown in events and stats; default: the URL's host:port. */
    name: z.string().trim().min(1).optional(),
    kind: z.enum(["ollama", "openai"]).default("ollama"),
    url: z.string().trim().min(1),
    /** The models it may draft with; default: whatever it lists. */
    models: z.array(z.string().trim().min(1)).optional(),
    /** The environment variable holding its API key (sent as a Bearer token); keys never live in this file. */
    apiKeyEnv: z.string().trim().min(1).optional(),
  })
  .strict();

/** A routing rule: tickets of a kind, or with a prompt over a size, get another model. */
const routeSchema = z
  .object({
    kind: z.enum(["code", "test", "refactor", "doc"]).optional(),
    minPromptTokens: z.number().int().positive().optional(),
    model: z.string().trim().min(1),
  })
  .strict();

const configSchema = z
  .object({
    worker: z
      .object({
        model: z.string().trim().min(1).optional(),
        host: z.string().trim().min(1).optional(),
        /** Longest silence between two tokens before the draft is abandoned. */
        stallTimeoutMs: z.number().int().positive().default(60_000),
        /** Longest wait for the first token; it includes loading the model, which can take a minute cold. */
        firstTokenTimeoutMs: z.number().int().positive().default(300_000),
        /** Tokens reserved for the worker's answer when sizing num_ctx. */
        replyTokens: z.number().int().positive().default(4096),
        /** Upper bound on num_ctx whatever the model supports, to keep VRAM in check. */
        maxContextTokens: z.number().int().positive().default(32_768),
        temperature: z.number().min(0).max(2).default(0.2),
        /**
         * Several worker servers: a ticket is drafted on the first free one that has its model.
         * Empty: the one server of `host` (or OLLAMA_HOST), or --worker.
         */
        endpoints: z.array(endpointSchema).default([]),
        /** With two or more endpoints: how many tickets ahead are drafted while the human reviews. */
        lookAhead: z.number().int().min(0).max(4).default(1),
        /** The model per ticket (seed 001 §13): the first rule that matches wins, else `model`. */
        routes: z.array(routeSchema).default([]),
      })
      .strict()
      .default({
        stallTimeoutMs: 60_000,
        firstTokenTimeoutMs: 300_000,
        replyTokens: 4096,
        maxContextTokens: 32_768,
        temperature: 0.2,
        endpoints: [],
        lookAhead: 1,
        routes: [],
      }),
    /** The run log in .haco/logs/: every event of every run, prompts and answers included, secrets masked. */
    logs: z
      .object({
        enabled: z.boolean().default(true),
        /** A log file is rotated past this size. */
        maxFileBytes: z.number().int().positive().default(5_000_000),
        /** The oldest files go once there are more than this. */
        keepFiles: z.number().int().positive().default(50),
      })
      .strict()
      .default({ enabled: true, maxFileBytes: 5_000_000, keepFiles: 50 }),
    /** Prices in your currency per million tokens, for `haco stats`' money saved; none by default. */
    prices: z
      .object({
        supervisorInputPerMTok: z.number().min(0).optional(),
        supervisorOutputPerMTok: z.number().min(0).optional(),
      })
      .strict()
      .default({}),
    /** Commands run after a ticket's own test command (or instead, when it has none). */
    verify: z.array(z.string().trim().min(1)).default([]),
    test: z
      .object({ timeoutMs: z.number().int().positive().default(600_000) })
      .strict()
      .default({ timeoutMs: 600_000 }),
    /** Claude as the supervisor; the key comes only from the environment (ANTHROPIC_API_KEY), never from this file. */
    supervisor: z
      .object({
        model: z.string().trim().min(1).optional(),
        /** Draft a worker ticket with Claude once the worker's drafts (1 + review.retries) failed its tests. */
        escalate: z.boolean().default(true),
      })
      .strict()
      .default({ escalate: true }),
    /** The cockpit's review: how often `r` may re-draft a ticket whose tests failed, and who drafts the commit message. */
    review: z
      .object({
        retries: z.number().int().min(0).max(10).default(1),
        commitMessage: z.enum(["worker", "template"]).default("worker"),
      })
      .strict()
      .default({ retries: 1, commitMessage: "worker" }),
    /** haco's commits: the repository's pre-commit, commit-msg and post-commit hooks run for them, as for `git commit`. */
    commit: z
      .object({ hooks: z.boolean().default(true) })
      .strict()
      .default({ hooks: true }),
    /** The cockpit's look; --theme overrides it and NO_COLOR overrides both (see themes/index.ts). */
    ui: z
      .object({ theme: z.enum(THEME_NAMES).optional() })
      .strict()
      .default({}),
  })
  .strict();

export type HacoConfig = z.infer<typeof configSchema>;

export const CONFIG_PATH = path.join(".haco", "config.yaml");

export function defaultConfig(): HacoConfig {
  return configSchema.parse({});
}

/** Reads `.haco/config.yaml` under the repository root; a missing file means defaults. */
export async function loadConfig(repoRoot: string): Promise<HacoConfig> {
  const file = path.join(repoRoot, CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return defaultConfig();
    if (code === "EISDIR") {
      throw new InputError(CONFIG_PATH, null, `is a folder, but haco reads its settings from a file there — remove or rename the folder (every setting is optional; see "Configuration" in README.md)`);
    }
    // .haco being a file (ENOTDIR), permissions: worded with the path that is wrong.
    throw asFsProblem(err, { base: repoRoot, target: file });
  }
  return parseConfig(text, CONFIG_PATH);
}

/** Validates settings text; every problem of the file is reported at once (see configProblems.ts). */
export function parseConfig(text: string, displayName: string): HacoConfig {
  const source = parseConfigYaml(text, displayName);
  const result = configSchema.safeParse(source.raw);
  if (result.success) return result.data;
  throw new ConfigError(displayName, describeIssues(result.error.issues, configSchema, source));
}
