import { describe, expect, it } from "vitest";
import { median, percentile } from "../../../src/session/stats/quantiles.js";

describe("median and p90 (nearest rank)", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([40, 50, 30, 45])).toBe(42.5);
  });

  it("takes the value at rank ceil(0.9 n)", () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([30, 50, 40], 90)).toBe(50);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    percentile(values, 90);
    expect(values).toEqual([3, 1, 2]);
  });
});
