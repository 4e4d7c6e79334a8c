// Tensor utilities: gather, topk, argmax/argmin, comparisons, maskedFill, clone — hand-worked
// values, gradcheck in float64 for the differentiable ones, both backends, and the errors.
// (Values against PyTorch: the tensor_ops fixture in `pnpm parity`.)
import { describe, expect, it } from "vitest";
import * as ag from "../src/index";
import { checkOp } from "./helpers";

const backends = ["js", "wasm"] as const;

describe("gather", () => {
  it("picks along a dim with PyTorch's semantics, and is differentiable", () => {
    for (const backend of backends) {
      const x = ag.tensor([[1, 2, 3], [4, 5, 6]], { backend });
      expect(ag.gather(x, 1, [[2, 0], [1, 1]]).toArray()).toEqual([[3, 1], [5, 5]]);
      expect(x.gather(0, [[1, 0, 1]]).toArray()).toEqual([[4, 2, 6]]);
      expect(x.gather(1, ag.tensor([[0], [2]], { backend })).toArray()).toEqual([[1], [6]]);
    }
    checkOp((x) => ag.gather(x, 1, [[0, 0, 2], [1, 2, 1]]), [{ shape: [2, 3] }], 1);
    checkOp((x) => ag.gather(x, 0, [[[1, 0]], [[1, 1]]]), [{ shape: [2, 3, 2] }], 2);
  });

  it("reports bad indices", () => {
    const x = ag.tensor([[1, 2, 3], [4, 5, 6]], { backend: "js" });
    expect(() => x.gather(1, [[3]])).toThrow("gather: index 3 is out of bounds for dimension 1 with size 3");
    expect(() => x.gather(1, [0, 1])).toThrow("gather: Index tensor must have the same number of dimensions as input tensor (index [2], input [2, 3])");
    expect(() => x.gather(1, [[0], [0], [0]])).toThrow(/Size does not match at dimension 0/);
    expect(() => x.gather(1, [[0.5]])).toThrow("gather: indices must be integers, got 0.5");
  });
});

describe("topk, argmax, argmin", () => {
  it("find positions (first on ties) as integer-valued tensors without gradient", () => {
    for (const backend of backends) {
      const x = ag.tensor([[1, 3, 3, -2], [0.5, 0.5, -1, -1]], { backend, requiresGrad: true });
      expect(x.argmax(1).toArray()).toEqual([1, 0]);
      expect(x.argmin(1, true).toArray()).toEqual([[3], [2]]);
      expect(ag.argmax(x).item()).toBe(1);
      expect(x.argmax(1).requiresGrad).toBe(false);
      const { values, indices } = x.topk(2, 1);
      expect(values.toArray()).toEqual([[3, 3], [0.5, 0.5]]);
      expect(indices.toArray()).toEqual([[1, 2], [0, 1]]);
      expect(x.topk(1, 0, { largest: false }).indices.toArray()).toEqual([[1, 1, 1, 0]]);
    }
    checkOp((x) => ag.topk(x, 2, -1).values, [{ shape: [3, 4] }], 3);
    checkOp((x) => ag.topk(x, 1, 0, { largest: false }).values, [{ shape: [3, 2] }], 4);
    expect(() => ag.topk(ag.tensor([1, 2]), 3)).toThrow(/topk: k \(3\) must be an integer in \[0, 2\]/);
  });
});

describe("comparisons and maskedFill", () => {
  it("give 0/1 masks with broadcasting that feed maskedFill", () => {
    for (const backend of backends) {
      const a = ag.tensor([[1, 2, 3], [3, 2, 1]], { backend, requiresGrad: true });
      const b = ag.tensor([2, 2, 1], { backend });
      expect(a.eq(b).toArray()).toEqual([[0, 1, 0], [0, 1, 1]]);
      expect(a.ne(2).toArray()).toEqual([[1, 0, 1], [1, 0, 1]]);
      expect(a.lt(b).toArray()).toEqual([[1, 0, 0], [0, 0, 0]]);
      expect(a.le(b).toArray()).toEqual([[1, 1, 0], [0, 1, 1]]);
      expect(ag.gt(a, 2).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
      expect(ag.ge(a, b).requiresGrad).toBe(false);
      expect(a.maskedFill(a.gt(2), -1).toArray()).toEqual([[1, 2, -1], [-1, 2, 1]]);
    }
    checkOp((x) => x.maskedFill(ag.tensor([[1], [0]], { backend: x.backendName }), 5), [{ shape: [2, 3] }], 5);
    expect(() => ag.tensor([1, 2]).maskedFill(ag.tensor([[1, 0], [0, 1]]), 0)).toThrow("maskedFill: the mask of shape [2, 2] must broadcast to x's shape [2]");
    expect(() => ag.eq(ag.tensor([1, 2]), ag.tensor([1, 2, 3]))).toThrow(/eq/);
  });
});

describe("clone", () => {
  it("copies the storage and keeps the history", () => {
    const x = ag.tensor([1, 2], { backend: "js", requiresGrad: true });
    const y = x.clone();
    expect(y.requiresGrad).toBe(true);
    y.mul(3).sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([3, 3]);
    checkOp((t) => t.clone().mul(t), [{ shape: [2, 2] }], 6);
  });
});

describe("Int32Array ids", () => {
  it("are accepted by indexSelect", () => {
    const x = ag.tensor([[1, 2], [3, 4], [5, 6]], { backend: "js" });
    expect(x.indexSelect(0, Int32Array.from([2, 0])).toArray()).toEqual([[5, 6], [1, 2]]);
    expect(x.gather(0, [Int32Array.from([2, 1])]).toArray()).toEqual([[5, 4]]);
  });
});
