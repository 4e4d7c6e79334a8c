import { describe, expect, it } from "vitest";
import { twins, type AxisView } from "../src/index";
import { maxMixedError } from "../../../test/support/compare";
import { builds, randomArray } from "./helpers";

const VIEWS: AxisView[] = [[1, 1, 1], [1, 37, 1], [1, 5, 13], [7, 9, 1], [3, 17, 5], [4, 1, 6], [2, 300, 3], [1, 1000, 1]];

for (const build of builds) {
  describe(`reductions and softmax (${build.name} build)`, () => {
    const kernels = build.kernels();

    it("sumAxis matches the twin on every axis layout, with and without accumulate", () => {
      for (const view of VIEWS) {
        const [outer, n, inner] = view;
        const x = kernels.fromArray(randomArray(outer * n * inner, n));
        for (const accumulate of [false, true]) {
          const start = randomArray(outer * inner, inner);
          const out = kernels.fromArray(start);
          kernels.sumAxis(out, x, view, accumulate);
          const ref = Float64Array.from(start);
          twins.sumAxis(ref, Float64Array.from(x.data), view, accumulate);
          expect(maxMixedError(out.data, ref), `${view} acc=${accumulate}`).toBeLessThan(2e-6);
        }
      }
    });

    it("maxAxis matches the twin, returns first arg-max indices, and lets NaN win", () => {
      for (const view of VIEWS) {
        const [outer, n, inner] = view;
        const x = kernels.fromArray(randomArray(outer * n * inner, n + 1).map((v) => Math.round(v * 4)));
        const out = kernels.alloc(outer * inner), idx = kernels.allocI32(outer * inner);
        kernels.maxAxis(out, idx, x, view);
        const ref = new Float64Array(outer * inner), refIdx = new Int32Array(outer * inner);
        twins.maxAxis(ref, refIdx, Float64Array.from(x.data), view);
        expect(Array.from(out.data)).toEqual(Array.from(ref));
        expect(Array.from(idx.data)).toEqual(Array.from(refIdx));
      }
      const withNaN = kernels.fromArray([1, Number.NaN, 3]);
      const out = kernels.alloc(1), idx = kernels.allocI32(1);
      kernels.maxAxis(out, idx, withNaN, [1, 3, 1]);
      expect(out.data[0]).toBeNaN();
      expect(idx.data[0]).toBe(1);
    });

    it("softmax and log-softmax match the twin and stay stable for logits of ±1e4", () => {
      for (const [rows, cols] of [[1, 1], [3, 7], [5, 64], [2, 1001]]) {
        for (const scaleBy of [1, 1e4]) {
          const x = kernels.fromArray(randomArray(rows * cols, cols).map((v) => v * scaleBy));
          const y = kernels.alloc(rows * cols), ly = kernels.alloc(rows * cols);
          kernels.softmaxRows(y, x, rows, cols);
          kernels.logSoftmaxRows(ly, x, rows, cols);
          const ref = new Float64Array(rows * cols), lref = new Float64Array(rows * cols);
          twins.softmaxRows(ref, Float64Array.from(x.data), rows, cols);
          twins.logSoftmaxRows(lref, Float64Array.from(x.data), rows, cols);
          expect(maxMixedError(y.data, ref), `softmax ${rows}x${cols} ×${scaleBy}`).toBeLessThan(1e-6);
          // log-softmax values reach −2e4 here: compare relative to their size.
          expect(maxMixedError(ly.data, lref), `logsoftmax ${rows}x${cols} ×${scaleBy}`).toBeLessThan(1e-6);
          expect(y.data.every(Number.isFinite) && ly.data.every(Number.isFinite)).toBe(true);
        }
      }
    });

    it("softmax and log-softmax backward match the twin", () => {
      const rows = 6, cols = 19;
      const x = kernels.fromArray(randomArray(rows * cols, 9, -3, 3));
      const dy = kernels.fromArray(randomArray(rows * cols, 10));
      const y = kernels.alloc(rows * cols), ly = kernels.alloc(rows * cols);
      kernels.softmaxRows(y, x, rows, cols);
      kernels.logSoftmaxRows(ly, x, rows, cols);
      const start = randomArray(rows * cols, 11);
      const dx = kernels.fromArray(start), dlx = kernels.fromArray(start);
      kernels.softmaxRowsBackward(dx, dy, y, rows, cols);
      kernels.logSoftmaxRowsBackward(dlx, dy, ly, rows, cols);
      const ref = Float64Array.from(start), lref = Float64Array.from(start);
      twins.softmaxRowsBackward(ref, Float64Array.from(dy.data), Float64Array.from(y.data), rows, cols);
      twins.logSoftmaxRowsBackward(lref, Float64Array.from(dy.data), Float64Array.from(ly.data), rows, cols);
      expect(maxMixedError(dx.data, ref)).toBeLessThan(1e-6);
      expect(maxMixedError(dlx.data, lref)).toBeLessThan(1e-6);
    });
  });
}

describe("reduction input checks", () => {
  const kernels = builds[0].kernels();
  it("names the view it expected", () => {
    expect(() => kernels.sumAxis(kernels.alloc(3), kernels.alloc(10), [1, 3, 3])).toThrow("sumAxis: x has 10 elements, expected 9 (x is [1, 3, 3])");
    expect(() => kernels.softmaxRows(kernels.alloc(6), kernels.alloc(6), 2, 4)).toThrow("softmaxRows: x has 6 elements, expected 8 (x is [2, 4])");
    expect(() => kernels.maxAxis(kernels.alloc(2), null, kernels.alloc(0), [2, 0, 1])).toThrow("maxAxis: cannot take the maximum over an empty axis");
  });
});
