// C = bias + op(A)·op(B) (or C += ...), row-major float32, for every transpose combination; the
// bias is optional: a row of n floats added to every row of C, or a whole m×n matrix (torch.addmm's
// input, either way). A matrix bias lets a recurrent step's x_t·W_ihᵀ + h·W_hhᵀ come out of one
// pass: it used to copy x_t·W_ihᵀ into C first and accumulate onto it.
//
// BLIS-style blocking: op(B) is packed, one K-block at a time, into panels of 8 columns laid out
// [p][8], and op(A), one M-block at a time, into panels of 4 rows laid out [p][4], whatever the
// transposes. The 4×8 register tile (8 accumulators) then reads both panels through one pointer
// each with constant offsets, so V8's loop is two vector loads, four broadcasts, eight multiplies
// and eight adds, with no per-row address arithmetic and nothing spilled. (Reading A in place
// cost four row addresses a step and spilled loop state; Aᵀ in place read a cache line per load.)
// Tried and slower under V8, which has 16 xmm registers and schedules every load of the loop body
// first: a 6×8 tile (12 accumulators), and unrolling p by two; both spill accumulators to the
// stack. A packed as [p][4][4] pre-broadcast vectors was no faster and slower for narrow n.
// The bias is added in the store epilogue of the first K-block only (eight loads and eight adds a
// tile, after the loop; a row bias has row stride 0), so a layer's x·Wᵀ + b needs no second pass
// over C; the loop is unchanged.

// @ts-ignore: decorator
@inline const MR: i32 = 4;
// @ts-ignore: decorator
@inline const NR: i32 = 8;
// K is blocked so one packed B panel (KC × NR floats = 8 KiB) stays in L1.
// @ts-ignore: decorator
@inline const KC: i32 = 256;
// M is blocked so the packed A block (MC × KC floats) stays in L2; a multiple of MR.
// @ts-ignore: decorator
@inline const MC: i32 = 128;

/**
 * C[m×n] (+)= op(A)[m×k] · op(B)[k×n]. `scratch` must hold KC·(roundUp(n, 8) + MC) + MR·NR
 * floats: op(B)'s packed K-block, op(A)'s packed M-block, and one tile for partial stores.
 * `bias` points to n floats added to every row of C (`biasRowBytes` 0), or to an m×n matrix whose
 * rows are `biasRowBytes` apart, or is 0 for none. With k = 0 the product is zero: C becomes the
 * bias (or zeros), or has the bias added (or is left as is) when accumulating.
 */
export function matmul(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize, accumulate: i32, scratch: usize, bias: usize, biasRowBytes: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (bias) storeBias(c, m, n, bias, biasRowBytes, accumulate);
    else if (!accumulate) memory.fill(c, 0, <usize>m * <usize>n * 4);
    return;
  }
  // A constant condition: asc compiles only the branch this build's features allow.
  if (ASC_FEATURE_SIMD) {
    matmulSimd(transA, transB, m, n, k, a, b, c, accumulate, scratch, bias, biasRowBytes);
  } else {
    const aRowStride: usize = transA ? 4 : <usize>k * 4;
    const aColStride: usize = transA ? <usize>m * 4 : 4;
    matmulScalar(m, n, k, a, aRowStride, aColStride, b, transB, c, accumulate, bias, biasRowBytes);
  }
}

/** C = bias (its rows `biasRowBytes` apart; 0: one row for all), or C += bias when accumulating. */
function storeBias(c: usize, m: i32, n: i32, bias: usize, biasRowBytes: usize, accumulate: i32): void {
  const rowBytes = <usize>n * 4;
  for (let i = 0; i < m; i++) {
    const row = c + <usize>i * rowBytes;
    const biasRow = bias + <usize>i * biasRowBytes;
    if (!accumulate) {
      memory.copy(row, biasRow, rowBytes);
      continue;
    }
    for (let j = 0; j < n; j++) {
      const d = row + <usize>j * 4;
      store<f32>(d, load<f32>(d) + load<f32>(biasRow + <usize>j * 4));
    }
  }
}

function matmulSimd(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize, accumulate: i32, scratch: usize, bias: usize, biasRowBytes: usize,
): void {
  const nPanels = (n + NR - 1) / NR;
  const ldc = <usize>n * 4;
  const aPack = scratch + <usize>(nPanels * NR * KC) * 4;
  const tileBuf = aPack + <usize>(MC * KC) * 4;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    packB(transB, n, k, pc, kc, b, scratch);
    const addToC = accumulate != 0 || pc > 0;
    // Only the first K-block's stores add the bias; later blocks add onto C, which has it.
    const kBias: usize = pc == 0 ? bias : 0;
    if (transA && nPanels == 1) {
      // One panel of B: each element of A is used once, so packing Aᵀ would only copy it. Full
      // panels of 4 rows are read in place (step p of one is 4 neighbours in row pc+p of A);
      // a partial last panel is packed, so no read runs past A.
      const full = m / MR * MR;
      const rowBytes = <usize>m * 4;
      for (let i0 = 0; i0 < full; i0 += MR) {
        const aPanel = a + (<usize>pc * <usize>m + <usize>i0) * 4;
        const iBias: usize = kBias ? kBias + <usize>i0 * biasRowBytes : 0;
        tile(kc, aPanel, rowBytes, scratch, c + <usize>i0 * ldc, ldc, MR, n, addToC, iBias, biasRowBytes, tileBuf);
      }
      if (full < m) {
        packA(transA, m, k, full, m - full, pc, kc, a, aPack);
        const iBias: usize = kBias ? kBias + <usize>full * biasRowBytes : 0;
        tile(kc, aPack, MR * 4, scratch, c + <usize>full * ldc, ldc, m - full, n, addToC, iBias, biasRowBytes, tileBuf);
      }
      continue;
    }
    for (let ic = 0; ic < m; ic += MC) {
      const mc = min(MC, m - ic);
      packA(transA, m, k, ic, mc, pc, kc, a, aPack);
      for (let jp = 0; jp < nPanels; jp++) {
        const bPanel = scratch + <usize>(jp * kc * NR) * 4;
        const j0 = jp * NR;
        const cols = min(NR, n - j0);
        const jBias: usize = kBias ? kBias + <usize>j0 * 4 : 0;
        for (let ir = 0; ir < mc; ir += MR) {
          const i0 = ic + ir;
          const aPanel = aPack + <usize>(ir * kc) * 4;
          const cTile = c + (<usize>i0 * <usize>n + <usize>j0) * 4;
          const tBias: usize = jBias ? jBias + <usize>i0 * biasRowBytes : 0;
          tile(kc, aPanel, MR * 4, bPanel, cTile, ldc, min(MR, m - i0), cols, addToC, tBias, biasRowBytes, tileBuf);
        }
      }
    }
  }
}

/**
 * One tile of C: straight into C when it is a full MR×NR, else through `tileBuf`. `bias` (0 for
 * none) points to the bias of the tile's first element; its rows are `biasRowBytes` apart.
 */
// @ts-ignore: decorator
@inline function tile(
  kc: i32, aPanel: usize, aStep: usize, bPanel: usize, c: usize, ldc: usize,
  rows: i32, cols: i32, addToC: bool, bias: usize, biasRowBytes: usize, tileBuf: usize,
): void {
  if (rows == MR && cols == NR) {
    kernel(kc, aPanel, aStep, bPanel, c, ldc, addToC, bias, biasRowBytes);
  } else {
    // The bias goes in storePartial: a partial tile's columns may end before 8 bias floats do.
    kernel(kc, aPanel, aStep, bPanel, tileBuf, NR * 4, false, 0, 0);
    storePartial(tileBuf, c, ldc, rows, cols, addToC, bias, biasRowBytes);
  }
}

/**
 * Packs rows [ic, ic+mc) × columns [pc, pc+kc) of op(A) into panels of MR rows laid out [p][MR],
 * zero-padding the last panel's missing rows.
 */
function packA(transA: i32, m: i32, k: i32, ic: i32, mc: i32, pc: i32, kc: i32, a: usize, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const i0 = ic + ir;
    const out = dst + <usize>(ir * kc) * 4;
    let p = 0;
    if (transA) {
      // op(A) = Aᵀ, A row-major k×m: a panel step is MR neighbours in row pc+p of A.
      const rowBytes = <usize>m * 4;
      let src = a + (<usize>pc * <usize>m + <usize>i0) * 4;
      if (rows == MR) {
        let o = out;
        for (; p < kc; p++) {
          v128.store(o, v128.load(src));
          src += rowBytes;
          o += MR * 4;
        }
      } else {
        for (; p < kc; p++) {
          const o = out + <usize>(p * MR) * 4;
          for (let r = 0; r < MR; r++) store<f32>(o + <usize>r * 4, r < rows ? load<f32>(src + <usize>r * 4) : 0);
          src += rowBytes;
        }
      }
    } else {
      // op(A) = A, row-major m×k: a panel is MR rows of A read across, transposed 4 steps at a time.
      const rowBytes = <usize>k * 4;
      const src = a + (<usize>i0 * <usize>k + <usize>pc) * 4;
      if (rows == MR) {
        for (; p + 4 <= kc; p += 4) {
          const s = src + <usize>p * 4;
          const o = out + <usize>(p * MR) * 4;
          transpose4(o, MR * 4, v128.load(s), v128.load(s + rowBytes), v128.load(s + 2 * rowBytes), v128.load(s + 3 * rowBytes));
        }
      }
      for (; p < kc; p++) {
        const o = out + <usize>(p * MR) * 4;
        for (let r = 0; r < MR; r++) {
          store<f32>(o + <usize>r * 4, r < rows ? load<f32>(src + <usize>r * rowBytes + <usize>p * 4) : 0);
        }
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
          transpose4(o, NR * 4, v128.load(s), v128.load(s + rowBytes), v128.load(s + 2 * rowBytes), v128.load(s + 3 * rowBytes));
          const s4 = s + 4 * rowBytes;
          transpose4(o + 16, NR * 4, v128.load(s4), v128.load(s4 + rowBytes), v128.load(s4 + 2 * rowBytes), v128.load(s4 + 3 * rowBytes));
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
 * Stores the transpose of the 4×4 block with rows r0..r3 as four 4-float groups `stride` bytes
 * apart: group q holds column q, (r0[q], r1[q], r2[q], r3[q]).
 */
// @ts-ignore: decorator
@inline function transpose4(out: usize, stride: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(out + stride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(out + 2 * stride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(out + 3 * stride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * One MR×NR tile of C (+)= [bias +] a packed A panel ([p][MR]) times a packed B panel ([p][NR])
 * over kc steps; `bias` is 0 or four rows of 8 floats, `biasRowBytes` apart (0: one row for all four).
 * Kept out of line (two call sites stop binaryen inlining
 * it) so the engine allocates registers for this loop alone.
 */
function kernel(kc: i32, ap: usize, aStep: usize, bp: usize, c: usize, ldc: usize, addToC: bool, bias: usize, biasRowBytes: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const bEnd = bp + <usize>(kc * NR) * 4;
  while (bp < bEnd) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let x = v128.load32_splat(ap);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(ap, 4);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(ap, 8);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(ap, 12);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    ap += aStep;
    bp += NR * 4;
  }
  if (bias) {
    const r1 = bias + biasRowBytes, r2 = r1 + biasRowBytes, r3 = r2 + biasRowBytes;
    c00 = f32x4.add(c00, v128.load(bias)); c01 = f32x4.add(c01, v128.load(bias, 16));
    c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  storeRow(c, c00, c01, addToC);
  storeRow(c + ldc, c10, c11, addToC);
  storeRow(c + 2 * ldc, c20, c21, addToC);
  storeRow(c + 3 * ldc, c30, c31, addToC);
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

/**
 * Copies (or adds) the valid rows × cols of a full tile computed into `tile` to C, plus `bias`
 * (rows of cols floats `biasRowBytes` apart, or 0 for none).
 */
function storePartial(tile: usize, c: usize, ldc: usize, rows: i32, cols: i32, addToC: bool, bias: usize, biasRowBytes: usize): void {
  for (let i = 0; i < rows; i++) {
    const src = tile + <usize>(i * NR) * 4;
    const dst = c + <usize>i * ldc;
    const biasRow = bias ? bias + <usize>i * biasRowBytes : 0;
    for (let j = 0; j < cols; j++) {
      const d = dst + <usize>j * 4;
      let v = load<f32>(src + <usize>j * 4);
      if (biasRow) v += load<f32>(biasRow + <usize>j * 4);
      store<f32>(d, addToC ? load<f32>(d) + v : v);
    }
  }
}

/**
 * The build without SIMD: a plain triple loop, i-p-j order so B and C are read along rows, onto C
 * set to (or added) the bias first.
 */
function matmulScalar(
  m: i32, n: i32, k: i32, a: usize, aRowStride: usize, aColStride: usize,
  b: usize, transB: i32, c: usize, accumulate: i32, bias: usize, biasRowBytes: usize,
): void {
  if (bias) storeBias(c, m, n, bias, biasRowBytes, accumulate);
  else if (!accumulate) memory.fill(c, 0, <usize>m * <usize>n * 4);
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
