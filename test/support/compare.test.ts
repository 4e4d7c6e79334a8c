// The shared error measures, on hand-worked values: the worst element, NaN never passed over.
import { describe, expect, it } from "vitest";
import { expectAllClose, maxAbsDiff, maxMixedError, worstRatio } from "./compare";

describe("test/support/compare", () => {
  it("measures the worst element", () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2.75])).toBe(0.5);
    // |3 − 1| / (1 + 1) = 1 beats |100.5 − 100| / 101.
    expect(maxMixedError([3, 100.5], [1, 100])).toBe(1);
    // |1.1 − 1| / (0.1·1 + 0.01) ≈ 0.909; |0.02 − 0| / 0.01 = 2.
    expect(worstRatio([1.1, 0.02], [1, 0], 0.1, 0.01)).toBeCloseTo(2, 12);
  });

  it("a NaN on one side makes the measure NaN wherever it stands (it used to be overwritten by the next element)", () => {
    for (const measure of [maxAbsDiff, maxMixedError, (g: ArrayLike<number>, r: ArrayLike<number>) => worstRatio(g, r, 1e-4, 1e-5)]) {
      expect(measure([Number.NaN, 1, 2], [0, 1, 2])).toBeNaN();
      expect(measure([0, 1, 2], [0, Number.NaN, 2])).toBeNaN();
      expect(measure([0, 1, Number.NaN], [0, 1, 2])).toBeNaN();
    }
  });

  it("an element equal to its reference counts as exact: the same infinity, NaN where NaN is expected", () => {
    expect(maxAbsDiff([Infinity, -Infinity, Number.NaN, 1], [Infinity, -Infinity, Number.NaN, 1])).toBe(0);
    expect(maxAbsDiff([Infinity], [-Infinity])).toBe(Infinity);
    expect(maxMixedError([Infinity], [1])).toBe(Infinity);
  });

  it("arrays of different lengths are an error, not a comparison of the common part", () => {
    expect(() => maxAbsDiff([1, 2], [1])).toThrow("maxAbsDiff: 2 values against a reference of 1");
    expect(() => maxMixedError(new Float32Array(3), new Float64Array(4))).toThrow("maxMixedError: 3 values against a reference of 4");
  });

  it("expectAllClose passes within the tolerance and names the worst element beyond it", () => {
    expectAllClose([1, 2.0000001], [1, 2], 1e-6);
    expect(() => expectAllClose([1, 2.5, 3.1], [1, 2, 3], 0.2, "output")).toThrow("output: element 1 is 2.5, expected 2 within 0.2");
    expect(() => expectAllClose([1, Number.NaN], [1, 2], 0.2)).toThrow("values: element 1 is NaN, expected 2 within 0.2");
    expect(() => expectAllClose([1], [1, 2], 0.2)).toThrow(/values: length/);
  });
});
