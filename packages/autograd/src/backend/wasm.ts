// The float32 backend on @tapegrad/kernels: storage is WebAssembly memory, every op is a kernel
// call on pointers (strided block copies included: one call for all blocks).
import { defaultKernels, WasmBuffer, type F32Buffer, type I32Buffer, type Kernels } from "@tapegrad/kernels";
import type { Backend, Operand } from "./backend";

type F32 = F32Buffer | Float32Array;
const f = (x: Operand): F32 => x as F32;
const orNull = (x: Operand | null): F32 | null => x as F32 | null;

/** A float32 backend on one Kernels instance (the process-wide one by default). */
export function createWasmBackend(kernels: Kernels = defaultKernels()): Backend {
  const k = kernels;
  // One Float32Array over all of memory, re-made after growth: block copies index it directly
  // instead of making a subarray per block.
  let heap = new Float32Array(k.memory.buffer);
  const heapView = (): Float32Array => (heap.buffer === k.memory.buffer ? heap : (heap = new Float32Array(k.memory.buffer)));

  // Shares (views) point into a block they do not own: freeing one only drops its hold, and a
  // block is returned to the allocator once it and all its shares are freed.
  const baseOf = new Map<F32Buffer, F32Buffer>();
  const holds = new Map<F32Buffer, { shares: number; freed: boolean }>();
  const free = (store: F32Buffer): void => {
    const base = baseOf.get(store);
    if (base === undefined) {
      const h = holds.get(store);
      if (h === undefined) store.free();
      else h.freed = true;
      return;
    }
    baseOf.delete(store);
    const h = holds.get(base)!;
    if (--h.shares > 0) return;
    holds.delete(base);
    if (h.freed) base.free();
  };
  const share = (store: F32Buffer, offset: number, length: number): F32Buffer => {
    if (offset < 0 || length < 0 || offset + length > store.length) {
      throw new Error(`share: elements [${offset}, ${offset + length}) do not fit a store of ${store.length}`);
    }
    const base = baseOf.get(store) ?? store;
    if (base.isReleased) throw new Error("share: the store was already freed");
    const view = new WasmBuffer(k, store.ptr + 4 * offset, length, "f32");
    baseOf.set(view, base);
    const h = holds.get(base);
    if (h === undefined) holds.set(base, { shares: 1, freed: false });
    else h.shares++;
    return view;
  };

  return {
    name: "wasm",
    dtype: "float32",
    maxElements: Math.floor(k.maximumBytes / 4),
    alloc: (length, zero) => k.alloc(length, zero),
    free: (store) => free(store as F32Buffer),
    share: (store, offset, length) => share(store as F32Buffer, offset, length),
    fromValues: (values) => k.fromArray(values),
    view: (store) => (store as F32Buffer).data,
    range: (store, offset, length) => {
      const b = store as F32Buffer;
      return heapView().subarray(b.ptr / 4 + offset, b.ptr / 4 + offset + length);
    },
    allocIndex: (length) => k.allocI32(length),
    indexView: (store) => (store as I32Buffer).data,
    freeIndex: (store) => (store as I32Buffer).free(),

    matmul: (a, b, c, dims, bias) => k.matmul(f(a), f(b), f(c), dims, orNull(bias ?? null)),
    binary: (op, out, a, b, shapes) => k.binary(op, f(out), f(a), f(b), shapes),
    fill: (out, value) => k.fill(f(out), value),
    copy: (out, src) => k.copy(f(out), f(src)),
    scale: (out, x, alpha) => k.scale(f(out), f(x), alpha),
    axpy: (y, x, alpha) => k.axpy(f(y), f(x), alpha),
    unary: (op, out, x) => k.unary(op, f(out), f(x)),
    unaryBackward: (op, dx, dy, saved) => k.unaryBackward(op, f(dx), f(dy), f(saved)),
    sumAxis: (out, x, view, accumulate) => k.sumAxis(f(out), f(x), view, accumulate),
    maxAxis: (out, indices, x, view) => k.maxAxis(f(out), indices as I32Buffer | null, f(x), view),
    softmaxRows: (out, x, rows, cols) => k.softmaxRows(f(out), f(x), rows, cols),
    logSoftmaxRows: (out, x, rows, cols) => k.logSoftmaxRows(f(out), f(x), rows, cols),
    softmaxRowsBackward: (dx, dy, y, rows, cols) => k.softmaxRowsBackward(f(dx), f(dy), f(y), rows, cols),
    logSoftmaxRowsBackward: (dx, dy, y, rows, cols) => k.logSoftmaxRowsBackward(f(dx), f(dy), f(y), rows, cols),

    copyBlocks: (out, outOff, outStride, x, xOff, xStride, blockLen, count, accumulate) =>
      k.copyBlocks(f(out), outOff, outStride, f(x), xOff, xStride, blockLen, count, accumulate),
    lstmCell: (act, c, h, gates, cPrev, batch, hidden) => k.lstmCell(f(act), f(c), f(h), f(gates), f(cPrev), batch, hidden),
    lstmHBackward: (dgates, dc, dh, act, batch, hidden) => k.lstmHBackward(orNull(dgates), f(dc), f(dh), f(act), batch, hidden),
    lstmCBackward: (dgates, dcPrev, dc, act, cPrev, batch, hidden) =>
      k.lstmCBackward(orNull(dgates), orNull(dcPrev), f(dc), f(act), f(cPrev), batch, hidden),
    gruCell: (act, h, xp, gh, bias, hPrev, batch, hidden) => k.gruCell(f(act), f(h), f(xp), f(gh), orNull(bias), f(hPrev), batch, hidden),
    adamStep: (p, g, m, v, vmax, scalars) => k.adamStep(f(p), f(g), f(m), f(v), orNull(vmax), scalars),
    gruCellBackward: (dxp, dgh, dhPrev, dh, act, hPrev, batch, hidden) =>
      k.gruCellBackward(orNull(dxp), orNull(dgh), orNull(dhPrev), f(dh), f(act), f(hPrev), batch, hidden),
    stats: () => k.stats(),
  };
}
