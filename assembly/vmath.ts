// Vectorised float32 exp, built the Cephes way: split x = n·ln2 + r, a degree-6 polynomial for
// e^r on |r| <= ln2/2, and 2^n assembled directly in the exponent bits. Relative error is about
// 2 ulp, which keeps tanh/sigmoid well inside their 1e-6 absolute budget.

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

/** e^x for each lane, with x clamped to [EXP_MIN_INPUT, EXP_MAX_INPUT]; NaN stays NaN. */
// @ts-ignore: decorator
@inline export function expClamped4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(EXP_MIN_INPUT)), f32x4.splat(EXP_MAX_INPUT));
  const fx = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  const er = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1.0));
  const n = i32x4.trunc_sat_f32x4_s(fx);
  const half = i32x4.shr_s(n, 1);
  const bias = i32x4.splat(127);
  const pow2lo = i32x4.shl(i32x4.add(half, bias), 23);
  const pow2hi = i32x4.shl(i32x4.add(i32x4.sub(n, half), bias), 23);
  return f32x4.mul(f32x4.mul(er, pow2lo), pow2hi);
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
