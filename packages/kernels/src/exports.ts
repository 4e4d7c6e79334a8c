// The raw exports of the kernel module (assembly/index.ts): pointers are byte addresses, sizes
// are element counts. Nothing here checks its arguments; kernels.ts does that first.
type Ptr = number;
type Strided = (out: Ptr, a: Ptr, b: Ptr, d0: number, d1: number, d2: number,
  as0: number, as1: number, as2: number, bs0: number, bs1: number, bs2: number, accumulate: number) => void;
type Map1 = (out: Ptr, x: Ptr, n: number) => void;
type Backward1 = (dx: Ptr, dy: Ptr, saved: Ptr, n: number) => void;
type Rows = (out: Ptr, x: Ptr, rows: number, cols: number) => void;
type RowsBackward = (dx: Ptr, dy: Ptr, y: Ptr, rows: number, cols: number) => void;

export interface KernelExports {
  heapBase(): number;
  matmul(transA: number, transB: number, m: number, n: number, k: number,
    a: Ptr, b: Ptr, c: Ptr, accumulate: number, scratch: Ptr, bias: Ptr): void;
  add_strided: Strided; sub_strided: Strided; mul_strided: Strided;
  div_strided: Strided; max_strided: Strided; min_strided: Strided;
  fill(out: Ptr, n: number, value: number): void;
  copy(out: Ptr, src: Ptr, n: number): void;
  scale(out: Ptr, x: Ptr, n: number, alpha: number): void;
  axpy(y: Ptr, x: Ptr, n: number, alpha: number): void;
  copy_blocks(out: Ptr, outStride: number, x: Ptr, xStride: number, blockLen: number, count: number, accumulate: number): void;
  relu: Map1; exp: Map1; log: Map1; sqrt: Map1; abs: Map1; neg: Map1; tanh: Map1; sigmoid: Map1;
  relu_backward: Backward1; tanh_backward: Backward1; sigmoid_backward: Backward1;
  sum_axis(out: Ptr, x: Ptr, outer: number, n: number, inner: number, accumulate: number): void;
  max_axis(out: Ptr, indices: Ptr, x: Ptr, outer: number, n: number, inner: number): void;
  softmax_rows: Rows; log_softmax_rows: Rows;
  softmax_rows_backward: RowsBackward; log_softmax_rows_backward: RowsBackward;
  lstm_cell(gates: Ptr, cPrev: Ptr, act: Ptr, c: Ptr, h: Ptr, batch: number, hidden: number): void;
  lstm_h_backward(dgates: Ptr, dc: Ptr, dh: Ptr, act: Ptr, batch: number, hidden: number): void;
  lstm_c_backward(dgates: Ptr, dcPrev: Ptr, dc: Ptr, act: Ptr, cPrev: Ptr, batch: number, hidden: number): void;
  lstm_cell_backward(dgates: Ptr, dcPrev: Ptr, dh: Ptr, dc: Ptr, act: Ptr, cPrev: Ptr, batch: number, hidden: number, accumulate: number): void;
  gru_cell(xp: Ptr, gh: Ptr, bias: Ptr, hPrev: Ptr, act: Ptr, h: Ptr, batch: number, hidden: number): void;
  adam_step(p: Ptr, g: Ptr, m: Ptr, v: Ptr, vmax: Ptr, n: number, stepSize: number, b1: number, b2: number,
    bc2Sqrt: number, eps: number, wd: number, decay: number, flags: number): void;
  gru_cell_backward(dxp: Ptr, dgh: Ptr, dhPrev: Ptr, dh: Ptr, act: Ptr, hPrev: Ptr, batch: number, hidden: number): void;
}

/** Rows of op(B) packed per K-block by the matmul kernel (assembly/matmul.ts KC). */
export const MATMUL_KC = 256;
/** Width of a packed B panel (assembly/matmul.ts NR). */
export const MATMUL_NR = 8;
/** Rows of a packed op(A) block (assembly/matmul.ts MC). */
export const MATMUL_MC = 128;
/** Rows of the register tile (assembly/matmul.ts MR); one tile of scratch takes partial stores. */
export const MATMUL_MR = 4;

/** Floats of matmul scratch for n columns: op(B)'s packed K-block, op(A)'s packed M-block, one tile. */
export function matmulScratchLength(n: number): number {
  return MATMUL_KC * (Math.ceil(n / MATMUL_NR) * MATMUL_NR + MATMUL_MC) + MATMUL_MR * MATMUL_NR;
}
