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

/**
 * What a poller hands each probe call. A probe calls `onToolMissing` when its
 * tool is not installed at all (ENOENT), so the poller stops for good instead
 * of spawning a doomed process every second on a machine without a GPU.
 */
export interface GpuProbeContext {
  onToolMissing(): void;
}

/** A probe that can take the poller's context. Every `GpuProbe` is one (it just ignores the context). */
export type PollableGpuProbe = (context: GpuProbeContext) => Promise<GpuReadout | null>;
