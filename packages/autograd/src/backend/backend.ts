// The one interface every op is written against: storage handling plus the kernel contract of
// @tapegrad/kernels. A backend owns storage and runs kernels on it; the front end never asks
// which backend it is talking to.
import type { F32Buffer, I32Buffer, KernelSet, MemoryStats } from "@tapegrad/kernels";

export type BackendName = "wasm" | "js";
export type DType = "float32" | "float64";

/**
 * A tensor's storage: a float32 buffer in WebAssembly memory (or a view of one), or a float64
 * array. A kernel takes stores; each backend is only ever handed its own kind.
 */
export type Store = F32Buffer | Float64Array;
/** What a kernel accepts (the same as a store; kept as the name the ops use for operands). */
export type Operand = Store;
/** Int32 storage (arg-max indices). */
export type IndexStore = I32Buffer | Int32Array;

export interface Backend extends KernelSet<Store, IndexStore> {
  readonly name: BackendName;
  readonly dtype: DType;
  /** The most elements one store can ever hold here; creation functions refuse larger shapes up front. */
  readonly maxElements: number;

  /** A store of `length` elements, zero-filled when `zero` (otherwise contents unspecified). */
  alloc(length: number, zero: boolean): Store;
  free(store: Store): void;
  fromValues(values: ArrayLike<number>): Store;
  /** A live view for element loops; re-read it after anything that allocates. */
  view(store: Store): Float32Array | Float64Array;
  /** Elements [offset, offset + length) of a store, as a kernel operand (not freed by the caller). */
  range(store: Store, offset: number, length: number): Store;
  /**
   * A store over elements [offset, offset + length) of `store`, sharing its memory (a view). The
   * memory stays valid until the base and every share of it are freed, in any order.
   */
  share(store: Store, offset: number, length: number): Store;
  allocIndex(length: number): IndexStore;
  indexView(store: IndexStore): Int32Array;
  freeIndex(store: IndexStore): void;
  /** Memory statistics of the backing store (zeros on the js backend). */
  stats(): MemoryStats;
}
