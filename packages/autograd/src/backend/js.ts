// The float64 reference backend: the TypeScript twins of the kernels over Float64Array. Slow and
// exact; gradient checks and PyTorch parity run here.
import { twins, type MemoryStats } from "@tapegrad/kernels";
import type { Backend, IndexStore, Operand, Store } from "./backend";

type F64 = Float64Array;
const f = (x: Operand): F64 => x as F64;

export const jsBackend: Backend = {
  name: "js",
  dtype: "float64",
  alloc: (length) => new Float64Array(length),
  free: () => {},
  fromValues: (values) => Float64Array.from(values),
  view: (store) => store as F64,
  range: (store, offset, length) => (store as F64).subarray(offset, offset + length),
  allocIndex: (length) => new Int32Array(length),
  indexView: (store) => store as Int32Array,
  freeIndex: () => {},

  matmul: (a, b, c, dims) => twins.matmul(f(a), f(b), f(c), dims),
  binary: (op, out, a, b, shapes) => twins.binary(op, f(out), f(a), f(b), shapes),
  fill: (out, value) => twins.fill(f(out), value),
  copy: (out, src) => twins.copy(f(out), f(src)),
  scale: (out, x, alpha) => twins.scale(f(out), f(x), alpha),
  axpy: (y, x, alpha) => twins.axpy(f(y), f(x), alpha),
  unary: (op, out, x) => twins.unary(op, f(out), f(x)),
  unaryBackward: (op, dx, dy, saved) => twins.unaryBackward(op, f(dx), f(dy), f(saved)),
  sumAxis: (out, x, view, accumulate) => twins.sumAxis(f(out), f(x), view, accumulate),
  maxAxis: (out, indices, x, view) => twins.maxAxis(f(out), indices as Int32Array | null, f(x), view),
  softmaxRows: (out, x, rows, cols) => twins.softmaxRows(f(out), f(x), rows, cols),
  logSoftmaxRows: (out, x, rows, cols) => twins.logSoftmaxRows(f(out), f(x), rows, cols),
  softmaxRowsBackward: (dx, dy, y, rows, cols) => twins.softmaxRowsBackward(f(dx), f(dy), f(y), rows, cols),
  logSoftmaxRowsBackward: (dx, dy, y, rows, cols) => twins.logSoftmaxRowsBackward(f(dx), f(dy), f(y), rows, cols),

  copyBlocks(out: Store, outOff, outStride, x: Store, xOff, xStride, blockLen, count, accumulate) {
    copyBlocksLoop(out as F64, outOff, outStride, x as F64, xOff, xStride, blockLen, count, accumulate);
  },
  stats: (): MemoryStats => ({ bytesInUse: 0, peakBytesInUse: 0, liveBlocks: 0, memoryBytes: 0 }),
};

/** The strided block copy both backends share (the wasm one runs it over the whole heap). */
export function copyBlocksLoop(
  out: Float32Array | Float64Array, outOff: number, outStride: number,
  x: Float32Array | Float64Array, xOff: number, xStride: number,
  blockLen: number, count: number, accumulate: boolean,
): void {
  for (let c = 0; c < count; c++) {
    const o = outOff + c * outStride, s = xOff + c * xStride;
    if (accumulate) {
      for (let i = 0; i < blockLen; i++) out[o + i] += x[s + i];
    } else {
      for (let i = 0; i < blockLen; i++) out[o + i] = x[s + i];
    }
  }
}

export type { IndexStore };
