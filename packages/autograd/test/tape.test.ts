// The tape: deep chains, accumulation, noGrad, detach, zeroGrad, DOT export and error messages.
import { describe, expect, it } from "vitest";
import * as ag from "../src/index";
import { liveTensorCount, scope, tensor, zeros } from "../src/index";

for (const backend of ["wasm", "js"] as const) {
  describe(`tape (${backend})`, () => {
    it("walks a 10,000-step chain without recursion", () => {
      const x = tensor([0.5], { backend, requiresGrad: true });
      scope(() => {
        let h = x;
        for (let i = 0; i < 10_000; i++) h = h.mul(0.9999).add(0.0001);
        h.sum().backward();
      });
      // float32 stores 0.9999 as 0.99989998…, which compounds over 10,000 steps.
      expect(Math.abs(x.grad!.item() / 0.9999 ** 10_000 - 1)).toBeLessThan(backend === "js" ? 1e-12 : 1e-3);
      x.grad!.dispose(); x.dispose();
    });

    it("accumulates gradients of a weight shared across steps and across backward calls", () => {
      const w = tensor([[0.5, -0.25], [0.1, 0.3]], { backend, requiresGrad: true });
      const h0 = tensor([[1, 2]], { backend });
      const loss = () => scope(() => {
        let h = h0;
        for (let t = 0; t < 3; t++) h = h.matmul(w);
        h.sum().backward();
      });
      loss();
      const once = Array.from(w.grad!.data());
      loss();
      expect(Array.from(w.grad!.data())).toEqual(once.map((v) => 2 * v));
      ag.zeroGrad([w]);
      expect(w.grad).toBeNull();
      ag.zeroGrad([w]);
      h0.dispose(); w.dispose();
    });

    it("zeroGrad can zero in place", () => {
      const w = tensor([1, 2], { backend, requiresGrad: true });
      scope(() => w.mul(w).sum().backward());
      const g = w.grad!;
      ag.zeroGrad([w], { setToNone: false });
      expect(w.grad).toBe(g);
      expect(Array.from(g.data())).toEqual([0, 0]);
      g.dispose(); w.dispose();
    });

    it("noGrad records nothing; detach cuts history", () => {
      const w = tensor([1, 2], { backend, requiresGrad: true });
      const y = ag.noGrad(() => w.mul(3));
      expect(y.requiresGrad).toBe(false);
      expect(y.isLeaf).toBe(true);
      const z = w.mul(3).detach();
      expect(z.requiresGrad).toBe(false);
      expect(Array.from(z.data())).toEqual([3, 6]);
      expect(() => z.backward()).toThrow(/does not require grad/);
      for (const t of [w, y, z]) t.dispose();
    });

    it("backward without a gradient needs a scalar; with one, the same shape", () => {
      const w = tensor([1, 2], { backend, requiresGrad: true });
      scope(() => {
        const y = w.mul(2);
        expect(() => y.backward()).toThrow("backward: gradient can be implicitly created only for a scalar output; got shape [2]");
        expect(() => y.backward(tensor([1, 1, 1], { backend }))).toThrow("backward: gradient shape [3] differs from the output shape [2]");
        y.backward(tensor([1, 10], { backend }));
      });
      expect(Array.from(w.grad!.data())).toEqual([2, 20]);
      w.grad!.dispose(); w.dispose();
    });

    it("a second backward over a freed graph is a clear error; retainGraph allows it", () => {
      const w = tensor([1, 2], { backend, requiresGrad: true });
      scope(() => {
        const y = w.tanh().sum();
        y.backward();
        expect(() => y.backward()).toThrow(/already freed by an earlier backward\(\)/);
        const z = w.exp().sum();
        z.backward(undefined, { retainGraph: true });
        z.backward();
      });
      w.grad!.dispose(); w.dispose();
    });

    it("requiresGrad is settable on leaves only", () => {
      const w = tensor([1], { backend });
      w.requiresGrad = true;
      const y = w.mul(2);
      expect(() => { y.requiresGrad = false; }).toThrow(/can only be set on a leaf tensor; this one was made by mulScalar/);
      y.dispose(); w.dispose();
    });

    it("exports the graph as DOT", () => {
      const w = tensor([[1, 2]], { backend, requiresGrad: true });
      scope(() => {
        const dot = ag.toDot(w.matmul(tensor([[1], [2]], { backend })).tanh().sum());
        expect(dot).toMatch(/^digraph tape \{/);
        expect(dot).toContain('label="matmul\\n[1, 1]"');
        expect(dot).toContain('label="parameter\\n[1, 2]"');
        expect(dot).toContain('label="sum\\n[]"');
        expect(dot.match(/->/g)!.length).toBe(4);
      });
      w.dispose();
    });
  });
}

describe("error messages", () => {
  it("name the op, what was expected and what was given", () => {
    scope(() => {
      const a = zeros([32, 8]), b = zeros([16, 4]);
      expect(() => a.matmul(b)).toThrow("matmul: [32, 8] x [16, 4]: inner sizes 8 and 16 differ");
      expect(() => a.add(zeros([3]))).toThrow(/add: shapes \[32, 8\] and \[3\] cannot be broadcast/);
      expect(() => a.add(zeros([8], { backend: "js" }))).toThrow("add: operands live on different backends (wasm and js)");
      expect(() => ag.cat([a, zeros([32, 8], { backend: "js" })], 0)).toThrow("cat: operands live on different backends (wasm and js)");
      expect(() => a.reshape([5, -1])).toThrow("reshape: [32, 8] to [5, -1]: 256 elements do not divide into rows of 5");
      expect(() => a.sum(2)).toThrow("sum: dim 2 is out of range for a 2-d tensor (expected -2 <= dim < 2)");
      expect(() => a.narrow(1, 4, 5)).toThrow("narrow: start 4 and length 5 do not fit dimension 1 of size 8 (shape [32, 8])");
      expect(() => a.indexSelect(0, [40])).toThrow("indexSelect: index 40 is out of range for dimension 0 of size 32 (shape [32, 8])");
      expect(() => a.item()).toThrow("item: expected a tensor with one element, got shape [32, 8] (256 elements)");
      expect(() => ag.tensor([[1, 2], [3]])).toThrow(/ragged nested array/);
      expect(() => ag.stack([zeros([2]), zeros([3])])).toThrow("stack: tensors[1] has shape [3], expected [2] like tensors[0]");
    });
  });

  it("using a released tensor throws instead of reading garbage", () => {
    const x = tensor([1, 2, 3]);
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => x.add(1)).toThrow(/add: use of a released tensor \(shape \[3\], a tensor without history\)/);
    expect(() => x.tanh()).toThrow(/tanh: use of a released tensor/);
    expect(() => x.toArray()).toThrow(/released tensor/);
    const kept = scope(() => { const inner = tensor([1]); return { inner, other: tensor([2]) }; });
    kept.inner.dispose(); kept.other.dispose();
  });

  it("backward through a tensor released too early names it", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const h = w.tanh();
    const y = h.mul(2).sum();
    h.dispose();
    expect(() => y.backward()).toThrow(/backward \(input of mulScalar\): use of a released tensor \(shape \[2\], made by tanh\)/);
    y.dispose(); w.dispose();
    expect(liveTensorCount()).toBeGreaterThanOrEqual(0);
  });
});
