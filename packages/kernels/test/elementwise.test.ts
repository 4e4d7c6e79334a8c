import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadcastShapes, sizeOf, twins, type BinaryOp } from "../src/index";
import { maxMixedError } from "../../../test/support/compare";
import { builds, randomArray } from "./helpers";

const OPS: BinaryOp[] = ["add", "sub", "mul", "div", "max", "min"];

/** Two random shapes that broadcast: each axis of the output is taken by both, one, or neither. */
const broadcastablePair = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom("both", "a1", "b1", "a-", "b-")), { minLength: 0, maxLength: 5 })
  .map((axes) => {
    const a: number[] = [], b: number[] = [];
    axes.forEach(([d, how], i) => {
      const lead = i === 0; // only leading axes may be missing from a shape
      if (how === "a-" && lead && a.length === 0) { b.push(d); return; }
      if (how === "b-" && lead && b.length === 0) { a.push(d); return; }
      a.push(how === "a1" ? 1 : d);
      b.push(how === "b1" ? 1 : d);
    });
    return { a, b };
  });

for (const build of builds) {
  describe(`binary elementwise ops (${build.name} build)`, () => {
    const kernels = build.kernels();

    it("match the twin with NumPy broadcasting, with and without accumulate (property)", () => {
      fc.assert(
        fc.property(broadcastablePair, fc.constantFrom(...OPS), fc.boolean(), fc.integer({ min: 0, max: 1e6 }), ({ a: aShape, b: bShape }, op, accumulate, seed) => {
          const a = kernels.fromArray(randomArray(sizeOf(aShape), seed));
          // Keep divisors away from zero so the comparison is about the kernel, not cancellation.
          const b = kernels.fromArray(randomArray(sizeOf(bShape), seed + 1, 0.5, 2));
          const outShape = broadcastShapes(op, aShape, bShape);
          const start = randomArray(sizeOf(outShape), seed + 2);
          const out = kernels.fromArray(start);
          kernels.binary(op, out, a, b, { aShape, bShape, accumulate });
          const ref = Float64Array.from(start);
          twins.binary(op, ref, Float64Array.from(a.data), Float64Array.from(b.data), { aShape, bShape, accumulate });
          const err = maxMixedError(out.data, ref);
          a.free(); b.free(); out.free();
          return err < 1e-6;
        }),
        { numRuns: 300 },
      );
    });

    it("row-broadcasts a bias vector and works in place", () => {
      const x = kernels.fromArray([1, 2, 3, 4, 5, 6]);
      const bias = kernels.fromArray([10, 20, 30]);
      kernels.add(x, x, bias, { aShape: [2, 3], bShape: [3] });
      expect(Array.from(x.data)).toEqual([11, 22, 33, 14, 25, 36]);
    });

    it("handles more than three non-mergeable dimensions", () => {
      const aShape = [2, 1, 3, 1, 2], bShape = [1, 2, 1, 2, 1];
      const a = kernels.fromArray(randomArray(12, 5)), b = kernels.fromArray(randomArray(4, 6));
      const out = kernels.alloc(48);
      kernels.mul(out, a, b, { aShape, bShape });
      const ref = new Float64Array(48);
      twins.binary("mul", ref, Float64Array.from(a.data), Float64Array.from(b.data), { aShape, bShape });
      expect(maxMixedError(out.data, ref)).toBeLessThan(1e-7);
    });

    it("fill, copy, scale and axpy match their twins", () => {
      const n = 1031;
      const x = kernels.fromArray(randomArray(n, 1)), y0 = randomArray(n, 2), y = kernels.fromArray(y0);
      kernels.axpy(y, x, -0.75);
      const ref = Float64Array.from(y0);
      twins.axpy(ref, Float64Array.from(x.data), -0.75);
      expect(maxMixedError(y.data, ref)).toBeLessThan(1e-7);
      kernels.scale(y, x, 3);
      twins.scale(ref, Float64Array.from(x.data), 3);
      expect(maxMixedError(y.data, ref)).toBeLessThan(1e-7);
      kernels.fill(y, 2.5);
      expect(y.data.every((v) => v === 2.5)).toBe(true);
      kernels.copy(y, x);
      expect(Array.from(y.data)).toEqual(Array.from(x.data));
    });
  });
}

describe("binary input checks", () => {
  const kernels = builds[0].kernels();
  it("names incompatible shapes", () => {
    const a = kernels.alloc(6), b = kernels.alloc(4), out = kernels.alloc(6);
    expect(() => kernels.add(out, a, b, { aShape: [2, 3], bShape: [4] })).toThrow(
      "add: shapes [2, 3] and [4] cannot be broadcast: dimension 1 is 3 and 4",
    );
    expect(() => kernels.add(out, a, b)).toThrow("add: a has 6 elements and b has 4; pass aShape/bShape to broadcast");
    expect(() => kernels.add(kernels.alloc(5), a, a)).toThrow("add: out has 5 elements, expected 6");
  });
  it("rejects partial overlap but allows exact in-place updates", () => {
    const big = kernels.alloc(8);
    const a = big.data.subarray(0, 4), out = big.data.subarray(2, 6);
    expect(() => kernels.add(out, a, kernels.alloc(4))).toThrow("add: the output overlaps input a");
    expect(() => kernels.add(a, a, kernels.alloc(4))).not.toThrow();
  });
  it("rejects NaN scalars", () => {
    expect(() => kernels.scale(kernels.alloc(2), kernels.alloc(2), Number.NaN)).toThrow("scale: alpha must be a number, got NaN");
  });
});
