// The float64 implementation of Ops: storage is Float64Array, the kernels are the plain
// TypeScript twins, the reference every fast path is held equal to.
import { twins, WithKernels } from "@tapegrad/kernels";
import type { Ops } from "./ops";

/** Float64 arrays, computed by the kernels' TypeScript twins. */
export class JsOps extends WithKernels<Float64Array, unknown> implements Ops<Float64Array> {
  readonly backend = "js" as const;

  constructor() {
    super(twins);
  }

  alloc(length: number): Float64Array {
    return new Float64Array(length);
  }

  free(_a: Float64Array): void {
    // Garbage collected.
  }

  view(a: Float64Array, offset: number, length: number): Float64Array {
    checkView(a.length, offset, length);
    return a.subarray(offset, offset + length);
  }

  length(a: Float64Array): number {
    return a.length;
  }

  read(a: Float64Array): Float64Array {
    return Float64Array.from(a);
  }

  write(a: Float64Array, values: ArrayLike<number>): void {
    checkWrite(a.length, values.length);
    a.set(values);
  }
}

export function checkView(total: number, offset: number, length: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > total) {
    throw new Error(`view: elements [${offset}, ${offset + length}) lie outside an array of ${total}`);
  }
}

export function checkWrite(have: number, given: number): void {
  if (have !== given) throw new Error(`write: the array has ${have} elements, given ${given} values`);
}
