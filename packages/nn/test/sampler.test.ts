// Samplers and the DataLoader options built on them. The index batches of SequentialSampler,
// BatchSampler, batchSize: null, drop-last and custom samplers are checked against PyTorch by the
// data_loader fixture (pnpm parity); here: RandomSampler's properties (its order cannot match
// torch's RNG), shuffle's order unchanged, option checks, and what the loader releases.
import { Generator, liveTensorCount, manualSeed, tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { BatchSampler, DataLoader, RandomSampler, SequentialSampler, SubsetRandomSampler, TensorDataset, WeightedRandomSampler, type Dataset } from "../src/index";

const backend = "js" as const;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The order DataLoader's shuffle has always drawn: Fisher–Yates from the end, one draw per position. */
function handShuffle(n: number, g: { random(): number }): number[] {
  const a = range(n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe("RandomSampler", () => {
  const data = { length: 7 };

  it("yields a new permutation each epoch, the same sequence for the same seed", () => {
    const s = new RandomSampler(data, { generator: new Generator(3) });
    const epochs = [0, 1, 2].map(() => [...s]);
    for (const e of epochs) expect([...e].sort()).toEqual(range(7));
    expect(epochs[1]).not.toEqual(epochs[0]);
    const again = new RandomSampler(data, { generator: new Generator(3) });
    expect([0, 1, 2].map(() => [...again])).toEqual(epochs);
    expect(s.length).toBe(7);
  });

  it("draws exactly the order DataLoader's shuffle drew before samplers existed, epoch after epoch", () => {
    const g = new Generator(11);
    const want = [0, 1, 2].map(() => handShuffle(7, g));
    const loader = new DataLoader(range(7), { batchSize: 3, shuffle: true, generator: new Generator(11), collate: (s) => s });
    expect([0, 1, 2].map(() => [...loader].flat())).toEqual(want);
    expect(loader.sampler).toBeInstanceOf(RandomSampler);
    expect(loader.batchSampler).toBeInstanceOf(BatchSampler);
  });

  it("without a generator draws from autograd's default generator, reseeded by manualSeed", () => {
    manualSeed(5);
    const a = [...new RandomSampler(data)];
    manualSeed(5);
    const loader = new DataLoader(range(7), { batchSize: 7, shuffle: true, collate: (s) => s });
    expect([...loader][0]).toEqual(a);
    manualSeed(5);
    expect(a).toEqual(handShuffle(7, new Generator(5)));
  });

  it("numSamples beyond the length gives whole permutations then part of one; replacement draws independently", () => {
    const g = new Generator(2);
    const s = [...new RandomSampler(data, { numSamples: 17, generator: new Generator(2) })];
    expect(s).toEqual([...handShuffle(7, g), ...handShuffle(7, g), ...handShuffle(7, g).slice(0, 3)]);
    const r = new RandomSampler({ length: 3 }, { replacement: true, numSamples: 300, generator: new Generator(4) });
    const draws = [...r];
    expect(draws.length).toBe(300);
    expect(r.length).toBe(300);
    expect(new Set(draws)).toEqual(new Set([0, 1, 2]));
    for (const v of [0, 1, 2]) expect(draws.filter((d) => d === v).length).toBeGreaterThan(70);
  });

  it("checks its options (unknown keys suggested)", () => {
    expect(() => new RandomSampler(data, { seed: 1 } as never)).toThrow('RandomSampler: unknown option "seed" (did you mean "generator"?)');
    expect(() => new RandomSampler(data, { generator: 3 } as never)).toThrow('RandomSampler: option "generator" must be a Generator or an object with a random() method, got number 3');
    expect(() => new RandomSampler({ length: 0 })).toThrow("RandomSampler: numSamples should be a positive integer value, but got numSamples=0");
  });
});

describe("SubsetRandomSampler and WeightedRandomSampler", () => {
  it("SubsetRandomSampler permutes the given indices, seeded", () => {
    const indices = [7, 3, 11, 0, 5];
    const s = new SubsetRandomSampler(indices, { generator: new Generator(6) });
    const g = new Generator(6);
    expect([...s]).toEqual(handShuffle(5, g).map((k) => indices[k]));
    expect([...s]).toEqual(handShuffle(5, g).map((k) => indices[k]));
    expect(s.length).toBe(5);
  });

  it("with replacement draws index i with probability w[i] / Σw: exactly the inverse-CDF draws of a hand scan, and the frequencies", () => {
    const weights = [1, 0, 3, 4, 2];
    const draws = [...new WeightedRandomSampler(weights, 20000, { generator: new Generator(8) })];
    const g = new Generator(8);
    const hand = Array.from({ length: 20000 }, () => {
      let u = g.random() * 10; // Σw = 10
      for (let i = 0; i < weights.length; i++) {
        if (weights[i] > 0 && u < weights[i]) return i;
        u -= weights[i];
      }
      return -1;
    });
    expect(draws).toEqual(hand);
    expect(draws.includes(1)).toBe(false);
    // Each frequency within 4 standard deviations of n·p.
    weights.forEach((w, i) => {
      const p = w / 10, n = 20000;
      expect(Math.abs(draws.filter((d) => d === i).length - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(n * p * (1 - p)) + 1e-9);
    });
  });

  it("without replacement never repeats, and the first draw still follows the weights", () => {
    const weights = [5, 1, 0, 2, 2];
    const s = new WeightedRandomSampler(weights, 4, { replacement: false, generator: new Generator(9) });
    const firsts = new Array(5).fill(0);
    for (let k = 0; k < 5000; k++) {
      const drawn = [...s];
      expect(new Set(drawn).size).toBe(4);
      expect(drawn.includes(2)).toBe(false);
      firsts[drawn[0]]++;
    }
    expect(firsts[0] / 5000).toBeCloseTo(0.5, 1);
    expect(firsts[1] / 5000).toBeCloseTo(0.1, 1);
    expect(() => new WeightedRandomSampler(weights, 5, { replacement: false })).toThrow("WeightedRandomSampler: cannot draw 5 samples without replacement from 4 nonzero weights (of 5)");
    expect(() => new WeightedRandomSampler([1, Number.NaN], 1)).toThrow("WeightedRandomSampler: weights should be a 1d sequence of finite numbers, but weight 1 is NaN");
  });

  it("balances classes through a DataLoader", () => {
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const weights = labels.map((l) => (l === 1 ? 4 : 1)); // 8·1 vs 2·4: each class half the mass
    const loader = new DataLoader(labels, { sampler: new WeightedRandomSampler(weights, 4000, { generator: new Generator(1) }), batchSize: 100, collate: (b) => b });
    expect(loader.length).toBe(40);
    const ones = [...loader].flat().filter((l) => l === 1).length;
    expect(ones / 4000).toBeCloseTo(0.5, 1);
  });
});

describe("DataLoader samplers", () => {
  it("takes any re-iterable of indices as sampler and of index lists as batchSampler", () => {
    const loader = new DataLoader(range(10).map((i) => i * 10), { sampler: new SequentialSampler({ length: 4 }), batchSize: 3, collate: (s) => s });
    expect([...loader]).toEqual([[0, 10, 20], [30]]);
    expect(loader.length).toBe(2);
    const bs = new DataLoader(["a", "b", "c"], { batchSampler: new BatchSampler([2, 1, 0], 2, false), collate: (s) => s.join("") });
    expect([...bs]).toEqual(["cb", "a"]);
    expect(bs.batchSize).toBeNull();
  });

  it("refuses a one-shot iterator, which would leave every later epoch empty", () => {
    function* once() { yield [0]; }
    expect(() => new DataLoader(range(3), { batchSampler: once() })).toThrow(/batchSampler is a one-shot iterator \(a generator object\?\)/);
    expect(() => new DataLoader(range(3), { sampler: 3 as never })).toThrow("DataLoader: sampler should be an iterable of indices (an array, or an object with [Symbol.iterator]()), but got number 3");
  });

  it("says which sampler has no length when len(loader) is asked", () => {
    const noLength = { *[Symbol.iterator]() { yield [0, 1]; } };
    const loader = new DataLoader(range(3), { batchSampler: noLength });
    expect([...loader].length).toBe(1);
    expect(() => loader.length).toThrow("DataLoader: batchSampler: object of type 'Object' has no length");
    expect(new DataLoader(range(5), { batchSize: null, sampler: [4, 4] }).length).toBe(2);
  });

  it("checks its options: unknown keys with a suggestion, wrong kinds", () => {
    expect(() => new DataLoader(range(3), { batch_size: 2 } as never)).toThrow('DataLoader: unknown option "batch_size" (did you mean "batchSize"?)');
    expect(() => new DataLoader(range(3), { shuffle: "yes" } as never)).toThrow('DataLoader: option "shuffle" must be true or false, got string "yes"');
    expect(() => new DataLoader(range(3), { batchSize: "4" } as never)).toThrow('DataLoader: option "batchSize" must be a number or null, got string "4"');
  });
});

describe("DataLoader with batchSize: null", () => {
  it("yields each item as it is (a collate from JavaScript converts one item, as PyTorch's collate_fn would)", () => {
    const ds: Dataset<{ id: number }> = { length: 3, get: (i) => ({ id: i }) };
    expect([...new DataLoader(ds, { batchSize: null })]).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
    const fromJs = { batchSize: null, collate: (item: { id: number }) => item.id * 2 } as unknown as { batchSize: null };
    expect([...new DataLoader(ds, fromJs)]).toEqual([0, 2, 4]);
  });

  it("releases the rows it made, never the dataset's own tensors", () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]], { backend });
    const rows = new TensorDataset(x);
    const before = liveTensorCount();
    let last: Tensor[] = [];
    for (let epoch = 0; epoch < 5; epoch++) for (const item of new DataLoader(rows, { batchSize: null })) last = item;
    expect(last[0].isDisposed).toBe(true);
    expect(liveTensorCount()).toBe(before);
    // A dataset of ready-made batches (a common use of batchSize: null): they must survive the loop.
    const stored = [tensor([1, 2], { backend }), tensor([3, 4], { backend })];
    const batches: Dataset<Tensor> = { length: 2, get: (i) => stored[i] };
    for (let epoch = 0; epoch < 2; epoch++) for (const b of new DataLoader(batches, { batchSize: null })) b.sum().dispose();
    expect(stored.map((t) => t.isDisposed)).toEqual([false, false]);
    expect(stored[1].toArray()).toEqual([3, 4]);
    // The same holds with automatic batching when collate hands back a dataset tensor.
    for (const b of new DataLoader(batches, { batchSize: 1, collate: (s) => s[0] })) void b;
    expect(stored.map((t) => t.isDisposed)).toEqual([false, false]);
  });
});
