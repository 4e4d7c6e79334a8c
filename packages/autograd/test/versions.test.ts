// In-place writes after the graph saved a tensor: backward refuses (PyTorch's version counter)
// instead of returning wrong gradients.
import { describe, expect, it } from "vitest";
import { scope, tensor } from "../src/index";
import { Linear, mseLoss, SGD, Adam } from "@tapegrad/nn";

const backend = "js" as const;

describe("version counter", () => {
  it("y = x.tanh(); y.mul_(2); backward refuses, naming the op, the tensor and both versions", () => {
    const x = tensor([0.5, -1, 2], { requiresGrad: true, backend });
    const y = x.tanh();
    expect(y.version).toBe(0);
    y.mul_(2);
    expect(y.version).toBe(1);
    expect(() => y.sum().backward()).toThrow(
      "backward: one of the variables needed for gradient computation has been modified by an inplace operation: its output of tanh (shape [3], made by tanh) is at version 1; expected version 0 instead",
    );
    expect(x.grad).toBe(null); // nothing was accumulated
  });

  it("an input a rule reads, changed in place: mul's saved operand", () => {
    const w = tensor([1, 2], { requiresGrad: true, backend });
    const x = tensor([3, 4], { backend });
    const y = w.mul(x);
    x.add_(tensor([1, 1], { backend }));
    expect(() => y.sum().backward()).toThrow("input 1 of mul (shape [2], a tensor without history) is at version 1; expected version 0 instead");
  });

  it("an op that reads no input values (add, reshape, sum) allows writes to its inputs, as PyTorch", () => {
    const w = tensor([1, 2], { requiresGrad: true, backend });
    const b = tensor([3, 4], { requiresGrad: true, backend });
    const y = w.add(b).reshape([2, 1]).sum();
    b.zero_();
    y.backward();
    expect(Array.from(w.grad!.data())).toEqual([1, 1]);
  });

  it("optimizer.step() between forward and backward is refused (it changed the first layer's weight by up to 0.85 before)", () => {
    for (const make of [(p: never) => new SGD(p, 0.5), (p: never) => new Adam(p, 0.5)]) {
      const layer = new Linear(3, 2, { backend });
      const opt = make(layer.parameters() as never);
      const x = tensor([[1, 2, 3]], { backend });
      scope(() => {
        const loss = mseLoss(layer.forward(x), tensor([[0, 1]], { backend }));
        loss.backward(undefined, { retainGraph: true });
        opt.step();
        expect(() => loss.backward()).toThrow(/input 1 of linear \(shape \[2, 3\], a parameter\) is at version [12]; expected version 0 instead/);
      });
    }
  });

  it("in-place writes through a view count on its base", () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true, backend });
    const h = x.tanh();
    const row = h.select(0, 0);
    row.mul_(3);
    expect(h.version).toBe(1);
    expect(() => h.sum().backward()).toThrow("its output of tanh");
  });

  it("writes before the op ran, or after backward, are fine", () => {
    const x = tensor([1, 2], { requiresGrad: true, backend });
    const c = tensor([5, 6], { backend });
    c.mul_(2);
    const y = x.mul(c).sum();
    y.backward();
    c.mul_(2);
    expect(Array.from(x.grad!.data())).toEqual([10, 12]);
  });
});
