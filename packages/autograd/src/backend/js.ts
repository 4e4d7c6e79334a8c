// The float64 reference backend: the TypeScript twins of the kernels over Float64Array. Slow and
// exact; gradient checks and PyTorch parity run here.
import { twins, type MemoryStats } from "@tapegrad/kernels";
import type { Backend, IndexStore, Operand, Store } from "./backend";

type F64 = Float64Array;
const f = (x: Operand): F64 => x as F64;
const f64OrNull = (x: Operand | null): F64 | null => x as F64 | null;

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

  matmul: (a, b, c, dims, bias) => twins.matmul(f(a), f(b), f(c), dims, f64OrNull(bias ?? null)),
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
    twins.copyBlocks(out as F64, outOff, outStride, x as F64, xOff, xStride, blockLen, count, accumulate);
  },
  lstmCell: (act, c, h, gates, cPrev, batch, hidden) => twins.lstmCell(f(act), f(c), f(h), f(gates), f(cPrev), batch, hidden),
  lstmHBackward: (dgates, dc, dh, act, batch, hidden) => twins.lstmHBackward(f64OrNull(dgates), f(dc), f(dh), f(act), batch, hidden),
  lstmCBackward: (dgates, dcPrev, dc, act, cPrev, batch, hidden) =>
    twins.lstmCBackward(f64OrNull(dgates), f64OrNull(dcPrev), f(dc), f(act), f(cPrev), batch, hidden),
  gruCell: (act, h, xp, gh, bias, hPrev, batch, hidden) => twins.gruCell(f(act), f(h), f(xp), f(gh), f64OrNull(bias), f(hPrev), batch, hidden),
  adamStep: (p, g, m, v, vmax, scalars) => twins.adamStep(f(p), f(g), f(m), f(v), f64OrNull(vmax), scalars),
  gruCellBackward: (dxp, dgh, dhPrev, dh, act, hPrev, batch, hidden) =>
    twins.gruCellBackward(f64OrNull(dxp), f64OrNull(dgh), f64OrNull(dhPrev), f(dh), f(act), f(hPrev), batch, hidden),
  stats: (): MemoryStats => ({ bytesInUse: 0, peakBytesInUse: 0, liveBlocks: 0, memoryBytes: 0 }),
};

export type { IndexStore };
