/** Ollama's model_info (/api/show) is typed as a Map but arrives as a plain object keyed "<arch>.context_length". */
export function trainedContextLength(modelInfo: unknown): number | null {
  if (typeof modelInfo !== "object" || modelInfo === null) return null;
  const info = modelInfo as Record<string, unknown>;
  const arch = info["general.architecture"];
  const direct = typeof arch === "string" ? info[`${arch}.context_length`] : undefined;
  if (typeof direct === "number") return direct;
  const key = Object.keys(info).find((k) => k.endsWith(".context_length"));
  const value = key === undefined ? undefined : info[key];
  return typeof value === "number" ? value : null;
}
