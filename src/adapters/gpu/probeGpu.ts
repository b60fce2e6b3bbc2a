import type { GpuReadout, PollableGpuProbe } from "../../domain/gpu/gpuReadout.js";
import { probeNvidiaSmi } from "./nvidiaSmi.js";
import { probeRocmSmi } from "./rocmSmi.js";
import type { ProbeOptions } from "./runTool.js";

/**
 * The machine's GPU readout: nvidia-smi first (the common case), then
 * rocm-smi. Reports the tool missing only when neither is installed, since a
 * machine with either one has something worth polling.
 */
export async function probeGpu(options: ProbeOptions = {}): Promise<GpuReadout | null> {
  let missing = 0;
  const each: ProbeOptions = { ...options, onToolMissing: () => void missing++ };
  const readout = (await probeNvidiaSmi(each)) ?? (await probeRocmSmi(each));
  if (readout === null && missing === 2) options.onToolMissing?.();
  return readout;
}

export interface GpuPoller {
  stop(): void;
}

/**
 * Probes now, then again `intervalMs` after each probe finishes, so two
 * probes never overlap (a slow nvidia-smi delays the next one instead of
 * piling up processes). Every result goes to `onReadout`; a probe that throws
 * counts as null. Once a probe says its tool is missing, the poller reports
 * null one last time and stops for good. Its timer is unref'd: polling alone
 * never keeps the process alive.
 */
export function startGpuPoller(
  probe: PollableGpuProbe,
  onReadout: (readout: GpuReadout | null) => void,
  intervalMs = 1000,
): GpuPoller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<void> => {
    timer = undefined;
    let toolMissing = false;
    let readout: GpuReadout | null;
    try {
      readout = await probe({ onToolMissing: () => (toolMissing = true) });
    } catch {
      readout = null;
    }
    if (stopped) return;
    onReadout(readout);
    if (toolMissing) {
      stopped = true;
      return;
    }
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };

  void tick();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
