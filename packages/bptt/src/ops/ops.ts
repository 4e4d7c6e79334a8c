// The array-level operations a recurrent cell is written in: storage handling plus the kernel
// contract of @tapegrad/kernels. Two implementations: float32 on the WebAssembly kernels (the fast
// path) and float64 on their TypeScript twins (the reference), so every forward/backward pair in
// this package is written once.
import type { KernelSet } from "@tapegrad/kernels";

export type BackendName = "wasm" | "js";

/**
 * Operations over flat arrays of type A (a buffer in WebAssembly memory, or a Float64Array):
 * every kernel of the contract (whose `out` is written, `d*` accumulated, as documented there),
 * and the storage below.
 */
export interface Ops<A> extends KernelSet<A, unknown> {
  readonly backend: BackendName;
  /** A zero-filled array of `length` elements. */
  alloc(length: number): A;
  /** Returns an array from alloc() to its allocator. */
  free(a: A): void;
  /** Elements [offset, offset + length) of `a`, sharing its storage. */
  view(a: A, offset: number, length: number): A;
  length(a: A): number;
  /** A float64 copy of the values (for tests and printing, never the hot path). */
  read(a: A): Float64Array;
  /** Copies `values` into `a` (lengths must match). */
  write(a: A, values: ArrayLike<number>): void;
}
