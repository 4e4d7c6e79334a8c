import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { twins } from "../src/index";
import { builds, maxAbsError, randomArray } from "./helpers";

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
      const err = maxAbsError(c.data, ref);
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
