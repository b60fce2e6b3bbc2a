/** Short, fixed-style numbers for the cockpit's narrow stat lines. */

const BARS = "▁▂▃▄▅▆▇█";

/** The last `width` samples as bars scaled to their own maximum; an empty history is an empty string. */
export function sparkline(samples: readonly number[], width: number): string {
  if (width <= 0 || samples.length === 0) return "";
  const shown = samples.slice(-width);
  const max = Math.max(...shown);
  if (max <= 0) return BARS[0]!.repeat(shown.length);
  return shown.map((v) => BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))]).join("");
}

export function formatRate(perSec: number | null): string {
  if (perSec === null || !Number.isFinite(perSec)) return "–";
  return perSec >= 100 ? perSec.toFixed(0) : perSec.toFixed(1);
}

/** 850 ms, 12.3 s, 4m05s. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

/** 980, 12.4k, 131k. */
export function formatCount(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return "–";
  if (n < 1000) return String(Math.round(n));
  if (n < 100_000) return `${(n / 1000).toFixed(1)}k`;
  return `${Math.round(n / 1000)}k`;
}

/** Bytes as GB/MB with one decimal, the way `ollama ps` prints model sizes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${Math.max(0, Math.round(bytes / 1e3))} kB`;
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}
