// Integer index operands (gather, topk's results, indexSelect): a Tensor holding integers, an
// Int32Array (1-d), or (nested) number arrays — read once into an Int32Array plus its shape.
import { Tensor } from "../tensor";

export type IndexInput = Tensor | Int32Array | readonly number[] | readonly (readonly number[])[] | readonly unknown[];

/** The integers of `input` and its shape; non-integers and ragged arrays are errors naming `op`. */
export function readIndices(op: string, input: IndexInput): { ids: Int32Array; shape: number[] } {
  if (input instanceof Tensor) {
    const v = input.backend.view(input.storeFor(op));
    const ids = Int32Array.from(v);
    for (let i = 0; i < v.length; i++) if (v[i] !== ids[i]) throw new Error(`${op}: indices must be integers, got ${v[i]} at position ${i}`);
    return { ids, shape: [...input.shape] };
  }
  if (input instanceof Int32Array) return { ids: input.slice(), shape: [input.length] };
  if (!Array.isArray(input)) throw new Error(`${op}: indices must be a Tensor, an Int32Array or an array of integers, got ${input === null ? "null" : typeof input}`);
  const values: number[] = [];
  const shape: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === "number") {
      if (depth !== shape.length) throw new Error(`${op}: ragged nested array of indices`);
      if (!Number.isInteger(v)) throw new Error(`${op}: indices must be integers, got ${v}`);
      values.push(v);
      return;
    }
    if (!Array.isArray(v) && !(v instanceof Int32Array)) throw new Error(`${op}: indices must be integers or nested arrays of integers, got ${typeof v}`);
    const arr = v as ArrayLike<unknown>;
    if (shape.length === depth) shape.push(arr.length);
    else if (shape[depth] !== arr.length) throw new Error(`${op}: ragged nested array of indices`);
    for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1);
  };
  walk(input, 0);
  return { ids: Int32Array.from(values), shape };
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
