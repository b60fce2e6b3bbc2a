import { afterEach, describe, expect, it, vi } from "vitest";
import type { GpuProbeContext, GpuReadout } from "../../../src/domain/gpu/gpuReadout.js";
import { startGpuPoller } from "../../../src/adapters/gpu/probeGpu.js";

/** The poller with fake probes and fake timers: counts of calls, never durations. */

const readout: GpuReadout = {
  source: "nvidia-smi",
  devices: [{ index: 0, name: "NVIDIA GB10", memoryTotalMiB: null, memoryUsedMiB: null, utilizationPct: 0 }],
};

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A probe whose answers the test releases one at a time, counting calls and overlaps. */
function heldProbe() {
  const pending: Array<(r: GpuReadout | null) => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const probe = vi.fn(
    () =>
      new Promise<GpuReadout | null>((resolve) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        pending.push((r) => {
          inFlight--;
          resolve(r);
        });
      }),
  );
  return { probe, release: (r: GpuReadout | null) => pending.shift()!(r), maxInFlight: () => maxInFlight };
}

describe("startGpuPoller", () => {
  it("probes at once, then once per interval, reporting each readout", async () => {
    vi.useFakeTimers();
    const probe = vi.fn(async () => readout);
    const onReadout = vi.fn();
    const poller = startGpuPoller(probe, onReadout, 1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(onReadout).toHaveBeenLastCalledWith(readout);
    await vi.advanceTimersByTimeAsync(3000);
    expect(probe).toHaveBeenCalledTimes(4);
    expect(onReadout).toHaveBeenCalledTimes(4);
    poller.stop();
  });

  it("never runs two probes at once, however slow one is", async () => {
    vi.useFakeTimers();
    const held = heldProbe();
    const onReadout = vi.fn();
    const poller = startGpuPoller(held.probe, onReadout, 10);
    await vi.advanceTimersByTimeAsync(500);
    expect(held.probe).toHaveBeenCalledTimes(1);
    held.release(readout);
    await vi.advanceTimersByTimeAsync(10);
    expect(held.probe).toHaveBeenCalledTimes(2);
    held.release(null);
    await vi.advanceTimersByTimeAsync(10);
    expect(held.maxInFlight()).toBe(1);
    expect(onReadout.mock.calls).toEqual([[readout], [null]]);
    poller.stop();
  });

  it("stops cleanly: no more probes, no timer left", async () => {
    vi.useFakeTimers();
    const probe = vi.fn(async () => readout);
    const poller = startGpuPoller(probe, vi.fn(), 1000);
    await vi.advanceTimersByTimeAsync(0);
    poller.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it("drops the answer of a probe still running when stopped", async () => {
    vi.useFakeTimers();
    const held = heldProbe();
    const onReadout = vi.fn();
    const poller = startGpuPoller(held.probe, onReadout, 10);
    poller.stop();
    held.release(readout);
    await vi.advanceTimersByTimeAsync(100);
    expect(onReadout).not.toHaveBeenCalled();
    expect(held.probe).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("reports null once and stops for good when the tool is missing", async () => {
    vi.useFakeTimers();
    const probe = vi.fn(async (context: GpuProbeContext) => {
      context.onToolMissing();
      return null;
    });
    const onReadout = vi.fn();
    startGpuPoller(probe, onReadout, 10);
    await vi.advanceTimersByTimeAsync(1000);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(onReadout.mock.calls).toEqual([[null]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps polling when the tool is present but failing", async () => {
    vi.useFakeTimers();
    const probe = vi.fn(async () => null);
    const poller = startGpuPoller(probe, vi.fn(), 10);
    await vi.advanceTimersByTimeAsync(30);
    expect(probe).toHaveBeenCalledTimes(4);
    poller.stop();
  });

  it("treats a probe that throws as no readout and keeps going", async () => {
    vi.useFakeTimers();
    const probe = vi.fn().mockRejectedValueOnce(new Error("boom")).mockResolvedValue(readout);
    const onReadout = vi.fn();
    const poller = startGpuPoller(probe, onReadout, 10);
    await vi.advanceTimersByTimeAsync(10);
    expect(onReadout.mock.calls).toEqual([[null], [readout]]);
    poller.stop();
  });

  it("unrefs its timer so polling never keeps the process alive", async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const onReadout = vi.fn();
    const poller = startGpuPoller(async () => readout, onReadout, 60_000);
    await vi.waitFor(() => expect(setTimeoutSpy).toHaveBeenCalled(), { timeout: 10_000 });
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    poller.stop();
  });
});
