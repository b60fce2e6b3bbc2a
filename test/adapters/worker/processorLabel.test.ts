import { describe, expect, it } from "vitest";
import { processorLabel } from "../../../src/adapters/worker/processorLabel.js";

const GB = 1_000_000_000;

describe("processorLabel", () => {
  it("says 100% CPU when nothing is in VRAM", () => {
    expect(processorLabel(5 * GB, 0)).toEqual({ gpuPercent: 0, processor: "100% CPU" });
  });

  it("says 100% CPU for size 0 and size_vram 0, because that case is checked first", () => {
    expect(processorLabel(0, 0)).toEqual({ gpuPercent: 0, processor: "100% CPU" });
  });

  it("says 100% GPU when all of it is in VRAM", () => {
    expect(processorLabel(5 * GB, 5 * GB)).toEqual({ gpuPercent: 100, processor: "100% GPU" });
  });

  it("says Unknown when VRAM exceeds the size or the size is 0", () => {
    expect(processorLabel(5 * GB, 6 * GB)).toEqual({ gpuPercent: null, processor: "Unknown" });
    expect(processorLabel(0, GB)).toEqual({ gpuPercent: null, processor: "Unknown" });
  });

  it("prints the CPU share first, rounded, then the GPU share", () => {
    expect(processorLabel(10 * GB, 7.5 * GB)).toEqual({ gpuPercent: 75, processor: "25%/75% CPU/GPU" });
    // 1/3 on the CPU: 33.3% rounds to 33, and the GPU gets the rest, 67.
    expect(processorLabel(3 * GB, 2 * GB)).toEqual({ gpuPercent: 67, processor: "33%/67% CPU/GPU" });
  });

  it("rounds half up on the CPU share as Go's math.Round does", () => {
    expect(processorLabel(200, 1)).toEqual({ gpuPercent: 0, processor: "100%/0% CPU/GPU" });
    expect(processorLabel(1000, 995)).toEqual({ gpuPercent: 99, processor: "1%/99% CPU/GPU" });
  });

  it("can print 0% CPU for a model that is almost but not entirely on the GPU", () => {
    expect(processorLabel(1000, 999)).toEqual({ gpuPercent: 100, processor: "0%/100% CPU/GPU" });
  });
});
