/**
 * The two summaries `haco stats` gives of a list of measurements, pinned so
 * the figures can be checked by hand:
 * - median: the middle value of the sorted list; with an even count, the mean
 *   of the two middle ones.
 * - p90: nearest rank — the value at 1-based position ceil(0.9 × n) of the
 *   sorted list (n = 3 or 4: the largest; n = 10: the 9th).
 * Both are null for an empty list.
 */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}
