import { formatGpu } from "../../domain/gpu/formatGpu.js";
import type { GpuReadout } from "../../domain/gpu/gpuReadout.js";
import { probeGpu } from "../gpu/probeGpu.js";
import { ok, type DoctorCheck } from "./check.js";

export interface GpuFindings {
  check: DoctorCheck;
  readout: GpuReadout | null;
}

/** This machine's GPUs as the cockpit shows them; none (no tool, no driver) is n/a, never a failure. */
export async function checkGpu(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<GpuFindings> {
  const readout = await probeGpu({ env, timeoutMs }).catch(() => null);
  if (readout === null) return { check: ok("gpu", "n/a (neither nvidia-smi nor rocm-smi answered on this machine)"), readout };
  return { check: ok("gpu", `${formatGpu(readout)} (${readout.source})`), readout };
}

/** Total GPU memory in bytes, or null when no device reports it. */
export function totalGpuBytes(readout: GpuReadout | null): number | null {
  const totals = (readout?.devices ?? []).map((d) => d.memoryTotalMiB).filter((n): n is number => n !== null);
  return totals.length === 0 ? null : totals.reduce((a, b) => a + b, 0) * 1024 * 1024;
}
