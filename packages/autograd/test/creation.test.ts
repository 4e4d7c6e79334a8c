// Creation, reading back, dtypes, backends and the seeded generator.
import { describe, expect, it } from "vitest";
import * as ag from "../src/index";
import { Generator, tensor } from "../src/index";

describe("creation", () => {
  it("from nested arrays, typed arrays with a shape, and numbers", () => {
    for (const backend of ["wasm", "js"] as const) {
      const a = tensor([[1, 2, 3], [4, 5, 6]], { backend });
      expect(a.shape).toEqual([2, 3]);
      expect(a.ndim).toBe(2);
      expect(a.size).toBe(6);
      expect(a.dtype).toBe(backend === "wasm" ? "float32" : "float64");
      expect(a.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
      const d = a.data();
      expect(d).toBeInstanceOf(backend === "wasm" ? Float32Array : Float64Array);
      d[0] = 99; // a copy
      expect(a.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
      const b = tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 1, 2], backend });
      expect(b.toArray()).toEqual([[[1, 2]], [[3, 4]]]);
      const s = tensor(2.5, { backend });
      expect(s.shape).toEqual([]);
      expect(s.item()).toBe(2.5);
      expect(s.toArray()).toBe(2.5);
      for (const t of [a, b, s]) t.dispose();
    }
  });

  it("zeros, ones, full, arange", () => {
    const z = ag.zeros([2, 2]), o = ag.ones([3], { backend: "js" }), f = ag.full([2], 7), r = ag.arange(4);
    expect(z.toArray()).toEqual([[0, 0], [0, 0]]);
    expect(o.toArray()).toEqual([1, 1, 1]);
    expect(f.toArray()).toEqual([7, 7]);
    expect(r.toArray()).toEqual([0, 1, 2, 3]);
    expect(ag.zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => ag.zeros([2, -1])).toThrow("zeros: shape must be an array of non-negative integers, got [2, -1]");
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow("tensor: shape [2, 2] holds 4 elements, but 3 values were given");
    for (const t of [z, o, f, r]) t.dispose();
  });

  it("the seeded generator gives the same numbers on every backend and run", () => {
    const a = Array.from(ag.randn([1000], { backend: "js", generator: new Generator(5) }).data());
    const b = ag.randn([1000], { backend: "wasm", generator: new Generator(5) }).data();
    const c = ag.randn([1000], { backend: "js", generator: new Generator(5) }).data();
    expect(Array.from(c)).toEqual(a);
    expect(Array.from(b)).toEqual(a.map(Math.fround));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(variance - 1)).toBeLessThan(0.15);
    // A fixed value pins the algorithm: changing it changes every seeded model in the project.
    const g0 = new Generator(0);
    expect([g0.nextUint32(), g0.nextUint32()]).toEqual([3809008728, 1133695204]);
    expect(new Generator(123).normal()).toBe(-0.7886440058015589);
    const u = ag.uniform([500], -2, 3, { generator: new Generator(1) }).data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
    const r = ag.rand([500], { generator: new Generator(1) }).data();
    expect(Math.min(...r)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r)).toBeLessThan(1);
  });

  it("default backend can be switched", () => {
    expect(ag.getDefaultBackend()).toBe("wasm");
    ag.setDefaultBackend("js");
    const t = ag.zeros([1]);
    expect(t.backend.name).toBe("js");
    ag.setDefaultBackend("wasm");
    expect(() => ag.setDefaultBackend("gpu" as never)).toThrow("getBackend: unknown backend 'gpu'; expected 'wasm' or 'js'");
  });

  it("in-place updates for optimizers", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    p.add_(tensor([10, 20]), -0.1).mul_(2);
    expect(Array.from(p.data())).toEqual([0, 0]);
    p.copy_(tensor([3, 4]));
    expect(Array.from(p.data())).toEqual([3, 4]);
    expect(() => p.copy_(tensor([1]))).toThrow("copy_: shapes must match: [2] and [1]");
    p.zero_();
    expect(Array.from(p.data())).toEqual([0, 0]);
  });

  it("a gradient assigned inside a scope survives it", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    ag.scope(() => { p.grad = tensor([5, 6]); });
    expect(Array.from(p.grad!.data())).toEqual([5, 6]);
  });
});
