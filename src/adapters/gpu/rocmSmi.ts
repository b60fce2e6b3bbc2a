import type { GpuDevice, GpuReadout } from "../../domain/gpu/gpuReadout.js";
import { cleanName, readNumber } from "./parseValues.js";
import { runTool, type ProbeOptions } from "./runTool.js";

export const ROCM_SMI_ARGS = ["--showuse", "--showmeminfo", "vram", "--json"] as const;

const MIB = 1024 * 1024;

/** This query has no product name; newer rocm-smi versions add one, which we take when present. */
const NAME_KEYS = ["Device Name", "Card Series", "Card series", "Card Model", "Card model"];

/**
 * Parses `rocm-smi --showuse --showmeminfo vram --json`:
 * `{"card0":{"GPU use (%)":"3","VRAM Total Memory (B)":"25753026560",…}}`.
 * Values are strings and memory is in bytes (converted to MiB here, like
 * nvidia-smi's). rocm-smi may print warnings around the JSON, so only the
 * outermost braces are read; anything unparsable gives no devices.
 */
export function parseRocmSmiJson(text: string): GpuDevice[] {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end < start) return [];
  let data: unknown;
  try {
    data = JSON.parse(text.slice(start, end + 1));
  } catch {
    return [];
  }
  if (!isRecord(data)) return [];
  const devices: GpuDevice[] = [];
  for (const [key, card] of Object.entries(data)) {
    const match = /^card(\d+)$/.exec(key);
    if (!match || !isRecord(card)) continue;
    devices.push({
      index: Number(match[1]),
      name: productName(card),
      memoryTotalMiB: bytesToMiB(card["VRAM Total Memory (B)"]),
      memoryUsedMiB: bytesToMiB(card["VRAM Total Used Memory (B)"]),
      utilizationPct: readNumber(card["GPU use (%)"]),
    });
  }
  return devices.sort((a, b) => a.index - b.index);
}

function bytesToMiB(field: unknown): number | null {
  const bytes = readNumber(field);
  return bytes === null ? null : Math.round(bytes / MIB);
}

function productName(card: Record<string, unknown>): string {
  for (const key of NAME_KEYS) {
    const name = cleanName(card[key]);
    if (name) return name;
  }
  return "AMD";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One rocm-smi readout, or null: not installed, failed, timed out, or no cards in its answer. */
export async function probeRocmSmi(options: ProbeOptions = {}): Promise<GpuReadout | null> {
  const run = await runTool("rocm-smi", ROCM_SMI_ARGS, options);
  if (run.kind !== "output") return null;
  const devices = parseRocmSmiJson(run.stdout);
  return devices.length > 0 ? { source: "rocm-smi", devices } : null;
}
