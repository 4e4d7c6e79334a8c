// Attention (dot, general, additive) over padded encoder outputs: padding gets exactly zero
// weight, rows sum to 1, gradients pass gradcheck in float64, both backends, and the errors.
import { Generator, gradcheck, noGrad, randn, tensor, cat, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { Attention, moduleFromSpec, type AttentionScore } from "../src/index";

const scores: AttentionScore[] = ["dot", "general", "additive"];

describe.each(scores)("Attention (%s)", (score) => {
  it("gives a distribution over each row's real positions: padding exactly 0, rows sum to 1", () => {
    for (const backend of ["js", "wasm"] as const) {
      const g = new Generator(3);
      const att = new Attention(4, 4, { score, backend, generator: g });
      const lengths = [5, 2, 1];
      const values = randn([3, 5, 4], { backend, generator: g }).mul(3);
      const query = randn([3, 4], { backend, generator: g }).mul(3);
      const { weights, context } = noGrad(() => att.forward(query, att.prepare(values, { lengths })));
      expect(context.shape).toEqual([3, 4]);
      (weights.toArray() as number[][]).forEach((row, b) => {
        row.forEach((x, s) => (s < lengths[b] ? expect(x).toBeGreaterThan(0) : expect(x).toBe(0)));
        expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, backend === "js" ? 12 : 6);
      });
      // A [B, S] padding mask (nonzero = padding) gives the same weights as the lengths.
      const pm = tensor([[0, 0, 0, 0, 0], [0, 0, 1, 1, 1], [0, 1, 1, 1, 1]], { backend });
      const same = noGrad(() => att.forward(query, values, { paddingMask: pm }));
      expect(Array.from(same.weights.data())).toEqual(Array.from(weights.data()));
    }
  });

  it("passes gradcheck in float64 (query, encoder outputs) and central differences for every parameter", () => {
    const g = new Generator(11);
    const att = new Attention(3, 3, { score, backend: "js", generator: g, attentionDim: 2 });
    const q = randn([2, 3], { backend: "js", generator: g });
    const values = randn([2, 4, 3], { backend: "js", generator: g });
    const fn = (a: Tensor, b: Tensor): Tensor => {
      const { context, weights } = att.forward(a, b, { lengths: [4, 2] });
      return cat([context, weights], 1);
    };
    expect(gradcheck(fn, [q, values]).ok).toBe(true);
    const R = randn([2, 7], { backend: "js", generator: g });
    const loss = () => noGrad(() => fn(q, values).mul(R).sum().item());
    if (att.parameters().length === 0) return; // dot: nothing to learn
    att.zeroGrad(); // gradcheck's own backward passes reached the parameters too
    fn(q, values).mul(R).sum().backward();
    for (const p of att.parameters()) {
      const analytic = p.grad!.data();
      const view = () => p.backend.view(p.storeFor("test"));
      for (let i = 0; i < p.size; i++) {
        const orig = view()[i];
        view()[i] = orig + 1e-6;
        const up = loss();
        view()[i] = orig - 1e-6;
        const down = loss();
        view()[i] = orig;
        expect(Math.abs((up - down) / 2e-6 - analytic[i])).toBeLessThan(1e-6);
      }
    }
  });
});

describe("Attention", () => {
  it("names its parameters, rebuilds from its description and reports bad input", () => {
    expect(new Attention(3, 5).namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`)).toEqual(["proj.weight:3x5"]);
    const add = new Attention(3, 5, { score: "additive", attentionDim: 4 });
    expect(add.namedParameters().map(([n]) => n)).toEqual(["queryProj.weight", "keyProj.weight", "keyProj.bias", "v.weight"]);
    expect((moduleFromSpec(add.describe()) as Attention).attentionDim).toBe(4);
    expect(() => new Attention(3, 5, { score: "dot" })).toThrow('Attention: the dot score needs queryDim = memoryDim, got 3 and 5 (use score "general")');
    const att = new Attention(3, 5, { backend: "js" });
    const values = randn([2, 4, 5], { backend: "js" });
    expect(() => att.forward(randn([2, 4], { backend: "js" }), values)).toThrow("Attention: expected query [2, 3], got [2, 4]");
    expect(() => att.prepare(values, { lengths: [4, 0] })).toThrow("paddingBias: expected lengths in 1..4, got 0 at row 1");
  });
});
