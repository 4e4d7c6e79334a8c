// Vector (and scalar) float32 math shared by the kernels: exp, expm1, tanh and the logistic.
import { splat } from "./splat";

// Vectorised float32 exp and expm1, built the Cephes way: split x = n·ln2 + r, a degree-7
// polynomial for e^r on |r| <= ln2/2, and 2^n assembled directly in the exponent bits. Relative
// error is about 2 ulp, which keeps tanh/sigmoid well inside their 1e-6 absolute budget.

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// ln2 split in a high part exact in float32 and a low correction, so n·ln2 is subtracted exactly.
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;
// ln(FLT_MAX): above it e^x is +Infinity. Below EXP_MIN_INPUT it is under half the smallest
// subnormal, so 0. Inputs are clamped to this range; 2^n is applied as two halves
// (2^⌊n/2⌋·2^⌈n/2⌉) so n = 128 and the subnormal results below n = −126 come out right.
// @ts-ignore: decorator
@inline export const EXP_MAX_INPUT: f32 = 88.72283;
// @ts-ignore: decorator
@inline export const EXP_MIN_INPUT: f32 = -103.97;

// Adding 1.5·2^23 rounds a float32 of magnitude below 2^22 to an integer held in the low
// mantissa bits: cheaper than f32x4.nearest plus i32x4.trunc_sat, which V8 expands to several
// instructions each on x64.
// @ts-ignore: decorator
@inline const ROUND_MAGIC: f32 = 12582912.0;
// @ts-ignore: decorator
@inline const ROUND_MAGIC_BITS: i32 = 0x4b400000;

// expm1Narrow4/expClamped4 constants, by index: see splat.ts for why they live in memory.
const EXP_K = memory.data<f32>([
  LOG2E, ROUND_MAGIC, LN2_HI, LN2_LO, // 0–3
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1, // 4–9
  1.0, EXP_MIN_INPUT, EXP_MAX_INPUT, // 10–12
]);
const EXP_I = memory.data<i32>([127, ROUND_MAGIC_BITS]);

/** e^x for each lane, with x clamped to [EXP_MIN_INPUT, EXP_MAX_INPUT]; NaN stays NaN. */
// @ts-ignore: decorator
@inline export function expClamped4(x: v128): v128 {
  // pmax/pmin (one maxps/minps each) rather than max/min, whose NaN rules V8 spells out in
  // several instructions; with x first, a NaN x is what comes out.
  x = f32x4.pmin(f32x4.pmax(x, splat(EXP_K, 11)), splat(EXP_K, 12));
  const shifted = roundedLog2e4(x);
  const er = f32x4.add(splat(EXP_K, 10), expm1Reduced4(x, f32x4.sub(shifted, splat(EXP_K, 1))));
  const n = i32x4.sub(shifted, splat(EXP_I, 1));
  const half = i32x4.shr_s(n, 1);
  const bias = splat(EXP_I, 0);
  const pow2lo = i32x4.shl(i32x4.add(half, bias), 23);
  const pow2hi = i32x4.shl(i32x4.add(i32x4.sub(n, half), bias), 23);
  return f32x4.mul(f32x4.mul(er, pow2lo), pow2hi);
}

/**
 * e^x − 1 for lanes within [−87, 88] (or NaN), accurate relative to the result near 0 as well:
 * 2^n·e^r − 1 = 2^n·expm1(r) + (2^n − 1), exact for n = 0 and free of cancellation otherwise.
 * 2^n fits one exponent field in this range. tanh and sigmoid clamp their arguments into it.
 */
// @ts-ignore: decorator
@inline export function expm1Narrow4(x: v128): v128 {
  const shifted = roundedLog2e4(x);
  const em = expm1Reduced4(x, f32x4.sub(shifted, splat(EXP_K, 1)));
  // The magic's own mantissa bits sit at bit 22 and up, and shift out: only n + 127 remains.
  const pow2 = i32x4.shl(i32x4.add(shifted, splat(EXP_I, 0)), 23);
  return f32x4.add(f32x4.mul(pow2, em), f32x4.sub(pow2, splat(EXP_K, 10)));
}

/** x·log2(e) + ROUND_MAGIC: n = round(x·log2 e) sits in the low mantissa bits. */
// @ts-ignore: decorator
@inline function roundedLog2e4(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, splat(EXP_K, 0)), splat(EXP_K, 1));
}

/**
 * e^r − 1 = r + r²·p(r) for r = x − fx·ln2, |r| <= ln2/2, with the Cephes polynomial p,
 * evaluated Estrin-style (pairs combined by powers of r): the dependent chain is 4 multiply-adds
 * deep instead of 7, and the exp's latency is what bounds tanh and sigmoid.
 */
// @ts-ignore: decorator
@inline function expm1Reduced4(x: v128, fx: v128): v128 {
  let r = f32x4.sub(x, f32x4.mul(fx, splat(EXP_K, 2)));
  r = f32x4.sub(r, f32x4.mul(fx, splat(EXP_K, 3)));
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const q01 = madd4(splat(EXP_K, 4), r, splat(EXP_K, 5));
  const q23 = madd4(splat(EXP_K, 6), r, splat(EXP_K, 7));
  const q45 = madd4(splat(EXP_K, 8), r, splat(EXP_K, 9));
  const p = madd4(r4, q01, madd4(r2, q23, q45));
  return madd4(r2, p, r);
}

/** a·b + c; one fused multiply-add in the relaxed-SIMD build (fused or not, either is accurate here). */
// @ts-ignore: decorator
@inline function madd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Scalar twin of expClamped4, used for tails and by the build without SIMD. */
// @ts-ignore: decorator
@inline export function expClamped(x: f32): f32 {
  x = min(max(x, EXP_MIN_INPUT), EXP_MAX_INPUT);
  const fx = nearest<f32>(x * LOG2E);
  let r = x - fx * LN2_HI;
  r = r - fx * LN2_LO;
  let p: f32 = 1.9875691500e-4;
  p = p * r + 1.3981999507e-3;
  p = p * r + 8.3334519073e-3;
  p = p * r + 4.1665795894e-2;
  p = p * r + 1.6666665459e-1;
  p = p * r + 5.0000001201e-1;
  const er = p * (r * r) + r + 1.0;
  const n = <i32>fx;
  const half = n >> 1;
  return er * reinterpret<f32>((half + 127) << 23) * reinterpret<f32>((n - half + 127) << 23);
}

// tanh and the logistic on the exp above, shared by the unary kernels and the fused cells.

// The scalar tanh1 computes 1 − 2/(e^{2x} + 1), which loses relative precision near 0, so below
// this |x| a Cephes odd polynomial takes over (max relative error ~1e-7 there).
// @ts-ignore: decorator
@inline const TANH_SMALL: f32 = 0.625;
// float32 tanh(x) rounds to ±1 beyond |x| ≈ 9.01; tanh4 clamps |x| here.
// @ts-ignore: decorator
@inline const TANH_ONE: f32 = 9.5;
// Past |x| = 44, e^{2|x|} is beyond the exp clamp, 2/(e^{2|x|}+1) underflows and tanh is exactly ±1,
// as float64 tanh rounds to for any |x| > 9.01.
// @ts-ignore: decorator
@inline const TANH_SATURATE: f32 = 44.0;
// Below −ln(FLT_MAX) e^{−x} would overflow; the logistic there is under 3e-39, flushed to 0.
// @ts-ignore: decorator
@inline const SIGMOID_ZERO_BELOW: f32 = -88.72283;

// tanh4 constants, by index (see splat.ts).
const TANH_K = memory.data<f32>([TANH_ONE, 2.0]);
const SIGN_BIT = memory.data<i32>([<i32>0x80000000]);

// tanh|x| = m/(m + 2) with m = e^{2|x|} − 1: expm1 keeps relative precision near 0, so no
// separate small-|x| polynomial (nor a select between two paths) is needed.
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  // Past TANH_ONE the float32 result is 1 anyway (m + 2 rounds to m); the clamp keeps 2|x| in
  // expm1Narrow4's range. pmin with ax first lets a NaN through.
  const two = splat(TANH_K, 1);
  const m = expm1Narrow4(f32x4.mul(f32x4.pmin(ax, splat(TANH_K, 0)), two));
  const t = f32x4.div(m, f32x4.add(m, two));
  // x's sign bit onto |tanh x|: odd, and tanh(−0) = −0.
  return v128.or(t, v128.and(x, splat(SIGN_BIT, 0)));
}

// @ts-ignore: decorator
@inline export function tanh1(x: f32): f32 {
  if (x != x) return x;
  const ax = Mathf.abs(x);
  if (ax < TANH_SMALL) {
    const z = x * x;
    let p: f32 = -5.70498872745e-3;
    p = p * z + 2.06390887954e-2;
    p = p * z - 5.37397155531e-2;
    p = p * z + 1.33314422036e-1;
    p = p * z - 3.33332819422e-1;
    return x * (1 + p * z);
  }
  const e2 = expClamped(2 * min(ax, TANH_SATURATE));
  const t: f32 = 1 - 2 / (e2 + 1);
  return x < 0 ? -t : t;
}

// sigmoid4 constants, by index (see splat.ts).
const SIGMOID_K = memory.data<f32>([88.0, -87.0, 1.0, SIGMOID_ZERO_BELOW, 2.0]);

// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  // 1/(2 + (e^{−x} − 1)), on tanh's expm1. −x is clamped to expm1Narrow4's [−87, 88]: above
  // x = 87 the logistic is 1 in float32 anyway, and below x = −88 it is subnormal (< 7e-39),
  // off by at most that much until the select's 0.
  const t = f32x4.pmax(f32x4.pmin(f32x4.neg(x), splat(SIGMOID_K, 0)), splat(SIGMOID_K, 1));
  const one = splat(SIGMOID_K, 2);
  const y = f32x4.div(one, f32x4.add(splat(SIGMOID_K, 4), expm1Narrow4(t)));
  return v128.andnot(y, f32x4.lt(x, splat(SIGMOID_K, 3)));
}

// @ts-ignore: decorator
@inline export function sigmoid1(x: f32): f32 {
  if (x != x) return x;
  if (x < SIGMOID_ZERO_BELOW) return 0;
  return 1 / (1 + expClamped(-x));
}
