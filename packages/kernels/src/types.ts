/** Arrays the TypeScript twins compute on: float32 to mirror the kernels, float64 as reference. */
export type FloatArray = Float32Array | Float64Array;

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

export type BinaryOp = "add" | "sub" | "mul" | "div" | "max" | "min";
export type UnaryOp = "relu" | "exp" | "log" | "sqrt" | "abs" | "neg" | "tanh" | "sigmoid";
export type UnaryBackwardOp = "tanh" | "sigmoid" | "relu";

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
