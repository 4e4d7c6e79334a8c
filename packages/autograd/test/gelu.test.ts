// gelu end to end: the float32 kernel (both builds) against its float64 twin on a dense grid,
// values and gradients against PyTorch, and the autograd op on both backends with gradcheck.
import { createKernels, twins } from "@tapegrad/kernels";
import { describe, expect, it } from "vitest";
import { gelu, tensor } from "../src/index";
import { maxMixedError } from "../../../test/support/compare";
import { checkOp } from "./helpers";

// PyTorch 1.13 (float64, at the float32-rounded inputs), made with:
//   x = torch.tensor(X, dtype=torch.float32).double().requires_grad_()
//   y = torch.nn.functional.gelu(x); y.sum().backward()   # GELU = y, GRAD = x.grad
const X = [-10, -6, -5, -4, -3, -2.5, -2, -1.5, -1, -0.75, -0.5, -0.25, -0.10000000149011612, -0.0010000000474974513, 0,
  0.0010000000474974513, 0.10000000149011612, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 10];
const GELU = [-0, -5.919525869479969e-9, -1.4332578593401202e-6, -0.00012668496733247991, -0.00404969409489031, -0.015524163314440398,
  -0.04550026389635842, -0.10021080190328704, -0.15865525393145702, -0.16997051428265111, -0.15426876936299344, -0.10032341857926907,
  -0.04601721689885652, -0.0004996010814969171, 0, 0.0005003989660005341, 0.0539827845912596, 0.14967658142073093, 0.34573123063700656,
  0.5800294857173489, 0.841344746068543, 1.399789198096713, 1.9544997361036416, 2.4844758366855597, 2.99595030590511, 3.9998733150326675,
  4.999998566742141, 5.999999994080474, 10];
const GRAD = [-7.694598626706419e-22, -3.546870945402639e-8, -7.1469460018034646e-6, -0.0005036496612264215, -0.01194564720418392,
  -0.03761108590814519, -0.08523180107819692, -0.1274691922299796, -0.08331547058768635, 0.0007742782607648296, 0.13250487534383712,
  0.304626645116364, 0.4204769067981741, 0.49920211566726114, 0.5, 0.5007978843327388, 0.5795230932018259, 0.695373354883636,
  0.8674951246561629, 0.9992257217392352, 1.0833154705876864, 1.1274691922299795, 1.085231801078197, 1.037611085908145,
  1.011945647204184, 1.0005036496612265, 1.000007146946002, 1.0000000354687093, 1];

/** |got − ref| within `rel` of |ref|, or within `abs` (for values near zero). */
function expectClose(got: ArrayLike<number>, ref: ArrayLike<number>, rel: number, abs: number, what: string): void {
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(got[i] - ref[i]);
    expect(err <= abs || err <= rel * Math.abs(ref[i]), `${what} at x = ${X[i] ?? i}: ${got[i]} vs ${ref[i]}`).toBe(true);
  }
}

describe("gelu", () => {
  it("the twin matches PyTorch's values and gradients", () => {
    const y = new Float64Array(X.length), dx = new Float64Array(X.length);
    twins.unary("gelu", y, Float64Array.from(X));
    twins.unaryBackward("gelu", dx, new Float64Array(X.length).fill(1), Float64Array.from(X));
    // PyTorch forms 1 + erf(x/√2), which cancels in the negative tail (gelu(−10) = −7.6e-23 comes
    // out −0, gelu(−6) is off by 1e-10 relative); the twin computes erfc there directly.
    expectClose(y, GELU, 1e-8, 1e-20, "gelu");
    expectClose(dx, GRAD, 1e-8, 1e-20, "gelu'");
  });

  for (const build of ["simd", "scalar"] as const) {
    it(`the float32 kernel (${build} build) matches PyTorch, relative even in the negative tail`, () => {
      const k = createKernels({ build, initialBytes: 1 << 20 });
      const x = k.fromArray(X), y = k.alloc(X.length), dx = k.alloc(X.length), ones = k.fromArray(X.map(() => 1));
      k.gelu(y, x);
      k.unaryBackward("gelu", dx, ones, x);
      expectClose(y.data, GELU, 3e-6, 1e-7, "gelu");
      expectClose(dx.data, GRAD, 3e-6, 1e-7, "gelu'");
      // Beyond the table: relative accuracy down to x = −10 (−10·erfc(10/√2)/2 by Python math.erfc).
      expect(Math.abs(y.data[0] / -7.6198530241606e-23 - 1)).toBeLessThan(1e-5);
    });

    it(`the float32 kernel (${build} build) is within 2e-7 of the twin over [−12, 12] and handles ±Infinity and NaN as PyTorch`, () => {
      const k = createKernels({ build, initialBytes: 1 << 22 });
      const grid: number[] = [];
      for (let v = -12; v <= 12; v += 1e-3) grid.push(v);
      const x = k.fromArray(grid), y = k.alloc(grid.length), dx = k.fromArray(grid.map((_, i) => (i % 7) / 7));
      k.gelu(y, x);
      const ref = new Float64Array(grid.length);
      twins.unary("gelu", ref, Float64Array.from(x.data));
      expect(maxMixedError(y.data, ref)).toBeLessThan(2e-7);
      const dy = k.fromArray(grid.map((v) => Math.cos(v)));
      const refDx = Float64Array.from(dx.data);
      k.unaryBackward("gelu", dx, dy, x);
      twins.unaryBackward("gelu", refDx, Float64Array.from(dy.data), Float64Array.from(x.data));
      expect(maxMixedError(dx.data, refDx)).toBeLessThan(5e-7);
      // torch.nn.functional.gelu: gelu(−inf) = nan, gelu(inf) = inf, nan stays nan; the gradient is nan at ±inf.
      const edge = k.fromArray([-Infinity, Infinity, Number.NaN]), out = k.alloc(3), g = k.alloc(3);
      k.gelu(out, edge);
      expect(Array.from(out.data)).toEqual([Number.NaN, Infinity, Number.NaN]);
      k.unaryBackward("gelu", g, k.fromArray([1, 1, 1]), edge);
      expect(Array.from(g.data)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    });
  }

  it("the autograd op: float32 against float64, gradcheck in float64, and Tensor values as PyTorch", () => {
    for (const seed of [1, 2, 3]) checkOp((x) => gelu(x), [{ shape: [3, 5] }], seed);
    for (const backend of ["js", "wasm"] as const) {
      const x = tensor(X, { backend, requiresGrad: true });
      const y = gelu(x);
      y.sum().backward();
      expectClose(y.data(), GELU, backend === "js" ? 1e-8 : 3e-6, backend === "js" ? 1e-20 : 1e-7, `${backend} gelu`);
      expectClose(x.grad!.data(), GRAD, backend === "js" ? 1e-8 : 3e-6, backend === "js" ? 1e-20 : 1e-7, `${backend} gelu'`);
      expect(Array.from(x.gelu().data())).toEqual(Array.from(y.data()));
    }
  });
});

// approximate "tanh": PyTorch's values and gradients are checked by the parity fixture gelu.json
// (pnpm parity, both backends); here the kernel against its twin, the op's gradient, and the options.
describe("gelu, approximate: tanh", () => {
  /** PyTorch's formula, written out again (not the twin's code). */
  const formula = (x: number) => 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)));

  it("the twin is PyTorch's formula, and its derivative matches central differences", () => {
    const xs = [-9, -3, -1.5, -0.3, 0, 0.2, 1, 2.5, 7];
    const y = new Float64Array(xs.length), dx = new Float64Array(xs.length);
    twins.unary("geluTanh", y, Float64Array.from(xs));
    twins.unaryBackward("geluTanh", dx, new Float64Array(xs.length).fill(1), Float64Array.from(xs));
    xs.forEach((x, i) => {
      expect(y[i]).toBeCloseTo(formula(x), 15);
      expect(Math.abs(dx[i] - (formula(x + 1e-6) - formula(x - 1e-6)) / 2e-6)).toBeLessThan(1e-8);
    });
  });

  for (const build of ["simd", "scalar"] as const) {
    it(`the float32 kernel (${build} build) is within 2e-7 of the twin over [−12, 12], and stays finite far out`, () => {
      const k = createKernels({ build, initialBytes: 1 << 22 });
      const grid: number[] = [];
      for (let v = -12; v <= 12; v += 1e-3) grid.push(v);
      const x = k.fromArray(grid), y = k.alloc(grid.length);
      k.geluTanh(y, x);
      const ref = new Float64Array(grid.length);
      twins.unary("geluTanh", ref, Float64Array.from(x.data));
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(y.data[i] - ref[i]) / (Math.abs(ref[i]) + 1));
      expect(worst).toBeLessThan(2e-7);
      const dy = k.fromArray(grid.map((v) => Math.cos(v)));
      const dx = k.fromArray(grid.map((_, i) => (i % 7) / 7));
      const refDx = Float64Array.from(dx.data);
      k.unaryBackward("geluTanh", dx, dy, x);
      twins.unaryBackward("geluTanh", refDx, Float64Array.from(dy.data), Float64Array.from(x.data));
      worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(dx.data[i] - refDx[i]) / (Math.abs(refDx[i]) + 1));
      expect(worst).toBeLessThan(5e-7);
      // Far out tanh saturates: y = x (or 0) and y' = 1 (or 0), as float64 gives.
      const far = k.fromArray([-1e6, -50, 50, 1e6]), out = k.alloc(4), g = k.alloc(4);
      k.geluTanh(out, far);
      expect(Array.from(out.data)).toEqual([-0, -0, 50, 1e6]);
      k.unaryBackward("geluTanh", g, k.fromArray([1, 1, 1, 1]), far);
      expect(Array.from(g.data)).toEqual([0, 0, 1, 1]);
    });
  }

  it("the autograd op and method: float32 against float64, gradcheck in float64; bad options are named", () => {
    for (const seed of [1, 2, 3]) checkOp((x) => gelu(x, { approximate: "tanh" }), [{ shape: [3, 5] }], seed);
    for (const backend of ["js", "wasm"] as const) {
      const x = tensor([-2, -0.5, 0, 0.5, 2], { backend });
      const got = Array.from(x.gelu({ approximate: "tanh" }).data());
      got.forEach((v, i) => expect(Math.abs(v - formula([-2, -0.5, 0, 0.5, 2][i]))).toBeLessThan(backend === "js" ? 1e-15 : 1e-7));
      // The default is the exact form, which differs from the approximation at x = −2 by 1e-4:
      expect(Math.abs(x.gelu().data()[0] - got[0])).toBeGreaterThan(5e-5); // −0.045500 exact vs −0.045402
      expect(Array.from(x.gelu({ approximate: "none" }).data())).toEqual(Array.from(gelu(x).data()));
    }
    const x = tensor([1, 2]);
    expect(() => gelu(x, { approximate: "erf" as never })).toThrow('gelu: approximate argument must be either none or tanh, got "erf"');
    expect(() => gelu(x, { approx: "tanh" } as never)).toThrow('gelu: unknown option "approx" (did you mean "approximate"?)');
  });
});
