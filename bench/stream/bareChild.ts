import { performance } from "node:perf_hooks";
import { Ollama } from "ollama";
import { cpuBetween, type ChildReport } from "./report.js";

/**
 * The baseline: the official client iterating the same stream and writing
 * each chunk's content to stdout (the parent points it at /dev/null), with
 * nothing else: the least any program showing this stream has to spend.
 */
export async function runBareChild(options: { tokens: number; host: string; model: string }): Promise<ChildReport> {
  const client = new Ollama({ host: options.host });
  let received = 0;
  let chars = 0;
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;
  let cpuFirst: NodeJS.CpuUsage | null = null;

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const stream = await client.chat({
    model: options.model,
    messages: [{ role: "user", content: "Write src/records.ts." }],
    stream: true,
  });
  for await (const part of stream) {
    const content = part.message?.content ?? "";
    if (content === "") continue;
    if (received++ === 0) cpuFirst = process.cpuUsage();
    chars += content.length;
    lastTokenAt = performance.now();
    firstTokenAt ??= lastTokenAt;
    process.stdout.write(content);
  }
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();

  return {
    mode: "bare",
    tokens: options.tokens,
    cpuMs: cpuBetween(cpu0, cpu1),
    phases: { beforeFirstToken: cpuBetween(cpu0, cpuFirst ?? cpu1), stream: cpuBetween(cpuFirst ?? cpu1, cpu1), afterDone: 0 },
    processCpuMs: (cpu1.user + cpu1.system) / 1000,
    wallMs: t1 - t0,
    streamMs: firstTokenAt !== null && lastTokenAt !== null ? lastTokenAt - firstTokenAt : 0,
    received,
    maxRssKiB: process.resourceUsage().maxRSS,
    chars,
    notes: [],
  };
}
