// Plain TypeScript twin of assembly/unary.ts, computed in float64 (exact libm functions).
import type { FloatArray, UnaryBackwardOp, UnaryOp } from "../contract";
import { normalCdf, sigmoid } from "./scalar";

const APPLY: Record<UnaryOp, (x: number) => number> = {
  relu: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  neg: (x) => -x,
  tanh: Math.tanh,
  sigmoid,
  gelu: (x) => x * normalCdf(x),
};

/** out = f(x), elementwise. */
export function unary(op: UnaryOp, out: FloatArray, x: FloatArray): void {
  const f = APPLY[op];
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
}

const DERIVATIVE: Record<UnaryBackwardOp, (saved: number) => number> = {
  tanh: (y) => 1 - y * y,
  sigmoid: (y) => y * (1 - y),
  relu: (x) => (x > 0 ? 1 : 0),
  gelu: (x) => normalCdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI),
};

/** dx += dy·f'(saved): saved is the output for tanh and sigmoid, the input for relu and gelu. */
export function unaryBackward(op: UnaryBackwardOp, dx: FloatArray, dy: FloatArray, saved: FloatArray): void {
  const d = DERIVATIVE[op];
  for (let i = 0; i < dx.length; i++) dx[i] += dy[i] * d(saved[i]);
}
