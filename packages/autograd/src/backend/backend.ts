// The one interface every op is written against. A backend owns storage and runs kernels on it;
// the front end never asks which backend it is talking to.
import type { AdamStepScalars, AxisView, BinaryOp, BinaryShapes, F32Buffer, I32Buffer, MatmulDims, MemoryStats, UnaryBackwardOp, UnaryOp } from "@tapegrad/kernels";

export type BackendName = "wasm" | "js";
export type DType = "float32" | "float64";

/** A tensor's storage: a float32 block of WebAssembly memory, or a float64 array. */
export type Store = F32Buffer | Float64Array;
/** What a kernel accepts: a whole store, or a sub-range view of one (batched matmul). */
export type Operand = F32Buffer | Float32Array | Float64Array;
/** Int32 storage (arg-max indices). */
export type IndexStore = I32Buffer | Int32Array;

export interface Backend {
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
  /** Elements [offset, offset + length) of a store, as a kernel operand. */
  range(store: Store, offset: number, length: number): Operand;
  /**
   * A store over elements [offset, offset + length) of `store`, sharing its memory (a view). The
   * memory stays valid until the base and every share of it are freed, in any order.
   */
  share(store: Store, offset: number, length: number): Store;
  allocIndex(length: number): IndexStore;
  indexView(store: IndexStore): Int32Array;
  freeIndex(store: IndexStore): void;

  /** c (+)= bias + op(a)·op(b) (see Kernels.matmul); the optional bias [n] is added to every row. */
  matmul(a: Operand, b: Operand, c: Operand, dims: MatmulDims, bias?: Operand | null): void;
  binary(op: BinaryOp, out: Operand, a: Operand, b: Operand, shapes?: BinaryShapes): void;
  fill(out: Operand, value: number): void;
  copy(out: Operand, src: Operand): void;
  scale(out: Operand, x: Operand, alpha: number): void;
  axpy(y: Operand, x: Operand, alpha: number): void;
  unary(op: UnaryOp, out: Operand, x: Operand): void;
  unaryBackward(op: UnaryBackwardOp, dx: Operand, dy: Operand, saved: Operand): void;
  sumAxis(out: Operand, x: Operand, view: AxisView, accumulate: boolean): void;
  maxAxis(out: Operand, indices: IndexStore | null, x: Operand, view: AxisView): void;
  softmaxRows(out: Operand, x: Operand, rows: number, cols: number): void;
  logSoftmaxRows(out: Operand, x: Operand, rows: number, cols: number): void;
  softmaxRowsBackward(dx: Operand, dy: Operand, y: Operand, rows: number, cols: number): void;
  logSoftmaxRowsBackward(dx: Operand, dy: Operand, y: Operand, rows: number, cols: number): void;
  /**
   * Strided block copy: for c < count, out[outOff + c·outStride + i] (+)= x[xOff + c·xStride + i]
   * for i < blockLen. Slicing, concatenation and gathers are all this one loop.
   */
  copyBlocks(
    out: Store, outOff: number, outStride: number,
    x: Store, xOff: number, xStride: number,
    blockLen: number, count: number, accumulate: boolean,
  ): void;
  /** Fused LSTM step (see Kernels.lstmCell): act [B, 5H], c, h [B, H] from gates [B, 4H], cPrev. */
  lstmCell(act: Operand, c: Operand, h: Operand, gates: Operand, cPrev: Operand, batch: number, hidden: number): void;
  lstmHBackward(dgates: Operand | null, dc: Operand, dh: Operand, act: Operand, batch: number, hidden: number): void;
  lstmCBackward(dgates: Operand | null, dcPrev: Operand | null, dc: Operand, act: Operand, cPrev: Operand, batch: number, hidden: number): void;
  /** Fused GRU step (see Kernels.gruCell): act [B, 4H], h [B, H] from xp, gh [B, 3H], bias, hPrev. */
  gruCell(act: Operand, h: Operand, xp: Operand, gh: Operand, bias: Operand | null, hPrev: Operand, batch: number, hidden: number): void;
  gruCellBackward(
    dxp: Operand | null, dgh: Operand | null, dhPrev: Operand | null, dh: Operand, act: Operand, hPrev: Operand,
    batch: number, hidden: number,
  ): void;
  /** One Adam/AdamW step in place (see Kernels.adamStep); vmax only with amsgrad. */
  adamStep(p: Operand, g: Operand, m: Operand, v: Operand, vmax: Operand | null, scalars: AdamStepScalars): void;
  /** Memory statistics of the backing store (zeros on the js backend). */
  stats(): MemoryStats;
}
