// Every op: forward on float32 against the float64 twin, gradcheck in float64, and float32
// gradients against float64 ones, on random inputs and random (broadcastable) shapes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ag from "../src/index";
import type { Tensor } from "../src/index";
import { broadcastPairArb, checkOp, RUNS, seedArb, shapeArb, type Domain } from "./helpers";

const prop = <T>(arb: fc.Arbitrary<T>, body: (v: T) => void): void => {
  fc.assert(fc.property(arb, body), { numRuns: RUNS });
};

describe("broadcasting binary ops", () => {
  const cases: [string, (a: Tensor, b: Tensor) => Tensor, Domain][] = [
    ["add", ag.add, "any"],
    ["sub", ag.sub, "any"],
    ["mul", ag.mul, "any"],
    ["div", ag.div, "positive"],
  ];
  for (const [name, fn, domain] of cases) {
    it(`${name}`, () => prop(fc.tuple(broadcastPairArb, seedArb), ([[sa, sb], seed]) =>
      checkOp(fn, [{ shape: sa }, { shape: sb, domain }], seed)));
  }
  it("same tensor on both sides (x·x, x+x, x−x, x/x)", () => prop(fc.tuple(shapeArb(), seedArb), ([s, seed]) => {
    checkOp((x) => x.mul(x).add(x.add(x)).add(x.sub(x)), [{ shape: s }], seed);
    checkOp((x) => x.div(x).mul(x), [{ shape: s, domain: "positive" }], seed);
  }));
  it("number operands", () => prop(fc.tuple(shapeArb(), seedArb, fc.double({ min: 0.5, max: 3, noNaN: true })), ([s, seed, c]) => {
    checkOp((x) => ag.add(ag.mul(x, c), c).sub(c).div(c).neg(), [{ shape: s }], seed);
    checkOp((x) => ag.sub(c, ag.div(c, x)), [{ shape: s, domain: "positive" }], seed);
  }));
});

describe("unary ops", () => {
  const cases: [string, (x: Tensor) => Tensor, Domain][] = [
    ["neg", ag.neg, "any"],
    ["exp", ag.exp, "any"],
    ["log", ag.log, "positive"],
    ["sqrt", ag.sqrt, "positive"],
    ["tanh", ag.tanh, "any"],
    ["sigmoid", ag.sigmoid, "any"],
    ["relu", ag.relu, "any"],
    ["abs", ag.abs, "any"],
    ["square", ag.square, "any"],
    ["pow 3", (x) => ag.pow(x, 3), "any"],
    ["pow -0.5", (x) => ag.pow(x, -0.5), "positive"],
    ["clamp", (x) => ag.clamp(x, -0.7, 0.9), "any"],
    ["clamp min only", (x) => x.clamp(0.3), "any"],
  ];
  for (const [name, fn, domain] of cases) {
    it(name, () => prop(fc.tuple(shapeArb(), seedArb), ([s, seed]) => checkOp(fn, [{ shape: s, domain }], seed)));
  }
});

it("abs: gradient 0 at 0 and at NaN, sign(x) elsewhere (PyTorch 1.13)", () => {
  // x = torch.tensor([nan, 0., -2., 3.], requires_grad=True); x.abs().sum().backward() → x.grad [0, 0, -1, 1]
  for (const backend of ["js", "wasm"] as const) {
    const x = ag.tensor([Number.NaN, 0, -2, 3], { backend, requiresGrad: true });
    const y = x.abs();
    expect(Array.from(y.data())).toEqual([Number.NaN, 0, 2, 3]);
    y.sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([0, 0, -1, 1]);
  }
});

describe("matmul", () => {
  it("2-D", () => prop(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), seedArb),
    ([m, k, n, seed]) => checkOp(ag.matmul, [{ shape: [m, k] }, { shape: [k, n] }], seed)));
  it("batched 3-D", () => prop(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), seedArb),
    ([b, m, k, n, seed]) => checkOp(ag.matmul, [{ shape: [b, m, k] }, { shape: [b, k, n] }], seed)));
  it("3-D by shared 2-D", () => prop(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), seedArb),
    ([b, m, k, n, seed]) => checkOp(ag.matmul, [{ shape: [b, m, k] }, { shape: [k, n] }], seed)));
});

describe("shape ops", () => {
  it("reshape", () => prop(fc.tuple(shapeArb(1, 3), seedArb), ([s, seed]) =>
    checkOp((x) => x.reshape([-1]).reshape([...s].reverse()), [{ shape: s }], seed)));
  it("permute and transpose", () => prop(fc.tuple(shapeArb(1, 4), seedArb, fc.integer()), ([s, seed, r]) => {
    const dims = s.map((_, i) => i);
    for (let i = dims.length - 1; i > 0; i--) { const j = Math.abs(r + i * 31) % (i + 1); [dims[i], dims[j]] = [dims[j], dims[i]]; }
    checkOp((x) => x.permute(dims), [{ shape: s }], seed);
    if (s.length >= 2) checkOp((x) => x.transpose(), [{ shape: s }], seed);
  }));
  it("narrow and slice", () => prop(fc.tuple(shapeArb(1, 3), seedArb, fc.nat(), fc.nat(), fc.nat()), ([s, seed, d0, a, b]) => {
    const d = d0 % s.length;
    const start = a % s[d], length = 1 + (b % (s[d] - start));
    checkOp((x) => x.narrow(d, start, length), [{ shape: s }], seed);
    checkOp((x) => x.slice(d - s.length, -length), [{ shape: s }], seed);
  }));
  it("cat and concat", () => prop(fc.tuple(shapeArb(1, 3), seedArb, fc.nat(), fc.integer({ min: 1, max: 3 })), ([s, seed, d0, extra]) => {
    const d = d0 % s.length;
    const s2 = s.slice(); s2[d] = extra;
    checkOp((a, b) => ag.cat([a, b, a], d), [{ shape: s }, { shape: s2 }], seed);
  }));
  it("stack", () => prop(fc.tuple(shapeArb(0, 3), seedArb, fc.nat()), ([s, seed, d0]) => {
    const d = d0 % (s.length + 1);
    checkOp((a, b) => ag.stack([a, b], d), [{ shape: s }, { shape: s }], seed);
  }));
  it("split and chunk", () => prop(fc.tuple(shapeArb(1, 3), seedArb, fc.nat(), fc.integer({ min: 1, max: 3 })), ([s, seed, d0, n]) => {
    const d = d0 % s.length;
    checkOp((x) => { const parts = x.chunk(n, d); return ag.cat(parts.map((p, i) => p.mul(i + 1)), d); }, [{ shape: s }], seed);
    checkOp((x) => { const parts = x.split(1, d); return parts[parts.length - 1].tanh(); }, [{ shape: s }], seed);
  }));
  it("indexSelect (repeated indices accumulate)", () => prop(fc.tuple(shapeArb(1, 3), seedArb, fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 5 })), ([s, seed, d0, raw]) => {
    const d = d0 % s.length;
    const ids = raw.map((i) => i % s[d]);
    checkOp((x) => x.indexSelect(d, ids), [{ shape: s }], seed);
    checkOp((x) => ag.indexSelect(x, d, ag.tensor(ids, { backend: x.backend.name })), [{ shape: s }], seed);
  }));
});

describe("reductions and softmax", () => {
  const axesArb = fc.tuple(shapeArb(1, 4), seedArb, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean());
  it("sum over axes, keepDim", () => prop(axesArb, ([s, seed, pick, keep]) => {
    const dims = s.map((_, i) => i).filter((i) => pick[i]);
    checkOp((x) => x.sum(dims, keep), [{ shape: s }], seed);
    checkOp((x) => x.sum(), [{ shape: s }], seed);
  }));
  it("mean over axes, keepDim", () => prop(axesArb, ([s, seed, pick, keep]) => {
    const dims = s.map((_, i) => i).filter((i) => pick[i]);
    checkOp((x) => x.mean(dims, keep), [{ shape: s }], seed);
  }));
  it("max along an axis", () => prop(fc.tuple(shapeArb(1, 3), seedArb, fc.nat(), fc.boolean()), ([s, seed, d0, keep]) => {
    checkOp((x) => x.max(d0 % s.length, keep), [{ shape: s }], seed);
    checkOp((x) => x.max(), [{ shape: s }], seed);
  }));
  it("softmax and logSoftmax along any axis", () => prop(fc.tuple(shapeArb(1, 3), seedArb, fc.nat()), ([s, seed, d0]) => {
    const d = d0 % s.length;
    checkOp((x) => x.softmax(d), [{ shape: s }], seed);
    checkOp((x) => x.logSoftmax(d - s.length), [{ shape: s }], seed);
  }));
});

describe("composites", () => {
  it("where broadcasts", () => prop(fc.tuple(broadcastPairArb, seedArb), ([[sa, sb], seed]) => {
    checkOp((a, b) => {
      const mask = ag.tensor(Array.from(a.data(), (v) => (v > 0 ? 1 : 0)), { shape: a.shape, backend: a.backend.name });
      return ag.where(mask, a, b);
    }, [{ shape: sa }, { shape: sb }], seed);
  }));
  it("where selects: NaN and ∞ on the side not taken reach neither the result nor the gradients", () => {
    for (const backend of ["js", "wasm"] as const) {
      const mask = ag.tensor([1, 0, 1, 0], { backend });
      const a = ag.tensor([1, Number.NaN, 3, Infinity], { backend, requiresGrad: true });
      const b = ag.tensor([Number.NaN, 20, -Infinity, 40], { backend, requiresGrad: true });
      const out = ag.where(mask, a, b);
      expect(Array.from(out.data())).toEqual([1, 20, 3, 40]);
      out.mul(ag.tensor([1, 2, 3, 4], { backend })).sum().backward();
      expect(Array.from(a.grad!.data())).toEqual([1, 0, 3, 0]);
      expect(Array.from(b.grad!.data())).toEqual([0, 2, 0, 4]);
    }
  });
  it("dropout with a seeded generator", () => prop(fc.tuple(shapeArb(), seedArb), ([s, seed]) => {
    checkOp((x) => ag.dropout(x, 0.4, { generator: new ag.Generator(seed) }), [{ shape: s }], seed);
  }));
});
