import { describe, expect, it } from "vitest";
import { twins, type UnaryBackwardOp, type UnaryOp } from "../src/index";
import { maxAbsDiff, maxMixedError } from "../../../test/support/compare";
import { builds, randomArray } from "./helpers";

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Every float32 step of 1e-4 over [-30, 30], plus points just around the kernel's branch points. */
function denseGrid(): Float32Array {
  const xs: number[] = [];
  for (let x = -30; x <= 30; x += 1e-4) xs.push(x);
  for (const edge of [0.625, 9, 44, 87, 88]) for (const s of [-1, 1]) for (const d of [-1e-6, 0, 1e-6]) xs.push(s * edge + d);
  return Float32Array.from(xs);
}

for (const build of builds) {
  describe(`activations (${build.name} build)`, () => {
    const kernels = build.kernels();
    const grid = denseGrid();
    const x = kernels.fromArray(grid);
    const y = kernels.alloc(grid.length);

    it("tanh is within 1e-6 of float64 Math.tanh over [-30, 30]", () => {
      kernels.tanh(y, x);
      expect(maxAbsDiff(y.data, Array.from(grid, Math.tanh))).toBeLessThan(1e-6);
    });

    it("sigmoid is within 1e-6 of the float64 logistic over [-30, 30]", () => {
      kernels.sigmoid(y, x);
      expect(maxAbsDiff(y.data, Array.from(grid, logistic))).toBeLessThan(1e-6);
    });

    it("tanh keeps relative precision near zero", () => {
      const small = kernels.fromArray([1e-30, -3e-8, 1e-4, -0.01, 0.3]);
      const out = kernels.alloc(5);
      kernels.tanh(out, small);
      Array.from(small.data).forEach((v, i) => expect(Math.abs(out.data[i] - Math.tanh(v)) / Math.abs(Math.tanh(v))).toBeLessThan(3e-7));
    });

    it("saturate exactly at ±Infinity and large |x|, propagate NaN, never overflow", () => {
      const edge = kernels.fromArray([-Infinity, Infinity, -1e30, 1e30, -100, 100, Number.NaN, 0, -0]);
      const out = kernels.alloc(9);
      kernels.tanh(out, edge);
      expect(Array.from(out.data)).toEqual([-1, 1, -1, 1, -1, 1, Number.NaN, 0, -0]);
      kernels.sigmoid(out, edge);
      expect(Array.from(out.data)).toEqual([0, 1, 0, 1, 0, 1, Number.NaN, 0.5, 0.5]);
    });

    it("exp overflows to Infinity only past float32 range, and exp/log/relu/sqrt/abs/neg match the twin", () => {
      const edge = kernels.fromArray([89, 88.5, -200, Number.NaN, Infinity, -Infinity]);
      const out = kernels.alloc(6);
      kernels.exp(out, edge);
      expect(out.data[0]).toBe(Infinity);
      expect(out.data[1] / Math.exp(88.5)).toBeCloseTo(1, 5);
      expect(Array.from(out.data.slice(2))).toEqual([0, Number.NaN, Infinity, 0]);
      const n = 1027;
      const cases: [UnaryOp, number, number][] = [
        ["exp", -20, 20], ["log", 1e-3, 100], ["relu", -1, 1], ["sqrt", 0, 100], ["abs", -1, 1], ["neg", -1, 1], ["tanh", -5, 5], ["sigmoid", -10, 10],
      ];
      for (const [op, lo, hi] of cases) {
        const xs = kernels.fromArray(randomArray(n, op.length, lo, hi));
        const got = kernels.alloc(n);
        kernels.unary(op, got, xs);
        const ref = new Float64Array(n);
        twins.unary(op, ref, Float64Array.from(xs.data));
        expect(maxMixedError(got.data, ref), op).toBeLessThan(1e-6);
      }
    });

    it("relu keeps NaN", () => {
      const v = kernels.fromArray([Number.NaN, -1, 2, -0, Number.NaN]);
      kernels.relu(v, v);
      expect(Array.from(v.data)).toEqual([Number.NaN, 0, 2, 0, Number.NaN]);
    });

    it("backward kernels accumulate dy·f'(saved) like the twin", () => {
      const n = 1029;
      for (const op of ["tanh", "sigmoid", "relu"] as UnaryBackwardOp[]) {
        const saved = kernels.fromArray(randomArray(n, 3, op === "relu" ? -1 : 0, 1));
        const dy = kernels.fromArray(randomArray(n, 4));
        const start = randomArray(n, 5);
        const dx = kernels.fromArray(start);
        kernels.unaryBackward(op, dx, dy, saved);
        const ref = Float64Array.from(start);
        twins.unaryBackward(op, ref, Float64Array.from(dy.data), Float64Array.from(saved.data));
        expect(maxMixedError(dx.data, ref), op).toBeLessThan(1e-6);
      }
    });
  });
}
