// The default collate function: a list of samples → one batch, structure kept (PyTorch's
// default_collate): tensors stack along a new first dimension, numbers become a 1-d tensor,
// Int32Arrays (ids) become a list of rows, arrays and plain objects collate per position / key.
import { stack, tensor, Tensor } from "@tapegrad/autograd";

/** The batch type defaultCollate makes from samples of type T. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number
    ? Tensor
    : T extends Int32Array
      ? Int32Array[]
      : T extends readonly unknown[]
        ? { [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { [K in keyof T]: Collated<T[K]> }
          : T[];

/** Stacks samples into a batch, recursively; see the file comment for the rules. */
export function defaultCollate(samples: readonly unknown[]): unknown {
  if (samples.length === 0) throw new Error("defaultCollate: expected at least one sample");
  const first = samples[0];
  if (first instanceof Tensor) {
    samples.forEach((s, i) => {
      if (!(s instanceof Tensor)) throw new Error(`defaultCollate: sample 0 is a Tensor but sample ${i} is not`);
      if (s.shape.length !== first.shape.length || s.shape.some((d, k) => d !== first.shape[k])) {
        throw new Error(`defaultCollate: stack expects each tensor to be equal size, but got [${first.shape.join(", ")}] at entry 0 and [${s.shape.join(", ")}] at entry ${i} (pad variable-length samples with padSequence in a collate function)`);
      }
    });
    return stack(samples as Tensor[], 0);
  }
  if (typeof first === "number") {
    if (!samples.every((s) => typeof s === "number")) throw new Error("defaultCollate: sample 0 is a number but not every sample is");
    return tensor(samples as number[]);
  }
  if (first instanceof Int32Array) return samples.map((s) => Int32Array.from(s as Int32Array));
  if (Array.isArray(first)) {
    samples.forEach((s, i) => {
      if (!Array.isArray(s) || s.length !== first.length) throw new Error(`defaultCollate: each element in list of batch should be of equal size (sample 0 has ${first.length}, sample ${i} has ${Array.isArray(s) ? s.length : "none"})`);
    });
    return first.map((_, k) => defaultCollate(samples.map((s) => (s as unknown[])[k])));
  }
  if (first !== null && typeof first === "object") {
    return Object.fromEntries(Object.keys(first).map((k) => [k, defaultCollate(samples.map((s) => (s as Record<string, unknown>)[k]))]));
  }
  return samples.slice();
}
