// LayerNorm and Embedding's paddingIdx beyond the PyTorch fixtures: init, errors, gradcheck,
// rebuilding from a model description.
import { gradcheck, tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { Embedding, LayerNorm, moduleFromSpec } from "../src/index";

const backend = "js" as const;

describe("LayerNorm", () => {
  it("starts at weight ones and bias zeros, normalises, and has exact gradients", () => {
    const m = new LayerNorm([2, 3], { backend });
    expect(Array.from(m.weight!.data())).toEqual([1, 1, 1, 1, 1, 1]);
    const y = m.forward(tensor([[1, 2, 3, 4, 5, 6]], { backend }).reshape([1, 2, 3]));
    const v = Array.from(y.data());
    expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(v.reduce((a, b) => a + b * b, 0) / 6).toBeCloseTo(1 / (1 + 1e-5 / (35 / 12)), 10);
    expect(gradcheck((x) => new LayerNorm(3, { backend }).forward(x), [tensor([[1, 3, -2], [0.5, 0.2, 4]])]).ok).toBe(true);
  });

  it("reports a wrong input shape with PyTorch's words and rebuilds from its description", () => {
    const m = new LayerNorm(4, { backend, eps: 1e-3 });
    expect(() => m.forward(tensor([[1, 2, 3]], { backend }))).toThrow("LayerNorm: Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[1, 3]");
    const again = moduleFromSpec(m.describe(), { backend }) as LayerNorm;
    expect([again.normalizedShape, again.eps]).toEqual([[4], 1e-3]);
    expect(() => new LayerNorm(4, { epsilon: 1 } as never)).toThrow(/LayerNorm/);
  });
});

describe("Embedding paddingIdx", () => {
  it("zeroes that row at init, returns its value, gives it no gradient", () => {
    const m = new Embedding(4, 2, { paddingIdx: -1, backend });
    expect(m.paddingIdx).toBe(3);
    expect(Array.from(m.weight.select(0, 3).data())).toEqual([0, 0]);
    m.weight.copy_(tensor([[1, 2], [3, 4], [5, 6], [7, 8]], { backend }));
    const y = m.forward(Int32Array.from([3, 1, 3]));
    expect(y.toArray()).toEqual([[7, 8], [3, 4], [7, 8]]);
    y.sum().backward();
    expect(m.weight.grad!.toArray()).toEqual([[0, 0], [1, 1], [0, 0], [0, 0]]);
    expect((moduleFromSpec(m.describe(), { backend }) as Embedding).paddingIdx).toBe(3);
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow("Embedding: Padding_idx must be within num_embeddings (got paddingIdx 4, numEmbeddings 4)");
  });
});
