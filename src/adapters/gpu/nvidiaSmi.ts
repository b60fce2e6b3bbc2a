import type { GpuDevice, GpuReadout } from "../../domain/gpu/gpuReadout.js";
import { cleanName, readNumber } from "./parseValues.js";
import { runTool, type ProbeOptions } from "./runTool.js";

/** The columns haco asks for, in order; the parser reads fields by these names. */
export const NVIDIA_SMI_COLUMNS = ["index", "name", "memory.total", "memory.used", "utilization.gpu"] as const;

export const NVIDIA_SMI_ARGS = [`--query-gpu=${NVIDIA_SMI_COLUMNS.join(",")}`, "--format=csv,noheader,nounits"] as const;

/**
 * Parses `nvidia-smi --query-gpu=… --format=csv…` output, one GPU a line.
 * Fields are read by column name, not position: a header line (output
 * without `noheader`) replaces `columns`, so output of a wider query (say
 * with memory.free) still parses. Lines that do not fit (garbage, warnings,
 * "No devices were found") are skipped rather than failing the whole
 * readout. `[N/A]` memory, as on unified-memory parts like the GB10, gives null.
 */
export function parseNvidiaSmiCsv(text: string, columns: readonly string[] = NVIDIA_SMI_COLUMNS): GpuDevice[] {
  let names = columns;
  const devices: GpuDevice[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = line.split(",").map((field) => field.trim());
    if (isHeader(fields)) {
      names = fields.map((field) => field.replace(/\s*\[[^\]]*\]$/, ""));
      continue;
    }
    if (fields.length !== names.length) continue;
    const row = new Map(names.map((name, i) => [name, fields[i]]));
    const index = names.includes("index") ? readNumber(row.get("index")) : devices.length;
    if (index === null || !Number.isInteger(index)) continue;
    devices.push({
      index,
      name: cleanName(row.get("name")) || "NVIDIA GPU",
      memoryTotalMiB: readNumber(row.get("memory.total")),
      memoryUsedMiB: readNumber(row.get("memory.used")),
      utilizationPct: readNumber(row.get("utilization.gpu")),
    });
  }
  return devices;
}

/** `index, name, memory.total [MiB], …`: every field a property name, with an optional unit. */
function isHeader(fields: string[]): boolean {
  const propertyNames = fields.every((field) => /^[a-z][a-z0-9_.]*(?:\s*\[[^\]]*\])?$/.test(field));
  return propertyNames && fields.some((field) => field === "index" || field.includes("."));
}

/**
 * One nvidia-smi readout, or null when there is nothing to show: not
 * installed (macOS, AMD boxes), the driver is not answering (non-zero exit),
 * a timeout, or no GPU lines.
 */
export async function probeNvidiaSmi(options: ProbeOptions = {}): Promise<GpuReadout | null> {
  const run = await runTool("nvidia-smi", NVIDIA_SMI_ARGS, options);
  if (run.kind !== "output") return null;
  const devices = parseNvidiaSmiCsv(run.stdout);
  return devices.length > 0 ? { source: "nvidia-smi", devices } : null;
}
