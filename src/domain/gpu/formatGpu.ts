import type { GpuDevice, GpuReadout } from "./gpuReadout.js";

/** Between GPUs on the one status line. */
export const GPU_SEPARATOR = " · ";

/**
 * The cockpit's GPU line: `GPU0 RTX 4090 17.9/24.0 GiB 97%`, one segment per
 * GPU, `n/a` when there is no readout. Unknown numbers say so (`mem n/a`,
 * `util n/a`) rather than showing a misleading 0.
 */
export function formatGpu(readout: GpuReadout | null): string {
  if (readout === null || readout.devices.length === 0) return "n/a";
  return readout.devices.map(formatDevice).join(GPU_SEPARATOR);
}

function formatDevice(device: GpuDevice): string {
  const { memoryUsedMiB: used, memoryTotalMiB: total, utilizationPct: util } = device;
  const memory = used !== null && total !== null ? `${gib(used)}/${gib(total)} GiB` : "mem n/a";
  const load = util !== null ? `${Math.round(util)}%` : "util n/a";
  return [`GPU${device.index}`, shortGpuName(device.name), memory, load].filter(Boolean).join(" ");
}

function gib(mib: number): string {
  return (mib / 1024).toFixed(1);
}

/**
 * Drops the vendor and brand words that every card repeats ("NVIDIA GeForce
 * RTX 4090" → "RTX 4090"): the status line is narrow, the model is what
 * tells cards apart.
 */
export function shortGpuName(name: string): string {
  return name.replace(/^(?:(?:NVIDIA|GeForce|AMD|Radeon)\s+)+/i, "");
}
