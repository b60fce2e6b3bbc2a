import { describe, expect, it } from "vitest";
import { formatGpu, shortGpuName } from "../../../src/domain/gpu/formatGpu.js";
import type { GpuDevice } from "../../../src/domain/gpu/gpuReadout.js";

const rtx4090: GpuDevice = { index: 0, name: "NVIDIA GeForce RTX 4090", memoryTotalMiB: 24564, memoryUsedMiB: 18342, utilizationPct: 97 };

describe("formatGpu", () => {
  it("says n/a without a readout or devices", () => {
    expect(formatGpu(null)).toBe("n/a");
    expect(formatGpu({ source: "nvidia-smi", devices: [] })).toBe("n/a");
  });

  it("shows one GPU as index, short name, GiB used/total and utilization", () => {
    expect(formatGpu({ source: "nvidia-smi", devices: [rtx4090] })).toBe("GPU0 RTX 4090 17.9/24.0 GiB 97%");
  });

  it("gives each GPU its own segment", () => {
    const second: GpuDevice = { index: 1, name: "NVIDIA GeForce RTX 3090", memoryTotalMiB: 24576, memoryUsedMiB: 1210, utilizationPct: 3 };
    expect(formatGpu({ source: "nvidia-smi", devices: [rtx4090, second] })).toBe(
      "GPU0 RTX 4090 17.9/24.0 GiB 97% · GPU1 RTX 3090 1.2/24.0 GiB 3%",
    );
  });

  it("says mem n/a for [N/A] memory rather than 0", () => {
    const gb10: GpuDevice = { index: 0, name: "NVIDIA GB10", memoryTotalMiB: null, memoryUsedMiB: null, utilizationPct: 0 };
    expect(formatGpu({ source: "nvidia-smi", devices: [gb10] })).toBe("GPU0 GB10 mem n/a 0%");
  });

  it("says util n/a for unknown utilization and rounds known values", () => {
    const vgpu: GpuDevice = { index: 2, name: "GRID T4-16Q", memoryTotalMiB: 16384, memoryUsedMiB: null, utilizationPct: null };
    expect(formatGpu({ source: "nvidia-smi", devices: [vgpu] })).toBe("GPU2 GRID T4-16Q mem n/a util n/a");
    expect(formatGpu({ source: "rocm-smi", devices: [{ ...rtx4090, name: "AMD", utilizationPct: 42.6 }] })).toBe("GPU0 AMD 17.9/24.0 GiB 43%");
  });
});

describe("shortGpuName", () => {
  it("drops the vendor and brand words every card repeats", () => {
    expect(shortGpuName("NVIDIA GeForce RTX 4090")).toBe("RTX 4090");
    expect(shortGpuName("NVIDIA RTX A6000")).toBe("RTX A6000");
    expect(shortGpuName("AMD Radeon RX 7900 XTX")).toBe("RX 7900 XTX");
    expect(shortGpuName("Tesla T4")).toBe("Tesla T4");
    expect(shortGpuName("AMD")).toBe("AMD");
  });
});
