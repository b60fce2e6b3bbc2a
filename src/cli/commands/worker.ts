import { EXIT, HacoError, UsageError } from "../../domain/errors.js";
import { DEFAULT_MAX_ANSWER_BYTES } from "../../domain/edits/index.js";
import { renderTemplate } from "../../domain/prompt/template.js";
import { estimateTokens, pickNumCtx } from "../../domain/prompt/tokens.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
import { defaultConfig, loadConfig, type HacoConfig } from "../../adapters/config/config.js";
import { loadTemplates } from "../../adapters/prompt/loadTemplates.js";
import type { ModelInfo, WorkerProvider } from "../../adapters/worker/provider.js";
import { findRepoRoot } from "../../adapters/workspace/git.js";
import { nonEmptyFlag, parseCommandArgs } from "../parse.js";
import { resolveWorkerSettings } from "../../session/workerSettings.js";
import { workerSetup, type WorkerSetup } from "../../session/workerSetup.js";
import { jsonLine } from "../../domain/text/jsonLine.js";

const HELP = `Usage: haco worker [PROMPT] [--model M] [--worker KIND:URL] [--json]

The seeds' bin/worker: sends PROMPT (or stdin) to the local worker model and
prints only its answer on stdout. It drafts where 'haco run' would: --worker,
else the first of worker.endpoints in .haco/config.yaml that has the model,
else Ollama at OLLAMA_HOST / worker.host.

  --json             print one object {ok, output, error?, model, timing}
  --model M          the worker model (else HACO_WORKER_MODEL, .haco/config.yaml)
  --worker KIND:URL  the worker server: ollama:<url> or openai:<base-url>
                     (LM Studio, llama.cpp's server, vLLM)

Exit codes: 0 answered, 1 the answer failed (an error or a stall mid-answer),
2 bad input, 3 the worker server or the model is not available.`;

interface WorkerJson {
  ok: boolean;
  output: string;
  error?: string;
  model: string;
  timing: { ttftMs: number | null; totalMs: number; tokens: number; tokensPerSec: number | null } | null;
}

export async function workerCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("worker", args, {
    model: { type: "string" },
    worker: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const modelFlag = nonEmptyFlag("model", values.model, "qwen2.5-coder:7b");
  const workerFlag = nonEmptyFlag("worker", values.worker, "openai:http://127.0.0.1:1234");
  const prompt = positionals.length > 0 ? argumentPrompt(positionals) : await readStdinPrompt();
  const repoRoot = await findRepoRoot(process.cwd()).catch(() => null);
  const config: HacoConfig = repoRoot ? await loadConfig(repoRoot) : defaultConfig();
  const { host, model } = resolveWorkerSettings({ model: modelFlag }, config);

  const fail = (err: HacoError): number => {
    if (values.json) writeJson({ ok: false, output: "", error: err.message, model, timing: null });
    else process.stderr.write(`haco: ${err.message}\n`);
    return err.exitCode;
  };

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  let release = (): void => {};
  try {
    // The same servers `haco run` drafts on: a bad URL in any of them is a usage error before anything is sent.
    const picked = await pickWorker(workerSetup(config, host, workerFlag, process.env), model, controller.signal);
    const { worker, info } = picked;
    release = picked.release;
    const templates = await loadTemplates(repoRoot);
    const system = renderTemplate(templates.system.text, {}, templates.system.name);
    const cap = Math.min(info.contextLength ?? config.worker.maxContextTokens, config.worker.maxContextTokens);
    // On a terminal the answer is shown, so its escape sequences are dropped; a pipe gets it as sent.
    const show = process.stdout.isTTY ? sanitizeForTerminal : (text: string) => text;
    const result = await worker.generate({
      model,
      system,
      prompt,
      numCtx: pickNumCtx(estimateTokens(system + prompt) + config.worker.replyTokens, cap),
      temperature: config.worker.temperature,
      signal: controller.signal,
      firstTokenTimeoutMs: config.worker.firstTokenTimeoutMs,
      // Over the answer limit, the stream is cut off at the server rather than read to its end.
      maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
      stallTimeoutMs: config.worker.stallTimeoutMs,
      onToken: values.json ? undefined : (text) => process.stdout.write(show(text)),
    });
    if (values.json) {
      writeJson({
        ok: true,
        output: result.text,
        model: result.model,
        timing: { ttftMs: result.ttftMs, totalMs: result.totalMs, tokens: result.tokens, tokensPerSec: result.tokensPerSec },
      });
    } else if (!result.text.endsWith("\n")) {
      process.stdout.write("\n");
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof HacoError) return fail(err);
    throw err;
  } finally {
    release();
    process.off("SIGINT", onSignal);
  }
}

/**
 * The server that answers: the one of --worker or OLLAMA_HOST, asked with its
 * preflight; with worker.endpoints, the first that has the model (the pool's
 * choice, as in a run: an endpoint down or without it is passed over).
 */
async function pickWorker(
  setup: WorkerSetup,
  model: string,
  signal: AbortSignal,
): Promise<{ worker: WorkerProvider; info: ModelInfo; release: () => void }> {
  if (!setup.pool) return { worker: setup.worker, info: await setup.worker.preflight(model), release: () => {} };
  const lease = await setup.pool.acquire(model, signal);
  return { worker: lease.endpoint.provider, info: lease.modelInfo, release: () => lease.release() };
}

function writeJson(value: WorkerJson): void {
  process.stdout.write(`${jsonLine(value)}\n`);
}

/** The prompt given as arguments; a blank one is refused like blank stdin rather than sent to the model. */
function argumentPrompt(positionals: string[]): string {
  const prompt = positionals.join(" ");
  if (prompt.trim() === "") throw new UsageError("haco worker: the prompt argument is empty — pass the prompt text (haco worker \"Write isEven\"), or pipe it on stdin");
  return prompt;
}

async function readStdinPrompt(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError("haco worker: no prompt — pass it as an argument or pipe it on stdin (echo 'prompt' | haco worker)");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const prompt = Buffer.concat(chunks).toString("utf8").trim();
  if (!prompt) throw new UsageError("haco worker: the prompt on stdin is empty — pipe the prompt text in");
  return prompt;
}
