// The array-level operations a recurrent cell is written in. Two implementations share this
// interface: float32 on the WebAssembly kernels (the fast path) and float64 on their TypeScript
// twins (the reference), so every forward/backward pair in this package is written once.
import type { MatmulDims, UnaryBackwardOp } from "@tapegrad/kernels";

export type BackendName = "wasm" | "js";
export type Activation = "tanh" | "sigmoid" | "relu";

/**
 * Operations over flat arrays of type A (a handle on WebAssembly memory, or a Float64Array).
 * Every `out` is written, every `d*` accumulated (+=), as in the kernels they wrap.
 */
export interface Ops<A> {
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

  /** c (+)= [bias +] op(a)·op(b), row-major; bias [n] is added to every row. */
  matmul(a: A, b: A, c: A, dims: MatmulDims, bias?: A | null): void;
  /** out (+)= a + b; `bShape` broadcasts b over a's `aShape` (a bias row over a matrix). */
  add(out: A, a: A, b: A, shapes?: Shapes): void;
  sub(out: A, a: A, b: A, shapes?: Shapes): void;
  mul(out: A, a: A, b: A, shapes?: Shapes): void;
  /** out = f(x); out === x is allowed. */
  activate(f: Activation, out: A, x: A): void;
  /** dx += dy · f'(saved); saved is the output y of f (relu' is read from y > 0, same as x > 0). */
  activateBackward(f: UnaryBackwardOp, dx: A, dy: A, saved: A): void;
  /** out[j] (+)= Σ_i x[i, j] for x [rows, cols]: a bias gradient. */
  sumRows(out: A, x: A, rows: number, cols: number, accumulate?: boolean): void;
  fill(out: A, value: number): void;
  copy(out: A, src: A): void;
  /**
   * `count` blocks of `blockLen`: out[outOff + i·outStride + j] (+)= x[xOff + i·xStride + j]
   * (strided rows in and out of a wider matrix).
   */
  copyBlocks(out: A, outOff: number, outStride: number, x: A, xOff: number, xStride: number, blockLen: number, count: number, accumulate: boolean): void;
  /** y += alpha · x. */
  axpy(y: A, x: A, alpha: number): void;

  // One step's element-wise part of an LSTM or GRU cell, fused (kernels' lstmCell / gruCell;
  // the formulas are in the twins, packages/kernels/src/twins/cells.ts). Backward ones accumulate
  // (lstmCellBackward: when asked); a null output is not computed.
  /** gates [B, 4H] pre-activations (i, f, g, o), cPrev → act [B, 5H] (i, f, g, o, tanh c), c, h. */
  lstmCell(act: A, c: A, h: A, gates: A, cPrev: A, batch: number, hidden: number): void;
  /**
   * The whole step back, from dh and dc (dL/dc_t from step t+1; null = zero): dgates [B, 4H] and
   * dcPrev [B, H] (null = not wanted), written, or added to when `accumulate`.
   */
  lstmCellBackward(dgates: A, dcPrev: A | null, dh: A, dc: A | null, act: A, cPrev: A, batch: number, hidden: number, accumulate: boolean): void;
  /** xp = W_ih x + b_ih, gh = W_hh h [B, 3H], bias b_hh → act [B, 4H] (r, z, n, W_hn h + b_hn), h. */
  gruCell(act: A, h: A, xp: A, gh: A, bias: A | null, hPrev: A, batch: number, hidden: number): void;
  /** dxp, dgh [B, 3H] and dhPrev [B, H], from dh. */
  gruCellBackward(dxp: A | null, dgh: A | null, dhPrev: A | null, dh: A, act: A, hPrev: A, batch: number, hidden: number): void;
}

export interface Shapes {
  aShape?: readonly number[];
  bShape?: readonly number[];
  accumulate?: boolean;
}
