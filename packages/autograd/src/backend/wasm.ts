// The float32 backend on @tapegrad/kernels: storage is WebAssembly memory, every op is a kernel
// call on pointers. The only element loop here is the strided block copy of short blocks, which
// has no kernel yet (a kernel call per block costs more than the loop).
import { defaultKernels, type F32Buffer, type I32Buffer, type Kernels } from "@tapegrad/kernels";
import type { Backend, Operand, Store } from "./backend";
import { copyBlocksLoop } from "./js";

type F32 = F32Buffer | Float32Array;
const f = (x: Operand): F32 => x as F32;

/** A float32 backend on one Kernels instance (the process-wide one by default). */
export function createWasmBackend(kernels: Kernels = defaultKernels()): Backend {
  const k = kernels;
  // One Float32Array over all of memory, re-made after growth: block copies index it directly
  // instead of making a subarray per block.
  let heap = new Float32Array(k.memory.buffer);
  const heapView = (): Float32Array => (heap.buffer === k.memory.buffer ? heap : (heap = new Float32Array(k.memory.buffer)));

  return {
    name: "wasm",
    dtype: "float32",
    alloc: (length, zero) => k.alloc(length, zero),
    free: (store) => (store as F32Buffer).free(),
    fromValues: (values) => k.fromArray(values),
    view: (store) => (store as F32Buffer).data,
    range: (store, offset, length) => {
      const b = store as F32Buffer;
      return heapView().subarray(b.ptr / 4 + offset, b.ptr / 4 + offset + length);
    },
    allocIndex: (length) => k.allocI32(length),
    indexView: (store) => (store as I32Buffer).data,
    freeIndex: (store) => (store as I32Buffer).free(),

    matmul: (a, b, c, dims) => k.matmul(f(a), f(b), f(c), dims),
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

    copyBlocks(out: Store, outOff, outStride, x: Store, xOff, xStride, blockLen, count, accumulate) {
      const o = out as F32Buffer, s = x as F32Buffer;
      if (o.isReleased || s.isReleased) throw new Error("copyBlocks: use of a released buffer");
      const h = heapView();
      const ob = o.ptr / 4 + outOff, sb = s.ptr / 4 + xOff;
      if (!accumulate && blockLen >= 64) {
        // Long blocks: a native memmove per block beats an element loop.
        for (let c = 0; c < count; c++) h.copyWithin(ob + c * outStride, sb + c * xStride, sb + c * xStride + blockLen);
        return;
      }
      if (accumulate && blockLen >= 256) {
        // Long blocks: the SIMD axpy pays for the two views it needs per block.
        for (let c = 0; c < count; c++) {
          const o0 = ob + c * outStride, s0 = sb + c * xStride;
          k.axpy(h.subarray(o0, o0 + blockLen), h.subarray(s0, s0 + blockLen), 1);
        }
        return;
      }
      copyBlocksLoop(h, ob, outStride, h, sb, xStride, blockLen, count, accumulate);
    },
    stats: () => k.stats(),
  };
}
