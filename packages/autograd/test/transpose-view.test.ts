// A transpose of the last two axes is a view matmul reads in place (issue 13: PyTorch code writes
// x @ w.T): values and gradients equal the copying path, float64 gradcheck, nothing copied, and the
// view's lifetime rules (it follows its source until read, survives its source's release).
import { defaultKernels } from "@tapegrad/kernels";
import { describe, expect, it } from "vitest";
import { linear, liveTensorCount, matmul, noGrad, scope, tensor, transpose, type Tensor } from "../src/index";
import { checkOp, values } from "./helpers";

/** Values and gradients of sum(fn(a, b) ⊙ R) on float64, for comparing two spellings. */
function valuesAndGrads(fn: (a: Tensor, b: Tensor) => Tensor, sa: number[], sb: number[]): Float64Array[] {
  return scope(() => {
    const a = tensor(values(sa, 1), { shape: sa, backend: "js", requiresGrad: true });
    const b = tensor(values(sb, 2), { shape: sb, backend: "js", requiresGrad: true });
    const out = fn(a, b);
    out.mul(tensor(values(out.shape, 3), { shape: out.shape, backend: "js" })).sum().backward();
    const result = [out.data() as Float64Array, a.grad!.data() as Float64Array, b.grad!.data() as Float64Array];
    for (const t of [a, b]) { t.grad!.dispose(); t.dispose(); }
    return result;
  });
}

/** The copying path: the transpose is read (made contiguous) by an elementwise op first. */
const copied = (t: Tensor) => t.transpose().mul(1);

describe("matmul through a transposed operand", () => {
  const cases: [string, (a: Tensor, b: Tensor) => Tensor, (a: Tensor, b: Tensor) => Tensor, number[], number[]][] = [
    ["a · bᵀ (2-D)", (a, b) => matmul(a, b.transpose()), (a, b) => matmul(a, copied(b)), [5, 7], [6, 7]],
    ["aᵀ · b (2-D)", (a, b) => matmul(a.transpose(), b), (a, b) => matmul(copied(a), b), [7, 5], [7, 6]],
    ["aᵀ · bᵀ (2-D)", (a, b) => matmul(transpose(a, 0, 1), b.permute([1, 0])), (a, b) => matmul(copied(a), copied(b)), [7, 5], [6, 7]],
    ["batched a · bᵀ (3-D)", (a, b) => matmul(a, b.transpose(1, 2)), (a, b) => matmul(a, copied(b)), [3, 4, 5], [3, 6, 5]],
    ["batched aᵀ · bᵀ (3-D)", (a, b) => matmul(a.transpose(-1, -2), b.transpose()), (a, b) => matmul(copied(a), copied(b)), [3, 5, 4], [3, 6, 5]],
    ["3-D a · shared bᵀ (2-D)", (a, b) => matmul(a, b.transpose()), (a, b) => matmul(a, copied(b)), [3, 4, 5], [6, 5]],
    ["transposed 3-D a · shared 2-D b (read through a copy)", (a, b) => matmul(a.transpose(), b), (a, b) => matmul(copied(a), b), [3, 5, 4], [5, 6]],
  ];

  for (const [name, view, copy, sa, sb] of cases) {
    it(`${name}: the same values and gradients as the copying path (float64)`, () => {
      const got = valuesAndGrads(view, sa, sb), want = valuesAndGrads(copy, sa, sb);
      got.forEach((g, i) => g.forEach((v, j) => expect(Math.abs(v - want[i][j])).toBeLessThan(1e-12)));
    });
  }

  it("passes float64 gradcheck and matches float32 on wasm", () => {
    let seed = 70;
    for (const [, view, , sa, sb] of cases) checkOp(view, [{ shape: sa }, { shape: sb }], seed++);
  });

  it("copies nothing: memory in use grows exactly as linear(a, b)'s, which reads b transposed in place", () => {
    const k = defaultKernels();
    scope(() => {
      const a = tensor(values([64, 96], 4), { shape: [64, 96], requiresGrad: true });
      const b = tensor(values([80, 96], 5), { shape: [80, 96], requiresGrad: true });
      const grow = (fn: () => Tensor): number[] => {
        const start = k.stats().bytesInUse;
        const out = fn();
        const forward = k.stats().bytesInUse - start;
        out.sum().backward();
        const backward = k.stats().bytesInUse - start;
        for (const t of [a, b]) { t.grad!.dispose(); t.grad = null; }
        return [forward, backward];
      };
      grow(() => linear(a, b)); // the kernel's packing buffers, once
      const reference = grow(() => linear(a, b));
      const bt = b.transpose();
      expect(grow(() => matmul(a, bt))).toEqual(reference);
      // The gradient went to b directly; bt was never filled. Read at last, it holds bᵀ.
      expect(bt.isDisposed).toBe(false);
      const bv = b.data(), tv = bt.data();
      for (let i = 0; i < 80; i++) for (let j = 0; j < 96; j++) expect(tv[j * 80 + i]).toBe(bv[i * 96 + j]);
    });
  });
});

describe("a transpose view's lifetime", () => {
  it("follows in-place changes of its source until first read, like a PyTorch view", () => {
    scope(() => {
      const w = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3], backend: "js" });
      const wt = w.transpose();
      w.mul_(10);
      expect(wt.toArray()).toEqual([[10, 40], [20, 50], [30, 60]]);
    });
  });

  it("keeps its values when its source is released first (scope end, dispose)", () => {
    const live = liveTensorCount();
    const wt = noGrad(() => scope(() => tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).transpose()));
    expect(wt.toArray()).toEqual([[1, 3, 5], [2, 4, 6]]);
    const x = tensor([1, 2, 3, 4], { shape: [2, 2] });
    const xt = x.transpose();
    x.dispose();
    expect(xt.toArray()).toEqual([[1, 3], [2, 4]]);
    wt.dispose();
    xt.dispose();
    expect(liveTensorCount()).toBe(live);
  });

  it("released unread, it frees nothing twice and leaves no live tensor or memory behind", () => {
    const k = defaultKernels();
    const live = liveTensorCount(), bytes = k.stats().bytesInUse;
    const x = tensor(values([16, 16], 6), { shape: [16, 16] });
    const xt = x.transpose();
    xt.dispose();
    expect(xt.isDisposed).toBe(true);
    expect(() => xt.data()).toThrow(/data: use of a released tensor \(shape \[16, 16\]/);
    x.dispose();
    expect(liveTensorCount()).toBe(live);
    expect(k.stats().bytesInUse).toBe(bytes);
  });
});
