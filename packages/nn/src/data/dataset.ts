// Datasets: anything with a length and an item by index (PyTorch's map-style Dataset), and
// TensorDataset, which indexes several tensors along their first dimension together.
import { indexSelect, select, type Tensor } from "@tapegrad/autograd";

/** A map-style dataset: `length` items, item i from get(i). */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
}

/** Rows of tensors that share their first dimension (PyTorch TensorDataset); item i is [t0[i], t1[i], …]. */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  readonly length: number;

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new Error("TensorDataset: expected at least one tensor");
    tensors.forEach((t, i) => {
      if (t.shape.length === 0) throw new Error(`TensorDataset: tensor ${i} is 0-d; every tensor needs a first dimension to index`);
    });
    const n = tensors[0].shape[0];
    tensors.forEach((t, i) => {
      if (t.shape[0] !== n) throw new Error(`TensorDataset: Size mismatch between tensors: tensor 0 has ${n} rows, tensor ${i} has ${t.shape[0]} (shape [${t.shape.join(", ")}])`);
    });
    this.tensors = tensors;
    this.length = n;
  }

  /** Row `index` of every tensor (negative counts from the end). */
  get(index: number): Tensor[] {
    const i = index < 0 ? index + this.length : index;
    if (!(Number.isInteger(i) && i >= 0 && i < this.length)) throw new Error(`TensorDataset: index ${index} is out of range for ${this.length} rows`);
    return this.tensors.map((t) => select(t, 0, i));
  }

  /** Rows `indices` of every tensor, one gather each (what DataLoader uses instead of stacking rows). */
  getBatch(indices: Int32Array): Tensor[] {
    for (const i of indices) if (!(i >= 0 && i < this.length)) throw new Error(`TensorDataset: index ${i} is out of range for ${this.length} rows`);
    return this.tensors.map((t) => indexSelect(t, 0, indices));
  }
}
