import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkGpu, totalGpuBytes } from "../../../src/adapters/doctor/gpuCheck.js";

const bin = (name: string) => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));
const emptyDir = mkdtempSync(join(tmpdir(), "haco-doctor-gpu-"));
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

describe("checkGpu", () => {
  it("shows each GPU from the fake nvidia-smi", async () => {
    const { check, readout } = await checkGpu({ PATH: bin("nvidia") }, 2000);
    expect(check).toEqual({ name: "gpu", status: "ok", detail: "GPU0 RTX 4090 17.9/24.0 GiB 97% · GPU1 RTX 3090 1.2/24.0 GiB 3% (nvidia-smi)" });
    expect(totalGpuBytes(readout)).toBe((24564 + 24576) * 1024 * 1024);
  });

  it("says n/a, not a failure, without nvidia-smi or rocm-smi", async () => {
    const { check, readout } = await checkGpu({ PATH: emptyDir }, 2000);
    expect(check.status).toBe("ok");
    expect(check.detail).toContain("n/a");
    expect(readout).toBeNull();
    expect(totalGpuBytes(readout)).toBeNull();
  });
});
