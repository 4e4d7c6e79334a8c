// Reductions along one axis and row-wise softmax / log-softmax.
//
// A reduction sees its input as [outer, n, inner] and reduces the middle axis: sum over rows of a
// matrix is (1, rows, cols), sum over columns is (rows, cols, 1). One kernel covers every axis of
// a contiguous tensor; the inner > 1 case runs down columns with vector adds.
import { expClamped4, expClamped } from "./vmath";

/** out[o, i] (+)= Σ_j x[o, j, i]. */
export function sum_axis(out: usize, x: usize, outer: i32, n: i32, inner: i32, accumulate: i32): void {
  const innerBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * <usize>n * innerBytes;
    const dst = out + <usize>o * innerBytes;
    if (inner == 1) {
      const s = sumContiguous(src, n);
      store<f32>(dst, accumulate ? load<f32>(dst) + s : s);
      continue;
    }
    if (!accumulate) memory.fill(dst, 0, innerBytes);
    for (let j = 0; j < n; j++) {
      const row = src + <usize>j * innerBytes;
      let i = 0;
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= inner; i += 4) {
          const off = <usize>i << 2;
          v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(row + off)));
        }
      }
      for (; i < inner; i++) {
        const off = <usize>i << 2;
        store<f32>(dst + off, load<f32>(dst + off) + load<f32>(row + off));
      }
    }
  }
}

/** Σ x[0..n): four vector partial sums (also more accurate than one running sum). */
function sumContiguous(x: usize, n: i32): f32 {
  let i = 0;
  let total: f32 = 0;
  if (ASC_FEATURE_SIMD) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    for (; i + 8 <= n; i += 8) {
      const off = <usize>i << 2;
      s0 = f32x4.add(s0, v128.load(x + off));
      s1 = f32x4.add(s1, v128.load(x + off, 16));
    }
    const s = f32x4.add(s0, s1);
    total = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  }
  for (; i < n; i++) total += load<f32>(x + (<usize>i << 2));
  return total;
}

/**
 * out[o, i] = max_j x[o, j, i]; when `indices` is not 0 it receives the first j attaining the
 * maximum (as i32), which the backward pass routes the gradient to. NaN wins, as in PyTorch.
 */
export function max_axis(out: usize, indices: usize, x: usize, outer: i32, n: i32, inner: i32): void {
  const innerBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * <usize>n * innerBytes;
    for (let i = 0; i < inner; i++) {
      let best = load<f32>(src + (<usize>i << 2));
      let at = 0;
      for (let j = 1; j < n && best == best; j++) {
        const v = load<f32>(src + <usize>j * innerBytes + (<usize>i << 2));
        if (v > best || v != v) { best = v; at = j; }
      }
      const k = <usize>(o * inner + i) << 2;
      store<f32>(out + k, best);
      if (indices) store<i32>(indices + k, at);
    }
  }
}

/** Largest element of a row; the shift that makes softmax stable for any logits. */
function rowMax(x: usize, n: i32): f32 {
  let m: f32 = -Infinity;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let v = f32x4.splat(-Infinity);
    for (; i + 4 <= n; i += 4) v = f32x4.max(v, v128.load(x + (<usize>i << 2)));
    m = max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  }
  for (; i < n; i++) m = max(m, load<f32>(x + (<usize>i << 2)));
  return m;
}

/** out[j] = e^{x[j] − shift} and returns Σ out[j] (accumulated in float64). */
function expShiftedSum(out: usize, x: usize, n: i32, shift: f32): f64 {
  let i = 0;
  let total: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    const s = f32x4.splat(shift);
    let acc = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      const e = expShifted4(v128.load(x + off), s);
      v128.store(out + off, e);
      acc = f32x4.add(acc, e);
    }
    total = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1)
      + <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const d = load<f32>(x + off) - shift;
    const e: f32 = d < -103.97 ? 0 : expClamped(d);
    store<f32>(out + off, e);
    total += e;
  }
  return total;
}

// e^{x − shift}, flushing to 0 where it is below float32's smallest subnormal.
// @ts-ignore: decorator
@inline function expShifted4(x: v128, shift: v128): v128 {
  const d = f32x4.sub(x, shift);
  return v128.bitselect(f32x4.splat(0), expClamped4(d), f32x4.lt(d, f32x4.splat(-103.97)));
}

/** Row-wise softmax of x[rows×cols], stable for any finite logits. */
export function softmax_rows(out: usize, x: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2;
    const sum = expShiftedSum(out + off, x + off, cols, rowMax(x + off, cols));
    scaleInPlace(out + off, cols, <f32>(1.0 / sum));
  }
}

/**
 * Row-wise log-softmax: (x − max) − ln Σ e^{x − max}. The shift is subtracted first: x − max is
 * exact near the maximum, where subtracting a rounded max + ln Σ would cost up to half an ulp
 * of the logits' size (0.0005 for logits of 1e4).
 */
export function log_softmax_rows(out: usize, x: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2;
    const m = rowMax(x + off, cols);
    const logSum = <f32>Math.log(expShiftedSum(out + off, x + off, cols, m));
    for (let j = 0; j < cols; j++) {
      const p = off + (<usize>j << 2);
      store<f32>(out + p, (load<f32>(x + p) - m) - logSum);
    }
  }
}

/** dx += y ⊙ (dy − Σ_j dy_j·y_j), per row, from the saved softmax output y. */
export function softmax_rows_backward(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2;
    let dot: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const p = off + (<usize>j << 2);
      dot += <f64>load<f32>(dy + p) * <f64>load<f32>(y + p);
    }
    for (let j = 0; j < cols; j++) {
      const p = off + (<usize>j << 2);
      const yj = load<f32>(y + p);
      store<f32>(dx + p, load<f32>(dx + p) + yj * (load<f32>(dy + p) - <f32>dot));
    }
  }
}

/** dx += dy − e^{y} · Σ_j dy_j, per row, from the saved log-softmax output y. */
export function log_softmax_rows_backward(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2;
    let total: f64 = 0;
    for (let j = 0; j < cols; j++) total += <f64>load<f32>(dy + off + (<usize>j << 2));
    for (let j = 0; j < cols; j++) {
      const p = off + (<usize>j << 2);
      const yj = load<f32>(y + p);
      const e: f32 = yj < -103.97 ? 0 : expClamped(yj);
      store<f32>(dx + p, load<f32>(dx + p) + load<f32>(dy + p) - e * <f32>total);
    }
  }
}

function scaleInPlace(x: usize, n: i32, alpha: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const a = f32x4.splat(alpha);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(x + off, f32x4.mul(v128.load(x + off), a));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(x + off, load<f32>(x + off) * alpha);
  }
}
