// Plain TypeScript twin of assembly/unary.ts, computed in float64 (exact libm functions).
import type { FloatArray, UnaryBackwardOp, UnaryOp } from "../contract";
import { sigmoid } from "./scalar";

// gelu's tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's approximate="tanh").
const GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);
const GELU_TANH_CUBIC = 0.044715;

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
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * x * x * x))),
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
  geluTanh: (x) => {
    const t = Math.tanh(GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * x * x * x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_TANH_SCALE * (1 + 3 * GELU_TANH_CUBIC * x * x);
  },
};

/** dx += dy·f'(saved): saved is the output for tanh and sigmoid, the input for relu, gelu and geluTanh. */
export function unaryBackward(op: UnaryBackwardOp, dx: FloatArray, dy: FloatArray, saved: FloatArray): void {
  const d = DERIVATIVE[op];
  for (let i = 0; i < dx.length; i++) dx[i] += dy[i] * d(saved[i]);
}

/**
 * The standard normal CDF Φ(x) = ½·erfc(−x/√2) in float64, within ~1e-11 relative (of Φ, and of
 * 1 − Φ): a Taylor series of erf for |x|/√2 < 2.5, a continued fraction of erfc beyond.
 */
function normalCdf(x: number): number {
  if (Number.isNaN(x)) return x;
  const z = Math.abs(x) / Math.SQRT2;
  const tail = 0.5 * (z < 2.5 ? 1 - erfSeries(z) : erfcFraction(z));
  return x < 0 ? tail : 1 - tail;
}

/** erf z = 2/√π · Σ (−1)ⁿ z^{2n+1} / (n!(2n+1)). */
function erfSeries(z: number): number {
  let sum = 0, term = z;
  for (let n = 0; n < 200; n++) {
    const t = term / (2 * n + 1);
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
    term *= (-z * z) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** erfc z = e^{−z²}/√π · 1/(z + ½/(z + 1/(z + 3/2/(z + …)))), evaluated from the 60th term back. */
function erfcFraction(z: number): number {
  if (z === Infinity) return 0;
  let k = z;
  for (let n = 60; n >= 1; n--) k = z + n / 2 / k;
  return Math.exp(-z * z) / Math.sqrt(Math.PI) / k;
}
