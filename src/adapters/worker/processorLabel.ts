/**
 * How much of a loaded model sits in GPU memory, labelled exactly as
 * `ollama ps` prints it (cmd/cmd.go), so what haco shows can be checked
 * against the user's own terminal. The order of the cases matters: a model
 * reported with size 0 and size_vram 0 is "100% CPU", not "Unknown".
 */
export interface ProcessorSplit {
  /** 0–100, rounded as the label is; null when the label is "Unknown". */
  gpuPercent: number | null;
  processor: string;
}

export function processorLabel(size: number, sizeVram: number): ProcessorSplit {
  if (sizeVram === 0) return { gpuPercent: 0, processor: "100% CPU" };
  if (sizeVram === size) return { gpuPercent: 100, processor: "100% GPU" };
  if (sizeVram > size || size === 0) return { gpuPercent: null, processor: "Unknown" };
  const cpuPercent = Math.round(((size - sizeVram) / size) * 100);
  const gpuPercent = 100 - cpuPercent;
  return { gpuPercent, processor: `${cpuPercent}%/${gpuPercent}% CPU/GPU` };
}
