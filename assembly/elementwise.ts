// Binary elementwise ops with broadcasting, and the BLAS-1 style helpers.
//
// One mechanism serves every broadcast: the caller (packages/kernels) collapses the operands'
// shapes to at most three dimensions [d0, d1, d2] with an element stride per operand and
// dimension, 0 where that operand is broadcast. The innermost loop then meets one of three
// cases, each vectorised: both operands contiguous, or one of them a repeated scalar.
// `accumulate` turns out = a∘b into out += a∘b, which is what backward passes need.

// @ts-ignore: decorator
@inline const OP_ADD: i32 = 0;
// @ts-ignore: decorator
@inline const OP_SUB: i32 = 1;
// @ts-ignore: decorator
@inline const OP_MUL: i32 = 2;
// @ts-ignore: decorator
@inline const OP_DIV: i32 = 3;
// @ts-ignore: decorator
@inline const OP_MAX: i32 = 4;
// @ts-ignore: decorator
@inline const OP_MIN: i32 = 5;

// @ts-ignore: decorator
@inline function apply4(op: i32, x: v128, y: v128): v128 {
  if (op == OP_ADD) return f32x4.add(x, y);
  if (op == OP_SUB) return f32x4.sub(x, y);
  if (op == OP_MUL) return f32x4.mul(x, y);
  if (op == OP_DIV) return f32x4.div(x, y);
  if (op == OP_MAX) return f32x4.max(x, y);
  return f32x4.min(x, y);
}

// @ts-ignore: decorator
@inline function apply(op: i32, x: f32, y: f32): f32 {
  if (op == OP_ADD) return x + y;
  if (op == OP_SUB) return x - y;
  if (op == OP_MUL) return x * y;
  if (op == OP_DIV) return x / y;
  if (op == OP_MAX) return max(x, y);
  return min(x, y);
}

/** out[i0,i1,i2] (+)= a[i0·as0 + i1·as1 + i2·as2] ∘ b[...]; `op` is a constant after inlining. */
// @ts-ignore: decorator
@inline function binaryStrided(
  op: i32, out: usize, a: usize, b: usize, d0: i32, d1: i32, d2: i32,
  as0: i32, as1: i32, as2: i32, bs0: i32, bs1: i32, bs2: i32, accumulate: i32,
): void {
  let o = out;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      const pa = a + (<usize>(i0 * as0 + i1 * as1) << 2);
      const pb = b + (<usize>(i0 * bs0 + i1 * bs1) << 2);
      innerRow(op, o, pa, pb, d2, as2, bs2, accumulate);
      o += <usize>d2 << 2;
    }
  }
}

// @ts-ignore: decorator
@inline function innerRow(op: i32, o: usize, pa: usize, pb: usize, n: i32, sa: i32, sb: i32, accumulate: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (sa == 1 && sb == 1) {
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        storeOut4(o + off, apply4(op, v128.load(pa + off), v128.load(pb + off)), accumulate);
      }
    } else if (sa == 1 && sb == 0) {
      const y = v128.load32_splat(pb);
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        storeOut4(o + off, apply4(op, v128.load(pa + off), y), accumulate);
      }
    } else if (sa == 0 && sb == 1) {
      const x = v128.load32_splat(pa);
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        storeOut4(o + off, apply4(op, x, v128.load(pb + off)), accumulate);
      }
    }
  }
  for (; i < n; i++) {
    const v = apply(op, load<f32>(pa + (<usize>(i * sa) << 2)), load<f32>(pb + (<usize>(i * sb) << 2)));
    const dst = o + (<usize>i << 2);
    store<f32>(dst, accumulate ? load<f32>(dst) + v : v);
  }
}

// @ts-ignore: decorator
@inline function storeOut4(dst: usize, v: v128, accumulate: i32): void {
  v128.store(dst, accumulate ? f32x4.add(v128.load(dst), v) : v);
}

export function add_strided(out: usize, a: usize, b: usize, d0: i32, d1: i32, d2: i32, as0: i32, as1: i32, as2: i32, bs0: i32, bs1: i32, bs2: i32, acc: i32): void {
  binaryStrided(OP_ADD, out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2, acc);
}
export function sub_strided(out: usize, a: usize, b: usize, d0: i32, d1: i32, d2: i32, as0: i32, as1: i32, as2: i32, bs0: i32, bs1: i32, bs2: i32, acc: i32): void {
  binaryStrided(OP_SUB, out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2, acc);
}
export function mul_strided(out: usize, a: usize, b: usize, d0: i32, d1: i32, d2: i32, as0: i32, as1: i32, as2: i32, bs0: i32, bs1: i32, bs2: i32, acc: i32): void {
  binaryStrided(OP_MUL, out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2, acc);
}
export function div_strided(out: usize, a: usize, b: usize, d0: i32, d1: i32, d2: i32, as0: i32, as1: i32, as2: i32, bs0: i32, bs1: i32, bs2: i32, acc: i32): void {
  binaryStrided(OP_DIV, out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2, acc);
}
export function max_strided(out: usize, a: usize, b: usize, d0: i32, d1: i32, d2: i32, as0: i32, as1: i32, as2: i32, bs0: i32, bs1: i32, bs2: i32, acc: i32): void {
  binaryStrided(OP_MAX, out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2, acc);
}
export function min_strided(out: usize, a: usize, b: usize, d0: i32, d1: i32, d2: i32, as0: i32, as1: i32, as2: i32, bs0: i32, bs1: i32, bs2: i32, acc: i32): void {
  binaryStrided(OP_MIN, out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2, acc);
}

/** out[i] = value. */
export function fill(out: usize, n: i32, value: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v = f32x4.splat(value);
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), v);
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), value);
}

/** out[i] = src[i]; overlapping ranges are allowed (memmove semantics). */
export function copy(out: usize, src: usize, n: i32): void {
  memory.copy(out, src, <usize>n << 2);
}

/** out[i] = alpha·x[i]. */
export function scale(out: usize, x: usize, n: i32, alpha: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(alpha);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, f32x4.mul(va, v128.load(x + off)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, alpha * load<f32>(x + off));
  }
}

/** y[i] += alpha·x[i]. */
export function axpy(y: usize, x: usize, n: i32, alpha: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f32x4.splat(alpha);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(y + off, f32x4.add(v128.load(y + off), f32x4.mul(va, v128.load(x + off))));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(y + off, load<f32>(y + off) + alpha * load<f32>(x + off));
  }
}

/**
 * Strided block copy: for c < count, out[c·outStride + i] (+)= x[c·xStride + i] for i < blockLen
 * (strides in elements). Slicing, concatenation, stacking and their gradients are all this loop.
 */
export function copy_blocks(out: usize, outStride: i32, x: usize, xStride: i32, blockLen: i32, count: i32, accumulate: i32): void {
  const ob = <usize>outStride << 2, xb = <usize>xStride << 2;
  let o = out, s = x;
  if (!accumulate) {
    const bytes = <usize>blockLen << 2;
    for (let c = 0; c < count; c++) {
      memory.copy(o, s, bytes);
      o += ob; s += xb;
    }
    return;
  }
  for (let c = 0; c < count; c++) {
    axpy(o, s, blockLen, 1);
    o += ob; s += xb;
  }
}
