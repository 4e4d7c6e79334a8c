// autograd's own option objects go through the one option checker (checkOptions, shared with nn):
// an unknown key is an error naming the function, with a did-you-mean suggestion; a value of the
// wrong kind is named. Before, `tensor(x, { requires_grad: true })` made a tensor without
// gradient and `zeros([2], { backedn: "js" })` used the default backend, both without a word.
import { describe, expect, it } from "vitest";
import {
  arange, dropout, full, fullLike, Generator, gradcheck, ones, rand, randn, tensor, topk, trackLeaks, uniform, zeroGrad, zeros,
} from "../src/index";

describe("creation functions check their option keys", () => {
  const js = { backend: "js" as const };
  it.each([
    ["tensor", () => tensor([1, 2], { requires_grad: true } as never), 'tensor: unknown option "requires_grad" (did you mean "requiresGrad"?)'],
    ["tensor (shape typo)", () => tensor([1, 2], { shpe: [2] } as never), 'tensor: unknown option "shpe" (did you mean "shape"?)'],
    ["zeros", () => zeros([2], { backedn: "js" } as never), 'zeros: unknown option "backedn" (did you mean "backend"?)'],
    ["ones", () => ones([2], { device: "js" } as never), 'ones: unknown option "device" (did you mean "backend"?)'],
    ["full", () => full([2], 3, { dtype: "float32" } as never), 'full: unknown option "dtype"; the options are "backend", "requiresGrad"'],
    ["randn", () => randn([2], { seed: 1 } as never), 'randn: unknown option "seed" (did you mean "generator"?)'],
    ["rand", () => rand([2], { requiresgrad: true } as never), 'rand: unknown option "requiresgrad" (did you mean "requiresGrad"?)'],
    ["uniform", () => uniform([2], 0, 1, { generater: new Generator(1) } as never), 'uniform: unknown option "generater" (did you mean "generator"?)'],
    ["arange", () => arange(3, { backnd: "js" } as never), 'arange: unknown option "backnd" (did you mean "backend"?)'],
    ["fullLike", () => fullLike(zeros([2], js), 1, { backend: "js" } as never), 'fullLike: unknown option "backend"; the options are "requiresGrad"'],
  ])("%s", (_name, call, message) => {
    expect(call).toThrow(message);
  });

  it("values of the wrong kind are named", () => {
    expect(() => zeros([2], { backend: "cpu" } as never)).toThrow('zeros: option "backend" must be "wasm" or "js", got string "cpu"');
    expect(() => tensor([1], { requiresGrad: "yes" } as never)).toThrow('tensor: option "requiresGrad" must be true or false, got string "yes"');
    expect(() => randn([2], { generator: 7 } as never)).toThrow('randn: option "generator" must be a Generator (e.g. new Generator(0)), got number 7');
    expect(() => ones([2], 5 as never)).toThrow("ones: options must be an object such as");
    expect(() => uniform([2], { low: 0 } as never, 1)).toThrow("uniform: low and high must be numbers, got Object and number 1");
  });

  it("valid options still work", () => {
    const t = tensor([1, 2, 3, 4], { shape: [2, 2], backend: "js", requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(randn([3], { generator: new Generator(1), backend: "js" }).data()).toEqual(randn([3], { generator: new Generator(1), backend: "js" }).data());
    expect(Array.from(arange(3, js).data())).toEqual([0, 1, 2]);
  });
});

describe("autograd's other option objects use the same checker", () => {
  const x = tensor([[1, 3, 2]], { backend: "js", requiresGrad: true });
  it.each([
    ["backward", () => x.sum().backward(undefined, { retain_graph: true } as never), 'backward: unknown option "retain_graph" (did you mean "retainGraph"?)'],
    ["zeroGrad", () => zeroGrad([x], { set_to_none: false } as never), 'zeroGrad: unknown option "set_to_none" (did you mean "setToNone"?)'],
    ["topk", () => topk(x, 2, -1, { largets: false } as never), 'topk: unknown option "largets" (did you mean "largest"?)'],
    ["dropout", () => dropout(x, 0.5, { train: false } as never), 'dropout: unknown option "train" (did you mean "training"?)'],
    ["gradcheck", () => gradcheck((a) => a.sum(), [x], { epsilon: 1e-6 } as never), 'gradcheck: unknown option "epsilon" (did you mean "eps"?)'],
    ["trackLeaks", () => trackLeaks({ step: 2 } as never), 'trackLeaks: unknown option "step" (did you mean "steps"?)'],
  ])("%s", (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
