// The kernel contract: every kernel the library has, as one typed signature over an array type A
// (and an index array type I). The WebAssembly build implements it over float32 operands in its
// memory (createKernels), the TypeScript twins over Float64Array (twins), and autograd's Backend and
// bptt's Ops extend it with storage handling only. Adding a kernel: the AssemblyScript function in
// assembly/<family>.ts, its wrapper and twin in src/<family>/, and one line here.
//
// Every kernel is a plain function of its operands: no hidden state but scratch memory (matmul's
// packing panels), so a layer that splits a call over workers can implement this same interface.

/** Arrays the TypeScript twins compute on: float32 to mirror the kernels, float64 as reference. */
export type FloatArray = Float32Array | Float64Array;

/** Elementwise binary ops, each one kernel (assembly/elementwise.ts `<op>_strided`). */
export const BINARY_OPS = ["add", "sub", "mul", "div", "max", "min"] as const;
/** Elementwise unary ops, each one kernel (assembly/unary.ts `<op>`). */
export const UNARY_OPS = ["relu", "exp", "log", "sqrt", "abs", "neg", "tanh", "sigmoid", "gelu", "geluTanh"] as const;
/** Unary ops with a backward kernel (assembly/unary.ts `<op>_backward`). */
export const UNARY_BACKWARD_OPS = ["tanh", "sigmoid", "relu", "gelu", "geluTanh"] as const;

export type BinaryOp = (typeof BINARY_OPS)[number];
export type UnaryOp = (typeof UNARY_OPS)[number];
export type UnaryBackwardOp = (typeof UNARY_BACKWARD_OPS)[number];

export interface KernelSet<A, I = Int32Array> {
  // ---- matmul (matmul/) ----
  /** c (+)= bias + op(a)·op(b), row-major; the optional bias is [n], added to every row, or [m, n] (addmm's input). */
  matmul(a: A, b: A, c: A, dims: MatmulDims, bias?: A | null): void;

  // ---- elementwise (elementwise/) ----
  /** out (+)= a ∘ b with NumPy broadcasting (shapes default to flat arrays of equal length). */
  binary(op: BinaryOp, out: A, a: A, b: A, shapes?: BinaryShapes): void;
  /** out[i] = value. */
  fill(out: A, value: number): void;
  /** out[i] = src[i]. */
  copy(out: A, src: A): void;
  /** out = alpha·x. */
  scale(out: A, x: A, alpha: number): void;
  /** y += alpha·x. */
  axpy(y: A, x: A, alpha: number): void;
  /**
   * Strided block copy: out[outOff + c·outStride + i] (+)= x[xOff + c·xStride + i] for c < count,
   * i < blockLen (offsets and strides in elements). Slicing, concatenation and gathers are all this.
   */
  copyBlocks(out: A, outOff: number, outStride: number, x: A, xOff: number, xStride: number, blockLen: number, count: number, accumulate: boolean): void;

  // ---- unary (unary/) ----
  /** out = f(x), elementwise; in place (out === x) is allowed. */
  unary(op: UnaryOp, out: A, x: A): void;
  /** dx += dy·f'(saved): saved is the output y for tanh and sigmoid, the input x for relu, gelu and geluTanh. */
  unaryBackward(op: UnaryBackwardOp, dx: A, dy: A, saved: A): void;

  // ---- reductions (reductions/) ----
  /** out[o, i] (+)= Σ_j x[o, j, i], with x seen as [outer, n, inner]. */
  sumAxis(out: A, x: A, view: AxisView, accumulate?: boolean): void;
  /** out[o, i] = max_j x[o, j, i]; `indices` (optional) receives the first arg-max j. */
  maxAxis(out: A, indices: I | null, x: A, view: AxisView): void;
  /** Row-wise softmax of x [rows × cols]. */
  softmaxRows(out: A, x: A, rows: number, cols: number): void;
  /** Row-wise log-softmax of x [rows × cols]. */
  logSoftmaxRows(out: A, x: A, rows: number, cols: number): void;
  /** dx += y ⊙ (dy − Σ dy·y) per row, from the saved softmax output y. */
  softmaxRowsBackward(dx: A, dy: A, y: A, rows: number, cols: number): void;
  /** dx += dy − e^y · Σ dy per row, from the saved log-softmax output y. */
  logSoftmaxRowsBackward(dx: A, dy: A, y: A, rows: number, cols: number): void;

  // ---- fused recurrent cells (cells/) ----
  /** LSTM step: gates [B, 4H] pre-activations (i, f, g, o), cPrev [B, H] → act [B, 5H] (σi, σf, tanh g, σo, tanh c), c, h. */
  lstmCell(act: A, c: A, h: A, gates: A, cPrev: A, batch: number, hidden: number): void;
  /**
   * The whole LSTM step backward in one pass: from dh and dc (dL/dc_t from later steps, null = zero),
   * dgates [B, 4H] and dcPrev [B, H] (null = not wanted) are written, or added to with `accumulate`.
   */
  lstmCellBackward(dgates: A, dcPrev: A | null, dh: A, dc: A | null, act: A, cPrev: A, batch: number, hidden: number, accumulate?: boolean): void;
  /** GRU step (PyTorch): xp, gh [B, 3H], bias b_hh [3H] (optional), hPrev → act [B, 4H] (r, z, n, W_hn h + b_hn), h. */
  gruCell(act: A, h: A, xp: A, gh: A, bias: A | null, hPrev: A, batch: number, hidden: number): void;
  /** GRU backward from dh: dxp, dgh [B, 3H] and dhPrev [B, H] accumulate (each optional). */
  gruCellBackward(dxp: A | null, dgh: A | null, dhPrev: A | null, dh: A, act: A, hPrev: A, batch: number, hidden: number): void;

  // ---- optimizers (optim/) ----
  /** One Adam/AdamW step in place on p, m, v (and vmax with amsgrad), from g; see AdamStepScalars. */
  adamStep(p: A, g: A, m: A, v: A, vmax: A | null, scalars: AdamStepScalars): void;
}

/**
 * A base class whose instances carry a kernel set's functions as their own properties, so a
 * consumer (bptt's ops) adds its storage methods to the contract without forwarding each kernel.
 */
export const WithKernels = class {
  constructor(set: object) {
    Object.assign(this, set);
  }
} as unknown as new <A, I>(set: KernelSet<A, I>) => KernelSet<A, I>;

/**
 * Dimensions of C = op(A)·op(B): op(A) is m×k, op(B) is k×n, C is m×n, all row-major. An optional
 * bias row (n elements, added to every row of C) is an operand, so matmul takes it as an argument
 * after the dims, beside a, b and c.
 */
export interface MatmulDims {
  m: number;
  n: number;
  k: number;
  /** Use Aᵀ, with A stored k×m. */
  transA?: boolean;
  /** Use Bᵀ, with B stored n×k. */
  transB?: boolean;
  /** C += [bias +] op(A)·op(B) instead of C = [bias +] op(A)·op(B). */
  accumulate?: boolean;
}

/** Shapes for a broadcasting binary op; omitted, all three arrays are the same flat length. */
export interface BinaryShapes {
  aShape?: readonly number[];
  bShape?: readonly number[];
  /** out (+)= a ∘ b. */
  accumulate?: boolean;
}

/** A tensor seen as [outer, n, inner], reduced along n. */
export type AxisView = readonly [outer: number, n: number, inner: number];

/** The scalars of one Adam/AdamW step (computed by the optimizer from lr, betas and the step count). */
export interface AdamStepScalars {
  /** lr / (1 − β1^step). */
  stepSize: number;
  beta1: number;
  beta2: number;
  /** √(1 − β2^step). */
  bc2Sqrt: number;
  eps: number;
  /** Adam's coupled weight decay (added to g); 0 for AdamW. */
  weightDecay: number;
  /** AdamW's decoupled decay factor 1 − lr·wd applied to p first; 1 for Adam. */
  decay: number;
  maximize: boolean;
}
