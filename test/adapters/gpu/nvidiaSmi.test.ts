import { describe, expect, it } from "vitest";
import { NVIDIA_SMI_ARGS, parseNvidiaSmiCsv } from "../../../src/adapters/gpu/nvidiaSmi.js";

const rtx4090 = { index: 0, name: "NVIDIA GeForce RTX 4090", memoryTotalMiB: 24564, memoryUsedMiB: 18342, utilizationPct: 97 };

describe("parseNvidiaSmiCsv", () => {
  it("asks nvidia-smi for exactly the columns it reads", () => {
    expect(NVIDIA_SMI_ARGS).toEqual([
      "--query-gpu=index,name,memory.total,memory.used,utilization.gpu",
      "--format=csv,noheader,nounits",
    ]);
  });

  it("reads haco's query, one GPU a line", () => {
    expect(parseNvidiaSmiCsv("0, NVIDIA GeForce RTX 4090, 24564, 18342, 97\n")).toEqual([rtx4090]);
  });

  it("reads the PROTOCOLS example of a wider query by column name", () => {
    // nvidia-smi --query-gpu=index,name,memory.total,memory.used,memory.free,utilization.gpu --format=csv,noheader,nounits
    const columns = ["index", "name", "memory.total", "memory.used", "memory.free", "utilization.gpu"];
    expect(parseNvidiaSmiCsv("0, NVIDIA GeForce RTX 4090, 24564, 18342, 5969, 97\n", columns)).toEqual([rtx4090]);
  });

  it("takes the columns from a header line and drops unit suffixes (run without noheader/nounits)", () => {
    const text = [
      "index, name, memory.total [MiB], memory.used [MiB], memory.free [MiB], utilization.gpu [%]",
      "0, NVIDIA GeForce RTX 4090, 24564 MiB, 18342 MiB, 5969 MiB, 97 %",
    ].join("\n");
    expect(parseNvidiaSmiCsv(text)).toEqual([rtx4090]);
  });

  it("reads several GPUs, CRLF line ends and blank lines", () => {
    const text = "\r\n0, NVIDIA A100-SXM4-80GB, 81920, 40960, 55\r\n\r\n1, NVIDIA A100-SXM4-80GB, 81920, 4, 0\r\n2, NVIDIA A100-SXM4-80GB, 81920, 79000, 100\r\n";
    const devices = parseNvidiaSmiCsv(text);
    expect(devices.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(devices[1]).toEqual({ index: 1, name: "NVIDIA A100-SXM4-80GB", memoryTotalMiB: 81920, memoryUsedMiB: 4, utilizationPct: 0 });
  });

  it("gives null memory for unified-memory parts that print [N/A] (DGX Spark GB10)", () => {
    const gb10 = { index: 0, name: "NVIDIA GB10", memoryTotalMiB: null, memoryUsedMiB: null, utilizationPct: 0 };
    expect(parseNvidiaSmiCsv("0, NVIDIA GB10, [N/A], [N/A], 0\n")).toEqual([gb10]);
    // The PROTOCOLS form: memory.total, memory.used, memory.free all [N/A], units left on.
    const text = "index, name, memory.total [MiB], memory.used [MiB], memory.free [MiB], utilization.gpu [%]\n0, NVIDIA GB10, [N/A], [N/A], [N/A], 0 %\n";
    expect(parseNvidiaSmiCsv(text)).toEqual([gb10]);
  });

  it("gives null for [Not Supported] and other non-numbers (laptops, vGPUs)", () => {
    expect(parseNvidiaSmiCsv("0, GRID T4-16Q, 16384, [Not Supported], [Not Supported]\n")).toEqual([
      { index: 0, name: "GRID T4-16Q", memoryTotalMiB: 16384, memoryUsedMiB: null, utilizationPct: null },
    ]);
    expect(parseNvidiaSmiCsv("0, NVIDIA GeForce MX450, ERR!, -1, N/A\n")[0]).toMatchObject({
      memoryTotalMiB: null,
      memoryUsedMiB: null,
      utilizationPct: null,
    });
  });

  it("skips lines that are not GPUs and keeps the ones that are", () => {
    const text = "WARNING: infoROM is corrupted at gpu 0000:01:00.0\n0, NVIDIA GeForce RTX 4090, 24564, 18342, 97\nsomething, odd\n";
    expect(parseNvidiaSmiCsv(text)).toEqual([rtx4090]);
  });

  it("finds no GPUs in garbage or error text", () => {
    for (const text of [
      "",
      "No devices were found\n",
      "Failed to initialize NVML: Driver/library version mismatch\n",
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
      "a, b, c, d, e\n",
      "<html>not csv</html>",
    ]) {
      expect(parseNvidiaSmiCsv(text), text).toEqual([]);
    }
  });

  it("strips escape sequences from names, since they reach the status line", () => {
    expect(parseNvidiaSmiCsv("0, NVIDIA \u001b[31mRTX\u001b[0m\u0007 4090, 100, 50, 1\n")[0]?.name).toBe("NVIDIA RTX 4090");
  });
});
