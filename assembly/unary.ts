// Unary elementwise ops over n contiguous floats, each with the backward its autograd rule needs.
// Backward kernels accumulate (dx += ...), because a tensor used twice receives two gradients.
import { splat } from "./splat";
import { expClamped4, expClamped, EXP_MAX_INPUT, EXP_MIN_INPUT, sigmoid1, sigmoid4, tanh1, tanh4 } from "./vmath";

/** out[i] = f(x[i]): the vector body, then a scalar body for the tail (and for the build without SIMD). */
// @ts-ignore: decorator
@inline function map(out: usize, x: usize, n: i32, kind: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, unary4(kind, v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, unary1(kind, load<f32>(x + off)));
  }
}

// @ts-ignore: decorator
@inline const K_RELU: i32 = 0;
// @ts-ignore: decorator
@inline const K_EXP: i32 = 1;
// @ts-ignore: decorator
@inline const K_TANH: i32 = 2;
// @ts-ignore: decorator
@inline const K_SIGMOID: i32 = 3;
// @ts-ignore: decorator
@inline const K_SQRT: i32 = 4;
// @ts-ignore: decorator
@inline const K_ABS: i32 = 5;
// @ts-ignore: decorator
@inline const K_NEG: i32 = 6;
// @ts-ignore: decorator
@inline const K_GELU: i32 = 7;
// @ts-ignore: decorator
@inline const K_GELU_TANH: i32 = 8;

// @ts-ignore: decorator
@inline function unary4(kind: i32, x: v128): v128 {
  if (kind == K_RELU) return relu4(x);
  if (kind == K_EXP) return exp4(x);
  if (kind == K_TANH) return tanh4(x);
  if (kind == K_SIGMOID) return sigmoid4(x);
  if (kind == K_SQRT) return f32x4.sqrt(x);
  if (kind == K_ABS) return f32x4.abs(x);
  if (kind == K_GELU) return f32x4.mul(x, normalCdf4(x));
  if (kind == K_GELU_TANH) return geluTanh4(x);
  return f32x4.neg(x);
}

// @ts-ignore: decorator
@inline function unary1(kind: i32, x: f32): f32 {
  if (kind == K_RELU) return x > 0 ? x : (x != x ? x : 0);
  if (kind == K_EXP) return exp1(x);
  if (kind == K_TANH) return tanh1(x);
  if (kind == K_SIGMOID) return sigmoid1(x);
  if (kind == K_SQRT) return Mathf.sqrt(x);
  if (kind == K_ABS) return Mathf.abs(x);
  if (kind == K_GELU) return x != x ? x : x * normalCdf1(x);
  if (kind == K_GELU_TANH) return geluTanh1(x);
  return -x;
}

// relu keeps NaN (x > 0 is false for NaN, so the lane is taken from x where x != x).
// @ts-ignore: decorator
@inline function relu4(x: v128): v128 {
  const keep = v128.or(f32x4.gt(x, f32x4.splat(0)), f32x4.ne(x, x));
  return v128.and(x, keep);
}

// @ts-ignore: decorator
@inline function exp4(x: v128): v128 {
  let y = expClamped4(x);
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_MAX_INPUT)));
  return v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, f32x4.splat(EXP_MIN_INPUT)));
}

// @ts-ignore: decorator
@inline function exp1(x: f32): f32 {
  if (x != x) return x;
  if (x > EXP_MAX_INPUT) return Infinity;
  if (x < EXP_MIN_INPUT) return 0;
  return expClamped(x);
}

// gelu (PyTorch's exact form, x·Φ(x)) needs the normal CDF Φ(x) = ½·erfc(−x/√2). erfc is
// Numerical Recipes' erfcc: t·e^{−z² + P(t)}, t = 1/(1 + z/2), whose error is under 1.2e-7
// *relative* to erfc for every z ≥ 0, so gelu's tiny negative tail stays accurate too. (The
// Abramowitz–Stegun 7.1.26 formula, with fewer terms, is off by up to 38% relative there.)
// Constants by index (see splat.ts): 0 1/√2, 1 ½, 2 1, 3–12 P's coefficients from t⁹ down to t⁰,
// 13 1/√(2π).
const NORMAL_K = memory.data<f32>([
  0.70710678118654752, 0.5, 1.0,
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223,
  0.39894228040143268,
]);

/** Φ(x) for each lane. */
// @ts-ignore: decorator
@inline function normalCdf4(x: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), splat(NORMAL_K, 0));
  const half = splat(NORMAL_K, 1), one = splat(NORMAL_K, 2);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(half, z)));
  // Written out rather than looped over k: each step's constant is then one splat load.
  let p = splat(NORMAL_K, 3);
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 4));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 5));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 6));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 7));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 8));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 9));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 10));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 11));
  p = f32x4.add(f32x4.mul(p, t), splat(NORMAL_K, 12));
  const tail = f32x4.mul(half, f32x4.mul(t, expClamped4(f32x4.sub(p, f32x4.mul(z, z)))));
  return v128.bitselect(tail, f32x4.sub(one, tail), f32x4.lt(x, f32x4.splat(0)));
}

/** Φ'(x)·x + Φ(x), gelu's derivative, for each lane. */
// @ts-ignore: decorator
@inline function geluGrad4(x: v128): v128 {
  // exp4, not expClamped4: e^{−x²/2} must be exactly 0 at x = ±∞ so x·φ(x) is NaN there, as in PyTorch.
  const density = f32x4.mul(splat(NORMAL_K, 13), exp4(f32x4.mul(f32x4.mul(x, x), f32x4.neg(splat(NORMAL_K, 1)))));
  return f32x4.add(normalCdf4(x), f32x4.mul(x, density));
}

/** Scalar twin of normalCdf4 (x not NaN). */
// @ts-ignore: decorator
@inline function normalCdf1(x: f32): f32 {
  const z = Mathf.abs(x) * <f32>0.70710678118654752;
  const t: f32 = 1 / (1 + 0.5 * z);
  let p: f32 = 0.17087277;
  p = p * t - 0.82215223;
  p = p * t + 1.48851587;
  p = p * t - 1.13520398;
  p = p * t + 0.27886807;
  p = p * t - 0.18628806;
  p = p * t + 0.09678418;
  p = p * t + 0.37409196;
  p = p * t + 1.00002368;
  p = p * t - 1.26551223;
  const tail: f32 = 0.5 * t * expClamped(p - z * z);
  return x < 0 ? tail : 1 - tail;
}

// gelu's tanh approximation (PyTorch's approximate="tanh", Hendrycks & Gimpel 2016):
//   y = ½x(1 + tanh u),  u = √(2/π)(x + 0.044715x³)
//   y' = ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)
// tanh4 clamps its argument, so u = ±∞ (x³ overflows past |x| ≈ 7e12) gives tanh u = ±1 exactly.
// Constants by index: 0 √(2/π), 1 0.044715, 2 ½, 3 1, 4 3·0.044715.
const GELU_TANH_K = memory.data<f32>([0.7978845608028654, 0.044715, 0.5, 1.0, 0.134145]);

/** tanh u of the approximation, for each lane. */
// @ts-ignore: decorator
@inline function geluTanhInner4(x: v128): v128 {
  const x3 = f32x4.mul(f32x4.mul(x, x), x);
  return tanh4(f32x4.mul(splat(GELU_TANH_K, 0), f32x4.add(x, f32x4.mul(splat(GELU_TANH_K, 1), x3))));
}

// @ts-ignore: decorator
@inline function geluTanh4(x: v128): v128 {
  const half = splat(GELU_TANH_K, 2);
  return f32x4.mul(f32x4.mul(half, x), f32x4.add(splat(GELU_TANH_K, 3), geluTanhInner4(x)));
}

/** The approximation's derivative, for each lane. */
// @ts-ignore: decorator
@inline function geluTanhGrad4(x: v128): v128 {
  const half = splat(GELU_TANH_K, 2), one = splat(GELU_TANH_K, 3);
  const t = geluTanhInner4(x);
  const du = f32x4.mul(splat(GELU_TANH_K, 0), f32x4.add(one, f32x4.mul(splat(GELU_TANH_K, 4), f32x4.mul(x, x))));
  const left = f32x4.mul(half, f32x4.add(one, t));
  return f32x4.add(left, f32x4.mul(f32x4.mul(f32x4.mul(half, x), f32x4.sub(one, f32x4.mul(t, t))), du));
}

// @ts-ignore: decorator
@inline function geluTanh1(x: f32): f32 {
  const t = tanh1(<f32>0.7978845608028654 * (x + <f32>0.044715 * x * x * x));
  return <f32>0.5 * x * (1 + t);
}

// @ts-ignore: decorator
@inline function geluTanhGrad1(x: f32): f32 {
  const t = tanh1(<f32>0.7978845608028654 * (x + <f32>0.044715 * x * x * x));
  const du = <f32>0.7978845608028654 * (1 + <f32>0.134145 * x * x);
  return <f32>0.5 * (1 + t) + <f32>0.5 * x * (1 - t * t) * du;
}

export function relu(out: usize, x: usize, n: i32): void { map(out, x, n, K_RELU); }
export function geluTanh(out: usize, x: usize, n: i32): void { map(out, x, n, K_GELU_TANH); }
export function gelu(out: usize, x: usize, n: i32): void { map(out, x, n, K_GELU); }
export function exp(out: usize, x: usize, n: i32): void { map(out, x, n, K_EXP); }
export function tanh(out: usize, x: usize, n: i32): void { map(out, x, n, K_TANH); }
export function sigmoid(out: usize, x: usize, n: i32): void { map(out, x, n, K_SIGMOID); }
export function sqrt(out: usize, x: usize, n: i32): void { map(out, x, n, K_SQRT); }
export function abs(out: usize, x: usize, n: i32): void { map(out, x, n, K_ABS); }
export function neg(out: usize, x: usize, n: i32): void { map(out, x, n, K_NEG); }

/** out[i] = ln x[i]; called far less than exp/tanh, so the accurate scalar libm log serves. */
export function log(out: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, Mathf.log(load<f32>(x + off)));
  }
}

// @ts-ignore: decorator
@inline const B_TANH: i32 = 0;
// @ts-ignore: decorator
@inline const B_SIGMOID: i32 = 1;
// @ts-ignore: decorator
@inline const B_RELU: i32 = 2;
// @ts-ignore: decorator
@inline const B_GELU: i32 = 3;
// @ts-ignore: decorator
@inline const B_GELU_TANH: i32 = 4;

/** dx[i] += dy[i]·f'(s[i]) where s is the saved output (tanh, sigmoid) or input (relu, gelu, geluTanh). */
// @ts-ignore: decorator
@inline function backward(kind: i32, dx: usize, dy: usize, s: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      const g = v128.load(dy + off);
      const v = v128.load(s + off);
      let d: v128;
      if (kind == B_TANH) d = f32x4.mul(g, f32x4.sub(one, f32x4.mul(v, v)));
      else if (kind == B_SIGMOID) d = f32x4.mul(g, f32x4.mul(v, f32x4.sub(one, v)));
      else if (kind == B_GELU) d = f32x4.mul(g, geluGrad4(v));
      else if (kind == B_GELU_TANH) d = f32x4.mul(g, geluTanhGrad4(v));
      else d = v128.and(g, f32x4.gt(v, f32x4.splat(0)));
      v128.store(dx + off, f32x4.add(v128.load(dx + off), d));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const g = load<f32>(dy + off);
    const v = load<f32>(s + off);
    let d: f32;
    if (kind == B_TANH) d = g * (1 - v * v);
    else if (kind == B_SIGMOID) d = g * v * (1 - v);
    else if (kind == B_GELU) d = v != v ? v : g * (normalCdf1(v) + v * <f32>0.39894228040143268 * exp1(-0.5 * v * v));
    else if (kind == B_GELU_TANH) d = g * geluTanhGrad1(v);
    else d = v > 0 ? g : 0;
    store<f32>(dx + off, load<f32>(dx + off) + d);
  }
}

export function tanh_backward(dx: usize, dy: usize, y: usize, n: i32): void { backward(B_TANH, dx, dy, y, n); }
export function sigmoid_backward(dx: usize, dy: usize, y: usize, n: i32): void { backward(B_SIGMOID, dx, dy, y, n); }
export function relu_backward(dx: usize, dy: usize, x: usize, n: i32): void { backward(B_RELU, dx, dy, x, n); }
export function gelu_backward(dx: usize, dy: usize, x: usize, n: i32): void { backward(B_GELU, dx, dy, x, n); }
export function geluTanh_backward(dx: usize, dy: usize, x: usize, n: i32): void { backward(B_GELU_TANH, dx, dy, x, n); }
