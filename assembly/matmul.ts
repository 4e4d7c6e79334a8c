// C = op(A)·op(B) (or C += ...), row-major float32, for every transpose combination.
//
// BLIS-style blocking: op(B) is packed, one K-block at a time, into panels of 8 columns laid out
// [p][8], so the inner loop reads B with two aligned-stride vector loads whatever the transpose.
// A is read in place when it is not transposed: element (i, p) of op(A) sits at
// a + i·aRowStride + p·aColStride. Aᵀ is packed too, into [p][4] panels per M-block: in place it
// would be read m floats apart at every step of p, a cache line per load, with 4 KiB aliasing at
// power-of-two m (TN at m = 1024 ran at two thirds of NN's speed); the copy is one vector per p.
// A 4×8 register tile (8 accumulators) keeps the multiply-add units busy while B's panel stays
// in L1 and the rows of A stream from L2. (A 6×8 tile was tried: with A read in place V8 runs
// out of xmm registers and spills, and it measured slower.)

// @ts-ignore: decorator
@inline const MR: i32 = 4;
// @ts-ignore: decorator
@inline const NR: i32 = 8;
// K is blocked so one packed B panel (KC × NR floats = 8 KiB) stays in L1.
// @ts-ignore: decorator
@inline const KC: i32 = 256;
// M is blocked so the A rows touched per B panel stay in L2.
// @ts-ignore: decorator
@inline const MC: i32 = 128;

/**
 * C[m×n] (+)= op(A)[m×k] · op(B)[k×n]. `scratch` must hold KC·(roundUp(n, 8) + MC) floats: op(B)
 * is packed at its start and Aᵀ's M-block after it. With k = 0 the product is zero: C is zeroed, or left as is when accumulating.
 */
export function matmul(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize, accumulate: i32, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) memory.fill(c, 0, <usize>m * <usize>n * 4);
    return;
  }
  const aRowStride: usize = transA ? 4 : <usize>k * 4;
  const aColStride: usize = transA ? <usize>m * 4 : 4;
  // A constant condition: asc compiles only the branch this build's features allow.
  if (ASC_FEATURE_SIMD) {
    matmulSimd(transB, m, n, k, a, aRowStride, aColStride, b, c, accumulate, scratch);
  } else {
    matmulScalar(m, n, k, a, aRowStride, aColStride, b, transB, c, accumulate);
  }
}

function matmulSimd(
  transB: i32, m: i32, n: i32, k: i32, a: usize, aRowStride: usize, aColStride: usize,
  b: usize, c: usize, accumulate: i32, scratch: usize,
): void {
  const nPanels = (n + NR - 1) / NR;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    packB(transB, n, k, pc, kc, b, scratch);
    const addToC = accumulate != 0 || pc > 0;
    const aBlock = a + <usize>pc * aColStride;
    const aPack = scratch + <usize>(nPanels * NR * KC) * 4;
    for (let ic = 0; ic < m; ic += MC) {
      const mc = min(MC, m - ic);
      // Where row i of this M-block starts, and the strides of the A that the tile reads.
      // (m = 1 makes Aᵀ's column stride 4 too: one row, read in place.)
      const packed = aColStride != 4;
      let aRows = aBlock + <usize>ic * aRowStride, rowStride = aRowStride, colStride = aColStride;
      if (packed) {
        packTransposedA(m, ic, mc, kc, aBlock, aPack);
        aRows = aPack; rowStride = 4; colStride = MR * 4;
      }
      for (let jp = 0; jp < nPanels; jp++) {
        const bPanel = scratch + <usize>(jp * kc * NR) * 4;
        const j0 = jp * NR;
        const cols = min(NR, n - j0);
        for (let ir = 0; ir < mc; ir += MR) {
          const i0 = ic + ir;
          const rows = min(MR, m - i0);
          // A packed panel is MR rows wide and kc deep, so its row ir starts ir·kc floats in.
          // Packed panels are zero-padded, so all MR of their rows are valid to read.
          const aTile = packed ? aPack + <usize>(ir * kc) * 4 : aRows + <usize>ir * rowStride;
          tile4x8(
            kc, aTile, rowStride, colStride, packed ? MR : rows, bPanel,
            c + (<usize>i0 * <usize>n + <usize>j0) * 4, <usize>n * 4, rows, cols, addToC,
          );
        }
      }
    }
  }
}

/**
 * Packs rows [ic, ic+mc) × columns [pc, pc+kc) of op(A) = Aᵀ (A row-major k×m, `aBlock` at its
 * row pc) into panels of MR rows laid out [p][MR], zero-padding the last panel's missing rows.
 * Row p of A holds the MR values of a panel step side by side: one vector copy each.
 */
function packTransposedA(m: i32, ic: i32, mc: i32, kc: i32, aBlock: usize, dst: usize): void {
  const rowBytes = <usize>m * 4;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let src = aBlock + <usize>(ic + ir) * 4;
    let out = dst + <usize>(ir * kc) * 4;
    if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        v128.store(out, v128.load(src));
        src += rowBytes;
        out += MR * 4;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) {
          store<f32>(out + <usize>ii * 4, ii < rows ? load<f32>(src + <usize>ii * 4) : 0);
        }
        src += rowBytes;
        out += MR * 4;
      }
    }
  }
}

/** Packs rows [pc, pc+kc) of op(B) into column panels of NR, zero-padding the last panel. */
function packB(transB: i32, n: i32, k: i32, pc: i32, kc: i32, b: usize, dst: usize): void {
  const nPanels = (n + NR - 1) / NR;
  for (let jp = 0; jp < nPanels; jp++) {
    const j0 = jp * NR;
    const cols = min(NR, n - j0);
    let out = dst + <usize>(jp * kc * NR) * 4;
    if (!transB) {
      // op(B) = B, row-major k×n: each panel row is a contiguous run of 8 floats.
      let src = b + (<usize>pc * <usize>n + <usize>j0) * 4;
      const rowBytes = <usize>n * 4;
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
          src += rowBytes;
          out += NR * 4;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let jj = 0; jj < NR; jj++) {
            store<f32>(out + <usize>jj * 4, jj < cols ? load<f32>(src + <usize>jj * 4) : 0);
          }
          src += rowBytes;
          out += NR * 4;
        }
      }
    } else {
      // op(B) = Bᵀ with B row-major n×k: a panel is an 8×kc slab of B read down its columns.
      const src = b + (<usize>j0 * <usize>k + <usize>pc) * 4;
      const rowBytes = <usize>k * 4;
      let p = 0;
      if (cols == NR) {
        // Four steps of p at a time: two 4×4 transposes in registers instead of 32 scalar
        // copies. With few rows of A to share it (a recurrent layer's dX = dY·Wᵀ), the scalar
        // copy took a third of the product's time.
        for (; p + 4 <= kc; p += 4) {
          const s = src + <usize>p * 4;
          const o = out + <usize>(p * NR) * 4;
          transpose4(o, v128.load(s), v128.load(s + rowBytes), v128.load(s + 2 * rowBytes), v128.load(s + 3 * rowBytes));
          const s4 = s + 4 * rowBytes;
          transpose4(o + 16, v128.load(s4), v128.load(s4 + rowBytes), v128.load(s4 + 2 * rowBytes), v128.load(s4 + 3 * rowBytes));
        }
      }
      for (let jj = 0; jj < NR; jj++) {
        let o = out + <usize>(p * NR + jj) * 4;
        if (jj < cols) {
          let s = src + <usize>jj * rowBytes + <usize>p * 4;
          for (let q = p; q < kc; q++) {
            store<f32>(o, load<f32>(s));
            s += 4;
            o += NR * 4;
          }
        } else {
          for (let q = p; q < kc; q++) {
            store<f32>(o, 0);
            o += NR * 4;
          }
        }
      }
    }
  }
}

/**
 * Stores the transpose of the 4×4 block with rows r0..r3 as four 4-float groups NR floats
 * apart: group q holds column q, (r0[q], r1[q], r2[q], r3[q]).
 */
// @ts-ignore: decorator
@inline function transpose4(out: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(out, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), NR * 4);
  v128.store(out, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 2 * NR * 4);
  v128.store(out, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 3 * NR * 4);
}

/**
 * One MR×NR tile of C from kc steps of A rows and a packed B panel. Rows past `rows` re-read the
 * last valid row of A (harmless, discarded), so the loop body never branches.
 */
// @ts-ignore: decorator
@inline function tile4x8(
  kc: i32, a: usize, aRowStride: usize, aColStride: usize, rowsValid: i32, bp: usize,
  c: usize, ldcBytes: usize, rows: i32, cols: i32, addToC: bool,
): void {
  const a0 = a;
  const a1 = a + (rowsValid > 1 ? aRowStride : 0);
  const a2 = a + (rowsValid > 2 ? 2 * aRowStride : 0);
  const a3 = a + (rowsValid > 3 ? 3 * aRowStride : 0);
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let off: usize = 0;
  let b = bp;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const x0 = v128.load32_splat(a0 + off);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    const x1 = v128.load32_splat(a1 + off);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    const x2 = v128.load32_splat(a2 + off);
    c20 = madd(x2, b0, c20);
    c21 = madd(x2, b1, c21);
    const x3 = v128.load32_splat(a3 + off);
    c30 = madd(x3, b0, c30);
    c31 = madd(x3, b1, c31);
    off += aColStride;
    b += NR * 4;
  }
  if (rows == MR && cols == NR) {
    storeRow(c, c00, c01, addToC);
    storeRow(c + ldcBytes, c10, c11, addToC);
    storeRow(c + 2 * ldcBytes, c20, c21, addToC);
    storeRow(c + 3 * ldcBytes, c30, c31, addToC);
  } else {
    storeRowPartial(c, c00, c01, cols, addToC);
    if (rows > 1) storeRowPartial(c + ldcBytes, c10, c11, cols, addToC);
    if (rows > 2) storeRowPartial(c + 2 * ldcBytes, c20, c21, cols, addToC);
    if (rows > 3) storeRowPartial(c + 3 * ldcBytes, c30, c31, cols, addToC);
  }
}

/** acc + x·y; a fused multiply-add where the relaxed-SIMD build allows it. */
// @ts-ignore: decorator
@inline function madd(x: v128, y: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, y, acc);
  return f32x4.add(acc, f32x4.mul(x, y));
}

// @ts-ignore: decorator
@inline function storeRow(c: usize, lo: v128, hi: v128, addToC: bool): void {
  if (addToC) {
    lo = f32x4.add(lo, v128.load(c));
    hi = f32x4.add(hi, v128.load(c, 16));
  }
  v128.store(c, lo);
  v128.store(c, hi, 16);
}

function storeRowPartial(c: usize, lo: v128, hi: v128, cols: i32, addToC: bool): void {
  for (let j = 0; j < cols; j++) {
    let v: f32;
    switch (j) {
      case 0: v = f32x4.extract_lane(lo, 0); break;
      case 1: v = f32x4.extract_lane(lo, 1); break;
      case 2: v = f32x4.extract_lane(lo, 2); break;
      case 3: v = f32x4.extract_lane(lo, 3); break;
      case 4: v = f32x4.extract_lane(hi, 0); break;
      case 5: v = f32x4.extract_lane(hi, 1); break;
      case 6: v = f32x4.extract_lane(hi, 2); break;
      default: v = f32x4.extract_lane(hi, 3); break;
    }
    const dst = c + <usize>j * 4;
    store<f32>(dst, addToC ? load<f32>(dst) + v : v);
  }
}

/** The build without SIMD: a plain triple loop, i-p-j order so B and C are read along rows. */
function matmulScalar(
  m: i32, n: i32, k: i32, a: usize, aRowStride: usize, aColStride: usize,
  b: usize, transB: i32, c: usize, accumulate: i32,
): void {
  if (!accumulate) memory.fill(c, 0, <usize>m * <usize>n * 4);
  const bRow: usize = transB ? 4 : <usize>n * 4;
  const bCol: usize = transB ? <usize>k * 4 : 4;
  for (let i = 0; i < m; i++) {
    const cRow = c + <usize>i * <usize>n * 4;
    for (let p = 0; p < k; p++) {
      const x = load<f32>(a + <usize>i * aRowStride + <usize>p * aColStride);
      const bp = b + <usize>p * bRow;
      for (let j = 0; j < n; j++) {
        const dst = cRow + <usize>j * 4;
        store<f32>(dst, load<f32>(dst) + x * load<f32>(bp + <usize>j * bCol));
      }
    }
  }
}
