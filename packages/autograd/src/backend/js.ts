// The float64 reference backend: the TypeScript twins of the kernels over Float64Array. Slow and
// exact; gradient checks and PyTorch parity run here.
import { twins, type KernelSet, type MemoryStats } from "@tapegrad/kernels";
import type { Backend, IndexStore, Store } from "./backend";

type F64 = Float64Array;

export const jsBackend: Backend = {
  name: "js",
  dtype: "float64",
  // V8's largest typed array (Float64Array lengths above it throw a RangeError at once).
  maxElements: 2 ** 32,
  alloc: (length) => new Float64Array(length),
  free: () => {},
  fromValues: (values) => Float64Array.from(values),
  view: (store) => store as F64,
  range: (store, offset, length) => (store as F64).subarray(offset, offset + length),
  // Garbage collection keeps the base array alive for as long as a subarray of it is.
  share: (store, offset, length) => (store as F64).subarray(offset, offset + length),
  allocIndex: (length) => new Int32Array(length),
  indexView: (store) => store as Int32Array,
  freeIndex: () => {},
  stats: (): MemoryStats => ({ bytesInUse: 0, peakBytesInUse: 0, liveBlocks: 0, memoryBytes: 0 }),
  // The kernels: this backend's stores are all Float64Arrays, which is what the twins compute on.
  ...(twins as unknown as KernelSet<Store, IndexStore>),
};
