import type Anthropic from "@anthropic-ai/sdk";
import type { GenerateRequest, GenerateResult, ModelInfo, WorkerProvider } from "../worker/provider.js";
import { describeSupervisorError } from "./supervisorError.js";

/**
 * Claude as a drafter: the supervisor drafts a ticket it owns, or one the
 * worker failed, through the same WorkerProvider interface as Ollama, so
 * the draft goes through the same review → apply → test → commit path and
 * the same events. Its token usage (input and output, from the API) is
 * reported through `onUsage` for the events.
 */

/** Claude's context window; haco's own maxContextTokens still caps the prompt. */
const CONTEXT_LENGTH = 200_000;
const MAX_TOKENS = 8192;

export interface SupervisorUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
}

export function createClaudeWorker(client: Anthropic, baseURL: string, onUsage?: (usage: SupervisorUsage) => void): WorkerProvider {
  return {
    kind: "anthropic",
    host: baseURL,
    // The key was checked when the client was made; a bad one shows on the first call, with its own message.
    async preflight(): Promise<ModelInfo> {
      return { contextLength: CONTEXT_LENGTH };
    },
    async vram() {
      return null;
    },
    async generate(req: GenerateRequest): Promise<GenerateResult> {
      const started = performance.now();
      let firstToken: number | null = null;
      let chunks = 0;
      try {
        const stream = client.messages.stream(
          {
            model: req.model,
            max_tokens: Math.min(req.numPredict ?? MAX_TOKENS, MAX_TOKENS),
            system: req.system,
            messages: [{ role: "user", content: req.prompt }],
            ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
          },
          { signal: req.signal },
        );
        stream.on("text", (delta) => {
          if (delta === "") return;
          firstToken ??= performance.now();
          chunks++;
          req.onToken?.(delta);
        });
        const message = await stream.finalMessage();
        const totalMs = performance.now() - started;
        const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
        const output = message.usage.output_tokens;
        onUsage?.({ model: message.model, inputTokens: message.usage.input_tokens, outputTokens: output });
        const generatingMs = firstToken === null ? null : totalMs - (firstToken - started);
        return {
          text,
          model: message.model,
          tokens: output || chunks,
          // The API reports no durations: the rate is haco's own clock over the streaming part.
          tokensPerSec: generatingMs && generatingMs > 0 ? (output / generatingMs) * 1000 : null,
          ttftMs: firstToken === null ? null : firstToken - started,
          totalMs,
          promptTokens: message.usage.input_tokens,
          loadMs: null,
          doneReason: message.stop_reason === "max_tokens" ? "length" : message.stop_reason,
        };
      } catch (err) {
        throw describeSupervisorError(err, baseURL);
      }
    },
  };
}
