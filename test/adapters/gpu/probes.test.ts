import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { formatGpu } from "../../../src/domain/gpu/formatGpu.js";
import { probeNvidiaSmi } from "../../../src/adapters/gpu/nvidiaSmi.js";
import type { PollableGpuProbe } from "../../../src/domain/gpu/gpuReadout.js";
import { probeGpu, startGpuPoller } from "../../../src/adapters/gpu/probeGpu.js";
import { probeRocmSmi } from "../../../src/adapters/gpu/rocmSmi.js";

/**
 * The probes run real executables: shell scripts in test/fixtures/bin that
 * check their arguments and print what the real tools print. PATH decides
 * which ones a probe finds.
 */
const bin = (name: string) => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));
const emptyDir = mkdtempSync(join(tmpdir(), "haco-gpu-empty-"));
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

const path = (...dirs: string[]) => ({ PATH: dirs.join(delimiter) });

describe("probeNvidiaSmi", () => {
  it("reads every GPU from nvidia-smi", async () => {
    const readout = await probeNvidiaSmi({ env: path(bin("nvidia")) });
    expect(readout).toEqual({
      source: "nvidia-smi",
      devices: [
        { index: 0, name: "NVIDIA GeForce RTX 4090", memoryTotalMiB: 24564, memoryUsedMiB: 18342, utilizationPct: 97 },
        { index: 1, name: "NVIDIA GeForce RTX 3090", memoryTotalMiB: 24576, memoryUsedMiB: 1210, utilizationPct: 3 },
      ],
    });
    expect(formatGpu(readout)).toBe("GPU0 RTX 4090 17.9/24.0 GiB 97% · GPU1 RTX 3090 1.2/24.0 GiB 3%");
  });

  it("gives null when the driver does not answer (exit 9), without calling the tool missing", async () => {
    const onToolMissing = vi.fn();
    expect(await probeNvidiaSmi({ env: path(bin("nvidia-broken")), onToolMissing })).toBeNull();
    expect(onToolMissing).not.toHaveBeenCalled();
  });

  it("gives null and reports the tool missing when it is not on PATH", async () => {
    const onToolMissing = vi.fn();
    expect(await probeNvidiaSmi({ env: path(emptyDir), onToolMissing })).toBeNull();
    expect(onToolMissing).toHaveBeenCalledTimes(1);
  });

  it("gives null when nvidia-smi hangs past the timeout", async () => {
    const onToolMissing = vi.fn();
    expect(await probeNvidiaSmi({ env: path(bin("nvidia-hung")), timeoutMs: 200, onToolMissing })).toBeNull();
    expect(onToolMissing).not.toHaveBeenCalled();
  });
});

describe("probeRocmSmi", () => {
  it("reads every card from rocm-smi", async () => {
    const readout = await probeRocmSmi({ env: path(bin("rocm")) });
    expect(readout).toEqual({
      source: "rocm-smi",
      devices: [
        { index: 0, name: "AMD", memoryTotalMiB: 24560, memoryUsedMiB: 1, utilizationPct: 3 },
        { index: 1, name: "AMD", memoryTotalMiB: 32752, memoryUsedMiB: 20480, utilizationPct: 88 },
      ],
    });
  });

  it("gives null and reports the tool missing when it is not on PATH", async () => {
    const onToolMissing = vi.fn();
    expect(await probeRocmSmi({ env: path(emptyDir), onToolMissing })).toBeNull();
    expect(onToolMissing).toHaveBeenCalledTimes(1);
  });
});

describe("probeGpu", () => {
  it("prefers nvidia-smi", async () => {
    expect((await probeGpu({ env: path(bin("nvidia"), bin("rocm")) }))?.source).toBe("nvidia-smi");
  });

  it("falls back to rocm-smi when nvidia-smi is absent or failing", async () => {
    expect((await probeGpu({ env: path(bin("rocm")) }))?.source).toBe("rocm-smi");
    expect((await probeGpu({ env: path(bin("nvidia-broken"), bin("rocm")) }))?.source).toBe("rocm-smi");
  });

  it("gives null without throwing when neither tool exists, and reports it once", async () => {
    const onToolMissing = vi.fn();
    expect(await probeGpu({ env: path(emptyDir), onToolMissing })).toBeNull();
    expect(onToolMissing).toHaveBeenCalledTimes(1);
  });

  it("does not call the tools missing when one is installed but failing", async () => {
    const onToolMissing = vi.fn();
    expect(await probeGpu({ env: path(bin("nvidia-broken")), onToolMissing })).toBeNull();
    expect(onToolMissing).not.toHaveBeenCalled();
  });
});

describe("polling the real probes", () => {
  it("accepts the probes as they are", () => {
    const probes: PollableGpuProbe[] = [probeGpu, probeNvidiaSmi, probeRocmSmi];
    expect(probes).toHaveLength(3);
  });

  it("reports n/a once and gives up on a machine with neither tool", async () => {
    const onReadout = vi.fn();
    const probe = vi.fn((context: Parameters<PollableGpuProbe>[0]) => probeGpu({ ...context, env: path(emptyDir) }));
    const poller = startGpuPoller(probe, onReadout, 5);
    await vi.waitFor(() => expect(onReadout).toHaveBeenCalledWith(null), { timeout: 10_000 });
    expect(probe).toHaveBeenCalledTimes(1);
    poller.stop();
  });

  it("keeps reading a working nvidia-smi", async () => {
    const onReadout = vi.fn();
    const poller = startGpuPoller((context) => probeGpu({ ...context, env: path(bin("nvidia")) }), onReadout, 5);
    await vi.waitFor(() => expect(onReadout.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    poller.stop();
    expect(onReadout.mock.calls.every(([r]) => r?.source === "nvidia-smi")).toBe(true);
  });
});
