/**
 * A model-independent token estimate. Code runs at about 3–4 characters per
 * token in the tokenizers of common coding models; erring towards more tokens
 * means num_ctx is sized a little generously rather than too small, which is
 * the failure that makes Ollama cut the prompt silently.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.2);
}

/**
 * num_ctx values come from a few fixed sizes: Ollama reloads the model
 * whenever num_ctx changes, so sizing it exactly per ticket would reload the
 * model for nearly every draft.
 */
const NUM_CTX_STEPS = [4096, 8192, 16384, 32768, 65536, 131072, 262144];

export function pickNumCtx(neededTokens: number, cap: number): number {
  const step = NUM_CTX_STEPS.find((size) => size >= neededTokens) ?? neededTokens;
  return Math.min(step, cap);
}
