// Reduction kernels (assembly/reductions.ts) on pointers: sums and maxima along an axis, and the
// row-wise softmax family with its backward.
import type { I32Buffer } from "../buffer";
import { checkLength, checkNoAlias, checkSize, type Region } from "../checks";
import type { AxisView, KernelSet } from "../contract";
import type { F32, KernelContext } from "../operands";

type ReductionKernels = Pick<KernelSet<F32, I32Buffer>,
  "sumAxis" | "maxAxis" | "softmaxRows" | "logSoftmaxRows" | "softmaxRowsBackward" | "logSoftmaxRowsBackward">;

export function reductionKernels({ wasm, region }: KernelContext): ReductionKernels {
  const axisRegions = (op: string, out: F32, x: F32, view: AxisView): [Region, Region] => {
    const [outer, n, inner] = view;
    checkSize(op, "outer", outer); checkSize(op, "n", n); checkSize(op, "inner", inner);
    const ro = region(op, "out", out), rx = region(op, "x", x);
    checkLength(op, "x", rx, outer * n * inner, () => `x is [${outer}, ${n}, ${inner}]`);
    checkLength(op, "out", ro, outer * inner, () => `out is [${outer}, ${inner}]`);
    checkNoAlias(op, ro, { x: rx }, false);
    return [ro, rx];
  };
  const rowRegions = (op: string, out: F32, x: F32, rows: number, cols: number): [Region, Region] => {
    checkSize(op, "rows", rows); checkSize(op, "cols", cols);
    const ro = region(op, "out", out), rx = region(op, "x", x);
    checkLength(op, "x", rx, rows * cols, () => `x is [${rows}, ${cols}]`);
    checkLength(op, "out", ro, rows * cols, () => `out is [${rows}, ${cols}]`);
    checkNoAlias(op, ro, { x: rx }, true);
    return [ro, rx];
  };
  const rowsBackward = (
    op: string, dx: F32, dy: F32, y: F32, rows: number, cols: number,
    kernel: (dx: number, dy: number, y: number, rows: number, cols: number) => void,
  ): void => {
    const [rdx, rdy] = rowRegions(op, dx, dy, rows, cols);
    const ry = region(op, "y", y);
    checkLength(op, "y", ry, rows * cols, () => `y is [${rows}, ${cols}]`);
    checkNoAlias(op, rdx, { y: ry }, false);
    kernel(rdx.ptr, rdy.ptr, ry.ptr, rows, cols);
  };

  return {
    sumAxis(out, x, view, accumulate = false) {
      const [ro, rx] = axisRegions("sumAxis", out, x, view);
      wasm.sum_axis(ro.ptr, rx.ptr, view[0], view[1], view[2], +accumulate);
    },

    maxAxis(out, indices, x, view) {
      const [ro, rx] = axisRegions("maxAxis", out, x, view);
      if (view[1] === 0) throw new Error("maxAxis: cannot take the maximum over an empty axis (n = 0)");
      let ip = 0;
      if (indices) {
        const ri = region("maxAxis", "indices", indices, "i32");
        checkLength("maxAxis", "indices", ri, ro.length, "one index per output element");
        checkNoAlias("maxAxis", ri, { out: ro, x: rx }, false);
        ip = ri.ptr;
      }
      wasm.max_axis(ro.ptr, ip, rx.ptr, view[0], view[1], view[2]);
    },

    softmaxRows(out, x, rows, cols) {
      const [ro, rx] = rowRegions("softmaxRows", out, x, rows, cols);
      wasm.softmax_rows(ro.ptr, rx.ptr, rows, cols);
    },

    logSoftmaxRows(out, x, rows, cols) {
      const [ro, rx] = rowRegions("logSoftmaxRows", out, x, rows, cols);
      wasm.log_softmax_rows(ro.ptr, rx.ptr, rows, cols);
    },

    softmaxRowsBackward(dx, dy, y, rows, cols) {
      rowsBackward("softmaxRowsBackward", dx, dy, y, rows, cols, wasm.softmax_rows_backward);
    },

    logSoftmaxRowsBackward(dx, dy, y, rows, cols) {
      rowsBackward("logSoftmaxRowsBackward", dx, dy, y, rows, cols, wasm.log_softmax_rows_backward);
    },
  };
}
