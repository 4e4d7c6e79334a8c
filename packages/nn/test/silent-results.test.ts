// Cases that used to give a wrong result without a word. Reference values from PyTorch 1.13
// (torch.nn.functional, float64 unless noted), printed by the snippet in each test's comment.
import { indexSelect, pow, tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, checkpointBytes, crossEntropy, Linear, loadCheckpointBytes, saveCheckpoint } from "../src/index";

const grad = (t: Tensor): number[] => Array.from(t.grad!.data());
const close = (got: number[], want: number[], rel: number): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (!Number.isFinite(want[i])) expect(g).toBe(want[i]);
    else expect(Math.abs(g - want[i])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want[i])));
  });
};

describe("BCELoss on saturated probabilities", () => {
  it("wasm: sigmoid(20) rounds to 1.0, the gradient stays finite and equals PyTorch's", () => {
    // F.binary_cross_entropy(torch.tensor([20., 1.], requires_grad=True).sigmoid(), torch.tensor([1., 1.]))
    // → loss 0.15663082897663116, x.grad [0.0, -0.13447070121765137] (float32)
    const x = tensor([20, 1], { requiresGrad: true, backend: "wasm" });
    const l = binaryCrossEntropy(x.sigmoid(), tensor([1, 1], { backend: "wasm" }));
    l.backward();
    expect(l.item()).toBeCloseTo(0.15663082897663116, 6);
    close(grad(x), [0, -0.13447070121765137], 1e-6);
  });

  it("js: p = [0, 1], y = [1, 0] — PyTorch's clamped denominator, not NaN", () => {
    // p = torch.tensor([0., 1., 0.5, 1e-30], dtype=torch.float64, requires_grad=True); y likewise [1, 0, 0.3, 0]
    // → loss 50.17328679513999, p.grad [-250000000998.9507, 250000000998.9507, 0.2, 2.500000009989507e-19],
    //   y.grad [inf, -inf, 0.0, 17.269388197455342]
    const p = tensor([0, 1, 0.5, 1e-30], { requiresGrad: true, backend: "js" });
    const y = tensor([1, 0, 0.3, 0], { requiresGrad: true, backend: "js" });
    const l = binaryCrossEntropy(p, y);
    l.backward();
    expect(l.item()).toBeCloseTo(50.17328679513999, 12);
    close(grad(p), [-250000000998.9507, 250000000998.9507, 0.2, 2.500000009989507e-19], 1e-12);
    close(grad(y), [Infinity, -Infinity, 0, 17.269388197455342], 1e-12);
  });
});

describe("BCEWithLogits at ±∞ logits", () => {
  it("losses and gradients equal PyTorch's, NaN included (the full table: bce-logits-torch.test.ts)", () => {
    // F.binary_cross_entropy_with_logits(x, y, reduction='none') for x = [inf, -inf, inf, -inf, inf], y = [1, 0, 0, 1, 0.5]
    // → PyTorch loss [nan, nan, inf, nan, inf], x.grad [0, 0, 1, -1, 0.5]
    for (const backend of ["js", "wasm"] as const) {
      const x = tensor([Infinity, -Infinity, Infinity, -Infinity, Infinity], { requiresGrad: true, backend });
      const l = binaryCrossEntropyWithLogits(x, tensor([1, 0, 0, 1, 0.5], { backend }), "none");
      expect(Array.from(l.data())).toEqual([Number.NaN, Number.NaN, Infinity, Number.NaN, Infinity]);
      l.backward(tensor([1, 1, 1, 1, 1], { backend }));
      expect(grad(x)).toEqual([0, 0, 1, -1, 0.5]);
    }
  });
});

describe("crossEntropy with a −∞ logit on another class", () => {
  it("is 0 with gradient 0, as PyTorch", () => {
    // F.cross_entropy(torch.tensor([[0., -inf]], requires_grad=True), torch.tensor([0])) → 0.0, grad [[0, 0]]
    const x = tensor([[0, -Infinity]], { requiresGrad: true, backend: "js" });
    const l = crossEntropy(x, [0]);
    l.backward();
    expect(l.item() + 0).toBe(0);
    expect(grad(x).map((v) => v + 0)).toEqual([0, 0]);
  });

  it("per row with an ignored row, as PyTorch", () => {
    // x = [[0, -inf, 1], [2, 0, -inf]], target [2, -100], reduction='none'
    // → [0.31326168751822286, 0.0], grad [[0.2689414213699951, 0, -0.2689414213699951], [0, 0, 0]]
    const x = tensor([[0, -Infinity, 1], [2, 0, -Infinity]], { requiresGrad: true, backend: "js" });
    const l = crossEntropy(x, [2, -100], { reduction: "none" });
    close(Array.from(l.data()), [0.31326168751822286, 0], 1e-15);
    l.sum().backward();
    close(grad(x), [0.2689414213699951, 0, -0.2689414213699951, 0, 0, 0], 1e-15);
  });
});

describe("pow, Linear, division, indexSelect, metadata", () => {
  it("pow(x, 0) has gradient 0 at x = 0 (PyTorch: [0, 0])", () => {
    const x = tensor([0, 2], { requiresGrad: true, backend: "js" });
    pow(x, 0).sum().backward();
    expect(grad(x)).toEqual([0, 0]);
  });

  it("division by a number is true division: 7/3 to the last bit, finite for a subnormal divisor", () => {
    const x = tensor([7, 1e-310], { backend: "js" });
    const y = x.div(3);
    expect(y.data()[0]).toBe(7 / 3);
    expect(tensor([1e-300], { backend: "js" }).div(5e-324).data()[0]).toBe(1e-300 / 5e-324); // Infinity only through 1/5e-324
    expect(Number.isFinite(tensor([1e-320], { backend: "js" }).div(5e-324).data()[0])).toBe(true);
    // The gradient divides too: d(x/3)/dx = 1/3 exactly as 1/3 rounds.
    const w = tensor([1], { requiresGrad: true, backend: "js" });
    w.div(3).sum().backward();
    expect(grad(w)).toEqual([1 / 3]);
    const f = tensor([7], { backend: "wasm" }).div(3).data()[0];
    expect(f).toBe(Math.fround(Math.fround(7) / Math.fround(3)));
  });

  it("indexSelect validates plain-array indices like tensor indices", () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]], { backend: "js" });
    expect(() => indexSelect(x, 0, [1.5])).toThrow("indexSelect: indices must be integers, got 1.5 at position 0");
    expect(() => indexSelect(x, 0, [Number.NaN])).toThrow("indexSelect: indices must be integers, got NaN at position 0");
    expect(() => indexSelect(x, 0, [2 ** 32 + 2])).toThrow("indexSelect: index 4294967298 is out of range for dimension 0 of size 3");
    expect(() => indexSelect(x, 0, tensor([2 ** 32 + 2], { backend: "js" }))).toThrow("indexSelect: index 4294967298 is out of range");
    expect(Array.from(indexSelect(x, 0, [2, 0]).data())).toEqual([5, 6, 1, 2]);
  });

  it("saveCheckpoint refuses metadata that is not a string, so its own loader never refuses the file", () => {
    const m = new Linear(2, 1, { backend: "js" });
    expect(() => checkpointBytes(m, { metadata: { epochs: 10 } as never })).toThrow('checkpointBytes: option "metadata" must hold only strings (safetensors requires it; use JSON.stringify): "epochs" is number 10');
    expect(() => saveCheckpoint(m, "/nonexistent/x.safetensors", { metadata: { a: null } as never })).toThrow('saveCheckpoint: option "metadata" must hold only strings');
    loadCheckpointBytes(m, checkpointBytes(m, { metadata: { epochs: "10" } }));
  });
});
