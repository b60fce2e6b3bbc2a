/** What the cockpit shows on its GPU line; null from a probe means "n/a" (no tool, no driver, no numbers). */
export interface GpuDevice {
  index: number;
  name: string;
  /** MiB; null when the tool prints [N/A] (unified-memory parts, some laptops and vGPUs). */
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  /** 0–100, or null when unknown. */
  utilizationPct: number | null;
}

export interface GpuReadout {
  source: "nvidia-smi" | "rocm-smi";
  devices: GpuDevice[];
}

export type GpuProbe = () => Promise<GpuReadout | null>;
