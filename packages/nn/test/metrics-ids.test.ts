// accuracy / binaryAccuracy by hand, and Int32Array ids wherever ids are accepted.
import { tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { accuracy, binaryAccuracy, crossEntropy, Embedding } from "../src/index";

const backend = "js" as const;

describe("accuracy", () => {
  it("counts argmax hits over the last dimension, skipping ignored targets", () => {
    const logits = tensor([[[1, 5, 0], [2, 0, 1]], [[0, 0, 3], [9, 1, 1]]], { backend });
    expect(accuracy(logits, [[1, 2], [2, 0]])).toBe(0.75);
    expect(accuracy(logits, [Int32Array.from([1, -100]), Int32Array.from([2, 1])])).toBeCloseTo(2 / 3, 15);
    expect(accuracy(logits.reshape([4, 3]), Int32Array.from([1, 0, 2, 0]))).toBe(1);
    expect(() => accuracy(logits, [1, 2])).toThrow("accuracy: targets of shape [2] do not match logits [2, 2, 3] (expected targets [2, 2], classes in the last dimension)");
    expect(binaryAccuracy(tensor([2, -1, 0.5, -3], { backend }), [1, 1, 1, 0])).toBe(0.75);
  });
});

describe("Int32Array ids", () => {
  it("work as Embedding and cross-entropy inputs, flat or as rows", () => {
    const emb = new Embedding(5, 2, { backend });
    const a = emb.forward([Int32Array.from([4, 0, 1]), Int32Array.from([2, 2, 3])]);
    const b = emb.forward([[4, 0, 1], [2, 2, 3]]);
    expect(a.shape).toEqual([2, 3, 2]);
    expect(Array.from(a.data())).toEqual(Array.from(b.data()));
    const logits = tensor([[1, 2, 0.5], [0.1, -1, 3]], { backend });
    expect(crossEntropy(logits, Int32Array.from([1, 2])).item()).toBe(crossEntropy(logits, [1, 2]).item());
  });
});
