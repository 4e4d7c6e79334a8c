// TensorDataset, DataLoader, defaultCollate and padSequence: hand-worked batches, seeded
// shuffling, flat memory over epochs, PyTorch-worded errors.
import { Generator, arange, gradcheck, liveTensorCount, scope, tensor, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { DataLoader, TensorDataset, defaultCollate, padSequence, type Dataset } from "../src/index";

const backend = "js" as const;
const rows = (t: Tensor) => t.toArray();

describe("TensorDataset and DataLoader", () => {
  const x = arange(10, { backend }).reshape([5, 2]);
  const y = tensor([0, 1, 2, 3, 4], { backend });
  const ds = new TensorDataset(x, y);

  it("batches rows in order, the last one short unless dropLast", () => {
    expect(ds.length).toBe(5);
    expect(ds.get(-1).map(rows)).toEqual([[8, 9], 4]);
    const loader = new DataLoader(ds, { batchSize: 2, keepBatches: true });
    expect(loader.length).toBe(3);
    expect([...loader].map((b) => b.map(rows))).toEqual([[[[0, 1], [2, 3]], [0, 1]], [[[4, 5], [6, 7]], [2, 3]], [[[8, 9]], [4]]]);
    const dropping = new DataLoader(ds, { batchSize: 2, dropLast: true, keepBatches: true });
    expect(dropping.length).toBe(2);
    expect([...dropping].length).toBe(2);
  });

  it("shuffles from a seeded generator: a new permutation each epoch, the same for the same seed", () => {
    const order = (loader: DataLoader) => [...loader].map((b) => Array.from(b[1].data())).flat();
    const a = new DataLoader(ds, { batchSize: 2, shuffle: true, generator: new Generator(7), keepBatches: true });
    const b = new DataLoader(ds, { batchSize: 2, shuffle: true, generator: new Generator(7), keepBatches: true });
    const e1 = order(a), e2 = order(a);
    expect([...e1].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(e2).not.toEqual(e1);
    expect(order(b)).toEqual(e1);
    // Fisher–Yates from the end with one draw per position, as a hand-run shuffle with the same source.
    const g = new Generator(7);
    const want = [0, 1, 2, 3, 4];
    for (let i = 4; i > 0; i--) { const j = Math.floor(g.random() * (i + 1)); [want[i], want[j]] = [want[j], want[i]]; }
    expect(e1).toEqual(want);
  });

  it("releases each batch when the loop moves on, so memory stays flat over epochs", () => {
    const loader = new DataLoader(ds, { batchSize: 2, shuffle: true, generator: new Generator(1) });
    const count = () => { for (const [bx] of loader) scope(() => { bx.sum(); }); return liveTensorCount(); };
    const first = count();
    for (let i = 0; i < 20; i++) count();
    expect(liveTensorCount()).toBe(first);
    let kept: Tensor[] = [];
    for (const batch of loader) kept = batch;
    expect(kept[0].isDisposed).toBe(true);
  });

  it("collates samples of a plain dataset with defaultCollate or a custom function", () => {
    const samples: Dataset<{ x: Tensor; label: number; ids: Int32Array }> = {
      length: 3,
      get: (i) => ({ x: tensor([i, -i], { backend }), label: i * 10, ids: Int32Array.from([i, i + 1]) }),
    };
    const live = liveTensorCount();
    const [batch] = [...new DataLoader(samples, { batchSize: 3, keepBatches: true })];
    expect(rows(batch.x)).toEqual([[0, -0], [1, -1], [2, -2]]);
    expect(rows(batch.label)).toEqual([0, 10, 20]);
    expect(batch.ids.map((r) => Array.from(r))).toEqual([[0, 1], [1, 2], [2, 3]]);
    // Only the batch's two tensors remain: the per-sample tensors were released.
    expect(liveTensorCount()).toBe(live + 2);
    const custom = new DataLoader(samples, { batchSize: 2, collate: (s) => s.map((v) => v.label) });
    expect([...custom]).toEqual([[0, 10], [20]]);
    expect(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(/stack expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at entry 1/);
  });

  it("reports bad arguments", () => {
    expect(() => new TensorDataset(x, tensor([1, 2], { backend }))).toThrow("TensorDataset: Size mismatch between tensors: tensor 0 has 5 rows, tensor 1 has 2 (shape [2])");
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow("DataLoader: batchSize should be a positive integer value, but got batchSize=0");
    expect(() => new DataLoader(ds, { batchSampler: [[0]], shuffle: true })).toThrow("DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast");
  });
});

describe("padSequence", () => {
  it("pads tensors time-major or batch-first and returns the lengths", () => {
    const a = tensor([[1, 1], [2, 2], [3, 3]], { backend });
    const b = tensor([[4, 4]], { backend });
    const { padded, lengths } = padSequence([a, b]);
    expect(lengths).toEqual([3, 1]);
    expect(padded.shape).toEqual([3, 2, 2]);
    expect(rows(padded)).toEqual([[[1, 1], [4, 4]], [[2, 2], [0, 0]], [[3, 3], [0, 0]]]);
    expect(rows(padSequence([a, b], { batchFirst: true, paddingValue: -1 }).padded)).toEqual([[[1, 1], [2, 2], [3, 3]], [[4, 4], [-1, -1], [-1, -1]]]);
  });

  it("is differentiable in every sequence", () => {
    const r = gradcheck((p, q) => padSequence([p, q], { batchFirst: true }).padded, [tensor([[1, 2], [3, 4]]), tensor([[5, 6]])]);
    expect(r.ok).toBe(true);
  });

  it("pads id sequences into Int32Array rows", () => {
    const { padded, lengths } = padSequence([[5, 6, 7], Int32Array.from([8])], { batchFirst: true, paddingValue: 0 });
    expect(padded.map((r) => Array.from(r))).toEqual([[5, 6, 7], [8, 0, 0]]);
    expect(lengths).toEqual([3, 1]);
    expect(padSequence([[5, 6], [7]]).padded.map((r) => Array.from(r))).toEqual([[5, 7], [6, 0]]);
  });

  it("rejects mixed feature sizes with PyTorch's words", () => {
    expect(() => padSequence([tensor([[1, 2, 3]]), tensor([[1, 2, 3, 4, 5]])])).toThrow(
      "padSequence: The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1",
    );
    expect(() => padSequence([])).toThrow("padSequence: received an empty list of sequences");
  });
});
