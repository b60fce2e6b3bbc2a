import { describe, expect, it } from "vitest";
import { ROCM_SMI_ARGS, parseRocmSmiJson } from "../../../src/adapters/gpu/rocmSmi.js";

describe("parseRocmSmiJson", () => {
  it("asks rocm-smi for use and VRAM as JSON", () => {
    expect(ROCM_SMI_ARGS).toEqual(["--showuse", "--showmeminfo", "vram", "--json"]);
  });

  it("reads the PROTOCOLS example: string values, memory in bytes turned into MiB", () => {
    const text = '{"card0":{"GPU use (%)":"3","VRAM Total Memory (B)":"25753026560","VRAM Total Used Memory (B)":"1234567"}}';
    expect(parseRocmSmiJson(text)).toEqual([
      { index: 0, name: "AMD", memoryTotalMiB: 24560, memoryUsedMiB: 1, utilizationPct: 3 },
    ]);
  });

  it("reads several cards in index order, skipping non-card keys", () => {
    const text = JSON.stringify({
      system: { "Driver version": "6.7.0" },
      card1: { "GPU use (%)": "88", "VRAM Total Memory (B)": "34342961152", "VRAM Total Used Memory (B)": "7028736" },
      card0: { "GPU use (%)": "0", "VRAM Total Memory (B)": "17163091968", "VRAM Total Used Memory (B)": "17163091968" },
    });
    expect(parseRocmSmiJson(text)).toEqual([
      { index: 0, name: "AMD", memoryTotalMiB: 16368, memoryUsedMiB: 16368, utilizationPct: 0 },
      { index: 1, name: "AMD", memoryTotalMiB: 32752, memoryUsedMiB: 7, utilizationPct: 88 },
    ]);
  });

  it("takes a product name when rocm-smi includes one", () => {
    const text = '{"card0":{"Card Series":"Navi 31 [Radeon RX 7900 XTX]","GPU use (%)":"12","VRAM Total Memory (B)":"25753026560","VRAM Total Used Memory (B)":"0"}}';
    expect(parseRocmSmiJson(text)[0]?.name).toBe("Navi 31 [Radeon RX 7900 XTX]");
  });

  it("tolerates warnings printed around the JSON", () => {
    const text = 'WARNING: AMD GPU device(s) is/are in a low-power state. Check power control/runtime_status\n{"card0":{"GPU use (%)":"3","VRAM Total Memory (B)":"25753026560","VRAM Total Used Memory (B)":"1234567"}}\n';
    expect(parseRocmSmiJson(text)).toHaveLength(1);
  });

  it("gives null for N/A and missing fields", () => {
    const text = '{"card0":{"GPU use (%)":"N/A","VRAM Total Memory (B)":"25753026560"}}';
    expect(parseRocmSmiJson(text)).toEqual([
      { index: 0, name: "AMD", memoryTotalMiB: 24560, memoryUsedMiB: null, utilizationPct: null },
    ]);
  });

  it("finds no GPUs in garbage", () => {
    for (const text of ["", "ERROR: GPU[0] : Unable to read", "{not json}", "[1,2]", '{"card0": 5}', "null", "{}"]) {
      expect(parseRocmSmiJson(text), text).toEqual([]);
    }
  });
});
