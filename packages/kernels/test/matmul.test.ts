import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { twins } from "../src/index";
import { maxAbsDiff } from "../../../test/support/compare";
import { builds, randomArray } from "./helpers";

const FLAGS = [
  [false, false], [false, true], [true, false], [true, true],
] as const;

// Float32 accumulation over k products of values in [-1, 1]: error grows at most ~k·eps.
const tolerance = (k: number) => 1e-6 + 4e-7 * k;

for (const build of builds) {
  describe(`matmul (${build.name} build) against the float64 twin`, () => {
    const kernels = build.kernels();

    function check(m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean, seed: number) {
      const a = kernels.fromArray(randomArray(m * k, seed));
      const b = kernels.fromArray(randomArray(k * n, seed + 1));
      const c0 = randomArray(m * n, seed + 2);
      const c = kernels.fromArray(c0);
      kernels.matmul(a, b, c, { m, n, k, transA, transB, accumulate });
      const ref = Float64Array.from(c0);
      twins.matmul(Float64Array.from(a.data), Float64Array.from(b.data), ref, { m, n, k, transA, transB, accumulate });
      const err = maxAbsDiff(c.data, ref);
      a.free(); b.free(); c.free();
      return err;
    }

    // Odd and prime sizes, sizes straddling the 4×8 tile and the K (256) and M (128) blocks;
    // [258, 11, 513] and [256, 16, 512] cross several M- and K-blocks with a partial last panel.
    // Then: tiny k (1, 2, 3: the packing's 4-step transposes never run), n < 8 with m crossing
    // MC, m one past a tile and one short of MC, and a recurrent step's shapes.
    const shapes = [
      [1, 1, 1], [1, 3, 17], [3, 1, 5], [17, 17, 17], [5, 9, 65], [65, 33, 7], [31, 8, 4],
      [4, 8, 256], [7, 13, 257], [131, 9, 300], [32, 256, 72], [13, 1000, 3],
      [258, 11, 513], [256, 16, 512],
      [5, 3, 1], [9, 17, 2], [129, 8, 3], [130, 7, 257], [127, 4, 9], [5, 8, 255], [4, 24, 6],
      [32, 256, 64], [256, 8, 33],
      // n ≤ 8 with Aᵀ: A read in place for full 4-row panels, the partial last one packed.
      [6, 8, 3], [258, 5, 300], [1024, 8, 40], [3, 7, 260],
    ];
    for (const [m, n, k] of shapes) {
      for (const [transA, transB] of FLAGS) {
        it(`${m}×${k} · ${k}×${n}, transA=${transA}, transB=${transB}`, () => {
          expect(check(m, n, k, transA, transB, false, m * 7 + n)).toBeLessThan(tolerance(k));
          expect(check(m, n, k, transA, transB, true, m + n * 3)).toBeLessThan(tolerance(k));
        });
      }
    }

    it("matches the twin on random shapes and flags (property)", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
          fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1e6 }),
          (m, n, k, ta, tb, acc, seed) => check(m, n, k, ta, tb, acc, seed) < tolerance(k),
        ),
        { numRuns: 150 },
      );
    });

    /** `matrix`: the bias is a whole [m, n] (addmm's input) instead of a row for every row of C. */
    function checkBias(m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean, seed: number, matrix = false) {
      const a = kernels.fromArray(randomArray(m * k, seed));
      const b = kernels.fromArray(randomArray(k * n, seed + 1));
      const bias = kernels.fromArray(randomArray(matrix ? m * n : n, seed + 3, -2, 2));
      const c0 = randomArray(m * n, seed + 2);
      const c = kernels.fromArray(c0);
      kernels.matmul(a, b, c, { m, n, k, transA, transB, accumulate }, bias);
      const ref = Float64Array.from(c0);
      twins.matmul(Float64Array.from(a.data), Float64Array.from(b.data), ref, { m, n, k, transA, transB, accumulate }, Float64Array.from(bias.data));
      const err = maxAbsDiff(c.data, ref);
      a.free(); b.free(); bias.free(); c.free();
      return err;
    }

    // With a bias: n off the 8-column panel, m off the 4-row tile, several K-blocks (k > 256),
    // n ≤ 8 with Aᵀ (A read in place), and the input projection's shape scaled down.
    const biasShapes = [
      [1, 1, 1], [5, 3, 7], [7, 13, 257], [4, 8, 256], [9, 17, 513], [131, 9, 300], [130, 7, 257],
      [6, 8, 3], [258, 5, 300], [13, 1000, 3], [256, 16, 512], [200, 64, 32], [3, 24, 1],
    ];
    for (const [m, n, k] of biasShapes) {
      for (const [transA, transB] of FLAGS) {
        it(`with a bias: ${m}×${k} · ${k}×${n}, transA=${transA}, transB=${transB}`, () => {
          expect(checkBias(m, n, k, transA, transB, false, m * 5 + n)).toBeLessThan(tolerance(k));
          expect(checkBias(m, n, k, transA, transB, true, m + n * 7)).toBeLessThan(tolerance(k));
        });
        it(`with an [m, n] bias: ${m}×${k} · ${k}×${n}, transA=${transA}, transB=${transB}`, () => {
          expect(checkBias(m, n, k, transA, transB, false, m * 3 + n, true)).toBeLessThan(tolerance(k));
          expect(checkBias(m, n, k, transA, transB, true, m + n * 5, true)).toBeLessThan(tolerance(k));
        });
      }
    }

    it("matches the twin with a bias on random shapes and flags (property)", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 }),
          fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1e6 }),
          (m, n, k, ta, tb, acc, seed) => checkBias(m, n, k, ta, tb, acc, seed) < tolerance(k) && checkBias(m, n, k, ta, tb, acc, seed, true) < tolerance(k),
        ),
        { numRuns: 100 },
      );
    });

    it("an [m, n] bias of exact values is added once per element, in its own row, at k = 0 too", () => {
      const m = 5, n = 11, k = 600;
      const a = kernels.fromArray(new Float32Array(m * k).fill(1)), b = kernels.fromArray(new Float32Array(k * n).fill(1));
      const c = kernels.alloc(m * n), bias = kernels.fromArray(Array.from({ length: m * n }, (_, i) => 1000 * Math.floor(i / n) + (i % n)));
      kernels.matmul(a, b, c, { m, n, k }, bias);
      expect(Array.from(c.data)).toEqual(Array.from({ length: m * n }, (_, i) => k + bias.data[i]));
      const none = kernels.alloc(0);
      kernels.matmul(none, none, c, { m, n, k: 0, accumulate: true }, bias);
      expect(Array.from(c.data)).toEqual(Array.from({ length: m * n }, (_, i) => k + 2 * bias.data[i]));
      kernels.matmul(none, none, c, { m, n, k: 0 }, bias);
      expect(Array.from(c.data)).toEqual(Array.from(bias.data));
    });

    it("k = 0 with a bias gives the bias in every row, or adds it when accumulating", () => {
      const a = kernels.alloc(0), b = kernels.alloc(0), c = kernels.fromArray([1, 2, 3, 4, 5, 6]);
      const bias = kernels.fromArray([10, 20, 30]);
      kernels.matmul(a, b, c, { m: 2, n: 3, k: 0, accumulate: true }, bias);
      expect(Array.from(c.data)).toEqual([11, 22, 33, 14, 25, 36]);
      kernels.matmul(a, b, c, { m: 2, n: 3, k: 0 }, bias);
      expect(Array.from(c.data)).toEqual([10, 20, 30, 10, 20, 30]);
    });

    it("a bias of exact values is added once, not once per K-block", () => {
      // Integers stay exact in float32, so the sum is exact: C = 1 + k·1 with k over three blocks.
      const m = 5, n = 11, k = 600;
      const a = kernels.fromArray(new Float32Array(m * k).fill(1)), b = kernels.fromArray(new Float32Array(k * n).fill(1));
      const c = kernels.alloc(m * n), bias = kernels.fromArray(Array.from({ length: n }, (_, j) => j));
      kernels.matmul(a, b, c, { m, n, k }, bias);
      expect(Array.from(c.data)).toEqual(Array.from({ length: m * n }, (_, i) => k + (i % n)));
      kernels.matmul(a, b, c, { m, n, k, accumulate: true }, bias);
      expect(Array.from(c.data)).toEqual(Array.from({ length: m * n }, (_, i) => 2 * (k + (i % n))));
    });

    it("k = 0 gives zeros, or leaves C unchanged when accumulating", () => {
      const a = kernels.alloc(0), b = kernels.alloc(0), c = kernels.fromArray([1, 2, 3, 4, 5, 6]);
      kernels.matmul(a, b, c, { m: 2, n: 3, k: 0, accumulate: true });
      expect(Array.from(c.data)).toEqual([1, 2, 3, 4, 5, 6]);
      kernels.matmul(a, b, c, { m: 2, n: 3, k: 0 });
      expect(Array.from(c.data)).toEqual([0, 0, 0, 0, 0, 0]);
    });
  });
}

describe("matmul input checks", () => {
  const kernels = builds[0].kernels();
  const a = kernels.alloc(32 * 8), b = kernels.alloc(16 * 4), c = kernels.alloc(32 * 4);

  it("names the kernel and sizes on a size mismatch", () => {
    expect(() => kernels.matmul(a, b, c, { m: 32, n: 4, k: 16 })).toThrow(
      "matmul: a has 256 elements, expected 512 (A is [32, 16])",
    );
    expect(() => kernels.matmul(a, b, c, { m: 32, n: 4, k: 8 })).toThrow(
      "matmul: b has 64 elements, expected 32 (B is [8, 4])",
    );
    expect(() => kernels.matmul(a, b, c, { m: 32, n: 4, k: 8, transB: true })).toThrow("(B is [4, 8] (transposed))");
  });

  it("rejects negative or fractional sizes", () => {
    expect(() => kernels.matmul(a, b, c, { m: -1, n: 4, k: 8 })).toThrow("matmul: m must be a non-negative integer, got -1");
    expect(() => kernels.matmul(a, b, c, { m: 1.5, n: 4, k: 8 })).toThrow("matmul: m must be a non-negative integer, got 1.5");
  });

  it("rejects operands that are not float32 WebAssembly memory", () => {
    const dims = { m: 2, n: 2, k: 2 };
    const c4 = kernels.alloc(4);
    expect(() => kernels.matmul(new Float64Array(4) as never, c4, kernels.alloc(4), dims)).toThrow(
      "matmul: a must be a WasmBuffer or a Float32Array view of WebAssembly memory, got a Float64Array of length 4",
    );
    expect(() => kernels.matmul(new Float32Array(4), c4, kernels.alloc(4), dims)).toThrow(
      "matmul: a is a Float32Array outside WebAssembly memory",
    );
    expect(() => kernels.matmul([1, 2, 3, 4] as never, c4, kernels.alloc(4), dims)).toThrow("got a plain Array of length 4");
  });

  it("rejects an output that aliases an input", () => {
    const x = kernels.alloc(4);
    expect(() => kernels.matmul(x, kernels.alloc(4), x, { m: 2, n: 2, k: 2 })).toThrow("matmul: the output overlaps input a");
    const big = kernels.alloc(8);
    const view = big.data.subarray(2, 6);
    expect(() => kernels.matmul(kernels.alloc(4), big.data.subarray(0, 4), view, { m: 2, n: 2, k: 2 })).toThrow(
      "matmul: the output overlaps input b",
    );
  });

  it("checks the bias: its length, where it lives, and that C does not overlap it", () => {
    const dims = { m: 2, n: 3, k: 2 };
    const a4 = kernels.alloc(4), b6 = kernels.alloc(6), c6 = kernels.alloc(6);
    expect(() => kernels.matmul(a4, b6, c6, dims, kernels.alloc(2))).toThrow(
      "matmul: bias has 2 elements, expected 3 (a bias of [3] (one per column) or [2, 3] (C's shape))",
    );
    expect(() => kernels.matmul(a4, b6, c6, dims, kernels.alloc(5))).toThrow("matmul: bias has 5 elements, expected 3");
    expect(() => kernels.matmul(a4, b6, c6, dims, new Float32Array(3))).toThrow(
      "matmul: bias is a Float32Array outside WebAssembly memory",
    );
    expect(() => kernels.matmul(a4, b6, c6, dims, new Float64Array(3) as never)).toThrow(
      "matmul: bias must be a WasmBuffer or a Float32Array view of WebAssembly memory, got a Float64Array of length 3",
    );
    const released = kernels.alloc(3);
    released.free();
    expect(() => kernels.matmul(a4, b6, c6, dims, released)).toThrow("matmul: bias is a released buffer");
    expect(() => kernels.matmul(a4, b6, c6, dims, builds[1].kernels().alloc(3))).toThrow(
      "matmul: bias belongs to another Kernels instance",
    );
    expect(() => kernels.matmul(a4, b6, c6, dims, c6.data.subarray(3, 6))).toThrow("matmul: the output overlaps input bias");
    // The bias may share memory with a or b: both are only read.
    const ab = kernels.alloc(4);
    kernels.matmul(ab, b6, c6, dims, ab.data.subarray(0, 3));
  });

  it("rejects a released buffer and a buffer of another instance", () => {
    const x = kernels.alloc(4);
    x.free();
    expect(() => kernels.matmul(x, kernels.alloc(4), kernels.alloc(4), { m: 2, n: 2, k: 2 })).toThrow("matmul: a is a released buffer");
    const other = builds[1].kernels().alloc(4);
    expect(() => kernels.matmul(other, kernels.alloc(4), kernels.alloc(4), { m: 2, n: 2, k: 2 })).toThrow(
      "matmul: a belongs to another Kernels instance",
    );
  });
});
