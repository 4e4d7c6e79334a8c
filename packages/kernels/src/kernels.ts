// The kernels as a JavaScript API: one instance owns a WebAssembly memory, its allocator and a
// compiled kernel build. Every function takes WasmBuffers (or Float32Array views of this
// instance's memory), checks sizes and aliasing, and passes bare pointers to the module: no
// operand is ever copied.
import { Allocator, type MemoryStats } from "./allocator";
import { broadcastShapes, broadcastStrides, coalesce, sizeOf } from "./broadcast";
import { WasmBuffer, type ElementType, type F32Buffer, type I32Buffer } from "./buffer";
import { checkFinite, checkLength, checkNoAlias, checkSize, describe, type Region } from "./checks";
import { matmulScratchLength, type KernelExports } from "./exports";
import { detectBuild, instantiate, type BuildName } from "./load";
import type { AdamStepScalars, AxisView, BinaryOp, BinaryShapes, MatmulDims, UnaryBackwardOp, UnaryOp } from "./types";

const PAGE_BYTES = 65536;
const NO_SHAPES: BinaryShapes = {};

/** True when the operands are flat arrays of `length` or share one shape (no broadcasting). */
function sameShapes(a: readonly number[] | undefined, b: readonly number[] | undefined, length: number): boolean {
  if (a === undefined && b === undefined) return true;
  if (a === undefined || b === undefined) return (a ?? b)!.length <= 1 && sizeOf((a ?? b)!) === length;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A strided block range [off, off + (count−1)·stride + blockLen) must lie inside the region. */
function checkBlocks(op: string, name: string, r: Region, off: number, stride: number, blockLen: number, count: number): void {
  checkSize(op, `${name} offset`, off); checkSize(op, `${name} stride`, stride);
  checkSize(op, "blockLen", blockLen); checkSize(op, "count", count);
  const end = off + (count - 1) * stride + blockLen;
  if (end > r.length) {
    throw new Error(`${op}: ${name} has ${r.length} elements, but ${count} blocks of ${blockLen} at offset ${off}, stride ${stride} reach element ${end}`);
  }
}
/** wasm32 can address 4 GiB; engines accept a maximum of 65536 pages. */
const MAX_MEMORY_BYTES = 65536 * PAGE_BYTES;

export interface KernelsOptions {
  /** Which build to run; detected when omitted (relaxed SIMD, else SIMD, else scalar). */
  build?: BuildName;
  /** Initial memory size in bytes (rounded up to 64 KiB pages). Default 16 MiB. */
  initialBytes?: number;
  /** Memory may grow up to this many bytes; beyond it allocation throws. Default 4 GiB. */
  maximumBytes?: number;
}

/** A float32 operand: a buffer from this instance, or a Float32Array view of its memory. */
export type F32 = F32Buffer | Float32Array;

export class Kernels {
  readonly build: BuildName;
  readonly memory: WebAssembly.Memory;
  /** The most bytes the memory may ever grow to: no request above it can succeed. */
  readonly maximumBytes: number;
  private readonly wasm: KernelExports;
  private readonly allocator: Allocator;
  private scratch: F32Buffer | null = null;

  constructor(options: KernelsOptions = {}) {
    this.build = options.build ?? detectBuild();
    const maximumBytes = Math.min(options.maximumBytes ?? MAX_MEMORY_BYTES, MAX_MEMORY_BYTES);
    this.maximumBytes = maximumBytes;
    const initialBytes = Math.min(options.initialBytes ?? 16 * 2 ** 20, maximumBytes);
    this.memory = new WebAssembly.Memory({
      initial: Math.ceil(initialBytes / PAGE_BYTES),
      maximum: Math.floor(maximumBytes / PAGE_BYTES),
    });
    this.wasm = instantiate(this.build, this.memory) as unknown as KernelExports;
    this.allocator = new Allocator(this.memory, this.wasm.heapBase(), maximumBytes);
  }

  // ---- memory ---------------------------------------------------------------------------------

  /** A float32 buffer of `length` elements, zero-filled unless `zero` is false. */
  alloc(length: number, zero = true): F32Buffer {
    checkSize("kernels.alloc", "length", length);
    const buf = new WasmBuffer(this, this.allocator.alloc(length * 4), length, "f32");
    if (zero) this.wasm.fill(buf.ptr, length, 0);
    return buf;
  }

  /** An int32 buffer of `length` elements, zero-filled (indices for gather and max). */
  allocI32(length: number): I32Buffer {
    checkSize("kernels.allocI32", "length", length);
    const buf = new WasmBuffer(this, this.allocator.alloc(length * 4), length, "i32");
    buf.data.fill(0);
    return buf;
  }

  /** A float32 buffer holding a copy of `values`. */
  fromArray(values: ArrayLike<number>): F32Buffer {
    const buf = this.alloc(values.length, false);
    buf.data.set(values);
    return buf;
  }

  stats(): MemoryStats {
    return this.allocator.stats();
  }

  resetPeak(): void {
    this.allocator.resetPeak();
  }

  /** Called by WasmBuffer.free(); returns the block to the allocator. */
  release(ptr: number): void {
    this.allocator.free(ptr);
  }

  // ---- matmul ---------------------------------------------------------------------------------

  /**
   * c (+)= bias + op(a)·op(b) with op(a) m×k and op(b) k×n, row-major; any sizes, all transposes.
   * The optional bias [n] is added to every row of c (torch.addmm) in the kernel's first store,
   * at no extra pass over c.
   */
  matmul(a: F32, b: F32, c: F32, dims: MatmulDims, bias: F32 | null = null): void {
    const op = "matmul";
    const { m, n, k, transA = false, transB = false, accumulate = false } = dims;
    checkSize(op, "m", m); checkSize(op, "n", n); checkSize(op, "k", k);
    const ra = this.region(op, "a", a), rb = this.region(op, "b", b), rc = this.region(op, "c", c);
    checkLength(op, "a", ra, m * k, () => `A is ${transA ? `[${k}, ${m}] (transposed)` : `[${m}, ${k}]`}`);
    checkLength(op, "b", rb, k * n, () => `B is ${transB ? `[${n}, ${k}] (transposed)` : `[${k}, ${n}]`}`);
    checkLength(op, "c", rc, m * n, () => `C is [${m}, ${n}]`);
    let biasPtr = 0;
    if (bias === null) {
      checkNoAlias(op, rc, { a: ra, b: rb }, false);
    } else {
      const rbias = this.region(op, "bias", bias);
      checkLength(op, "bias", rbias, n, () => `one bias per column of C, which is [${m}, ${n}]`);
      checkNoAlias(op, rc, { a: ra, b: rb, bias: rbias }, false);
      biasPtr = rbias.ptr;
    }
    const scratch = this.matmulScratch(n);
    this.wasm.matmul(+transA, +transB, m, n, k, ra.ptr, rb.ptr, rc.ptr, +accumulate, scratch, biasPtr);
  }

  private matmulScratch(n: number): number {
    const need = matmulScratchLength(n);
    if (!this.scratch || this.scratch.length < need) {
      this.scratch?.free();
      this.scratch = this.alloc(need, false);
    }
    return this.scratch.ptr;
  }

  // ---- elementwise ----------------------------------------------------------------------------

  /** out (+)= a ∘ b with NumPy broadcasting (shapes default to flat arrays of equal length). */
  binary(op: BinaryOp, out: F32, a: F32, b: F32, shapes: BinaryShapes = NO_SHAPES): void {
    const name = op;
    const ro = this.region(name, "out", out), ra = this.region(name, "a", a), rb = this.region(name, "b", b);
    if (ra.length === rb.length && ro.length === ra.length && sameShapes(shapes.aShape, shapes.bShape, ra.length)) {
      // Same shapes, no broadcast: one flat kernel call, none of the stride bookkeeping below.
      checkNoAlias(name, ro, { a: ra, b: rb }, true);
      this.wasm[`${op}_strided`](ro.ptr, ra.ptr, rb.ptr, 1, 1, ra.length, 0, 0, 1, 0, 0, 1, shapes.accumulate ? 1 : 0);
      return;
    }
    const aShape = shapes.aShape ?? [ra.length];
    const bShape = shapes.bShape ?? [rb.length];
    if (!shapes.aShape && !shapes.bShape && ra.length !== rb.length) {
      throw new Error(`${name}: a has ${ra.length} elements and b has ${rb.length}; pass aShape/bShape to broadcast`);
    }
    const outShape = broadcastShapes(name, aShape, bShape);
    checkLength(name, "a", ra, sizeOf(aShape), () => `aShape is [${aShape.join(", ")}]`);
    checkLength(name, "b", rb, sizeOf(bShape), () => `bShape is [${bShape.join(", ")}]`);
    checkLength(name, "out", ro, sizeOf(outShape), () => `the broadcast shape is [${outShape.join(", ")}]`);
    // In place is safe only when the aliased operand is read exactly once per output element.
    checkNoAlias(name, ro, { a: ra, b: rb }, true);
    const loop = coalesce(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
    const kernel = this.wasm[`${op}_strided`];
    this.forEachBlock(loop.dims, loop.strides, (dims, [sa, sb], [oa, ob], oo) => {
      kernel(ro.ptr + 4 * oo, ra.ptr + 4 * oa, rb.ptr + 4 * ob, dims[0], dims[1], dims[2],
        sa[0], sa[1], sa[2], sb[0], sb[1], sb[2], +(shapes.accumulate ?? false));
    });
  }

  add(out: F32, a: F32, b: F32, shapes?: BinaryShapes): void { this.binary("add", out, a, b, shapes); }
  sub(out: F32, a: F32, b: F32, shapes?: BinaryShapes): void { this.binary("sub", out, a, b, shapes); }
  mul(out: F32, a: F32, b: F32, shapes?: BinaryShapes): void { this.binary("mul", out, a, b, shapes); }
  div(out: F32, a: F32, b: F32, shapes?: BinaryShapes): void { this.binary("div", out, a, b, shapes); }
  max(out: F32, a: F32, b: F32, shapes?: BinaryShapes): void { this.binary("max", out, a, b, shapes); }
  min(out: F32, a: F32, b: F32, shapes?: BinaryShapes): void { this.binary("min", out, a, b, shapes); }

  /**
   * Runs `body` over the loop in blocks of three dimensions: the kernel's own loop covers the
   * innermost three, and JavaScript walks any further outer ones (rare after coalescing).
   */
  private forEachBlock(
    dims: number[], strides: number[][],
    body: (dims: number[], strides: number[][], offsets: number[], outOffset: number) => void,
  ): void {
    const pad = Math.max(0, 3 - dims.length);
    const full = [...Array(pad).fill(1), ...dims];
    const fullStrides = strides.map((s) => [...Array(pad).fill(0), ...s]);
    const outer = full.length - 3;
    const inner = full.slice(outer);
    const innerStrides = fullStrides.map((s) => s.slice(outer));
    const blockSize = sizeOf(inner);
    const outerCount = sizeOf(full.slice(0, outer));
    const index = new Array<number>(outer).fill(0);
    for (let block = 0; block < outerCount; block++) {
      const offsets = fullStrides.map((s) => index.reduce((acc, ix, d) => acc + ix * s[d], 0));
      body(inner, innerStrides, offsets, block * blockSize);
      for (let d = outer - 1; d >= 0; d--) {
        if (++index[d] < full[d]) break;
        index[d] = 0;
      }
    }
  }

  /** out[i] = value. */
  fill(out: F32, value: number): void {
    checkFinite("fill", "value", value);
    const r = this.region("fill", "out", out);
    this.wasm.fill(r.ptr, r.length, value);
  }

  /** out[i] = src[i]. */
  copy(out: F32, src: F32): void {
    const ro = this.region("copy", "out", out), rs = this.region("copy", "src", src);
    checkLength("copy", "out", ro, rs.length, "src and out must have the same length");
    this.wasm.copy(ro.ptr, rs.ptr, rs.length);
  }

  /** out = alpha·x. */
  scale(out: F32, x: F32, alpha: number): void {
    checkFinite("scale", "alpha", alpha);
    const ro = this.region("scale", "out", out), rx = this.region("scale", "x", x);
    checkLength("scale", "out", ro, rx.length, "x and out must have the same length");
    checkNoAlias("scale", ro, { x: rx }, true);
    this.wasm.scale(ro.ptr, rx.ptr, rx.length, alpha);
  }

  /** y += alpha·x. */
  axpy(y: F32, x: F32, alpha: number): void {
    checkFinite("axpy", "alpha", alpha);
    const ry = this.region("axpy", "y", y), rx = this.region("axpy", "x", x);
    checkLength("axpy", "y", ry, rx.length, "x and y must have the same length");
    checkNoAlias("axpy", ry, { x: rx }, true);
    this.wasm.axpy(ry.ptr, rx.ptr, rx.length, alpha);
  }

  /**
   * Strided block copy: out[outOff + c·outStride + i] (+)= x[xOff + c·xStride + i] for c < count,
   * i < blockLen (offsets and strides in elements). out and x must not overlap.
   */
  copyBlocks(
    out: F32, outOff: number, outStride: number, x: F32, xOff: number, xStride: number,
    blockLen: number, count: number, accumulate: boolean,
  ): void {
    const op = "copyBlocks";
    const ro = this.region(op, "out", out), rx = this.region(op, "x", x);
    if (count === 0 || blockLen === 0) return;
    checkBlocks(op, "out", ro, outOff, outStride, blockLen, count);
    checkBlocks(op, "x", rx, xOff, xStride, blockLen, count);
    checkNoAlias(op, ro, { x: rx }, false);
    this.wasm.copy_blocks(ro.ptr + 4 * outOff, outStride, rx.ptr + 4 * xOff, xStride, blockLen, count, accumulate ? 1 : 0);
  }

  // ---- fused recurrent cells (assembly/cells.ts) --------------------------------------------------

  /**
   * One LSTM step's element-wise part: gates [B, 4H] pre-activations (i, f, g, o), cPrev [B, H]
   * → act [B, 5H] (σi, σf, tanh g, σo, tanh c, saved for backward), c [B, H], h [B, H].
   */
  lstmCell(act: F32, c: F32, h: F32, gates: F32, cPrev: F32, batch: number, hidden: number): void {
    const op = "lstmCell";
    const ra = this.cellRegion(op, "act", act, batch, 5 * hidden), rc = this.cellRegion(op, "c", c, batch, hidden);
    const rh = this.cellRegion(op, "h", h, batch, hidden), rg = this.cellRegion(op, "gates", gates, batch, 4 * hidden);
    const rp = this.cellRegion(op, "cPrev", cPrev, batch, hidden);
    for (const o of [ra, rc, rh]) checkNoAlias(op, o, { gates: rg, cPrev: rp }, false);
    checkNoAlias(op, ra, { c: rc, h: rh }, false);
    checkNoAlias(op, rc, { h: rh }, false);
    this.wasm.lstm_cell(rg.ptr, rp.ptr, ra.ptr, rc.ptr, rh.ptr, batch, hidden);
  }

  /** Backward of h = σo·tanh c: dgates (o block, optional) and dc accumulate, from dh. */
  lstmHBackward(dgates: F32 | null, dc: F32, dh: F32, act: F32, batch: number, hidden: number): void {
    const op = "lstmHBackward";
    const rdc = this.cellRegion(op, "dc", dc, batch, hidden), rdh = this.cellRegion(op, "dh", dh, batch, hidden);
    const ra = this.cellRegion(op, "act", act, batch, 5 * hidden);
    checkNoAlias(op, rdc, { dh: rdh, act: ra }, false);
    let gp = 0;
    if (dgates !== null) {
      const rdg = this.cellRegion(op, "dgates", dgates, batch, 4 * hidden);
      checkNoAlias(op, rdg, { dc: rdc, dh: rdh, act: ra }, false);
      gp = rdg.ptr;
    }
    this.wasm.lstm_h_backward(gp, rdc.ptr, rdh.ptr, ra.ptr, batch, hidden);
  }

  /** Backward of c = σf·cPrev + σi·tanh g: dgates (i, f, g blocks) and dcPrev accumulate, from dc. */
  lstmCBackward(dgates: F32 | null, dcPrev: F32 | null, dc: F32, act: F32, cPrev: F32, batch: number, hidden: number): void {
    const op = "lstmCBackward";
    const rdc = this.cellRegion(op, "dc", dc, batch, hidden), ra = this.cellRegion(op, "act", act, batch, 5 * hidden);
    const rp = this.cellRegion(op, "cPrev", cPrev, batch, hidden);
    const ins = { dc: rdc, act: ra, cPrev: rp };
    let gp = 0, pp = 0;
    if (dgates !== null) {
      const r = this.cellRegion(op, "dgates", dgates, batch, 4 * hidden);
      checkNoAlias(op, r, ins, false);
      gp = r.ptr;
    }
    if (dcPrev !== null) {
      const r = this.cellRegion(op, "dcPrev", dcPrev, batch, hidden);
      checkNoAlias(op, r, ins, false);
      pp = r.ptr;
    }
    this.wasm.lstm_c_backward(gp, pp, rdc.ptr, ra.ptr, rp.ptr, batch, hidden);
  }

  /**
   * The whole LSTM step backward in one pass (hand-written BPTT): from dh and dc (dL/dc_t carried
   * from step t+1, null = zero), dgates [B, 4H] and dcPrev [B, H] (null = not wanted) are written,
   * or added to with `accumulate`.
   */
  lstmCellBackward(
    dgates: F32, dcPrev: F32 | null, dh: F32, dc: F32 | null, act: F32, cPrev: F32, batch: number, hidden: number, accumulate = false,
  ): void {
    const op = "lstmCellBackward";
    const rdh = this.cellRegion(op, "dh", dh, batch, hidden), ra = this.cellRegion(op, "act", act, batch, 5 * hidden);
    const rp = this.cellRegion(op, "cPrev", cPrev, batch, hidden);
    const ins: Record<string, Region> = { dh: rdh, act: ra, cPrev: rp };
    let cp = 0;
    if (dc !== null) {
      const r = this.cellRegion(op, "dc", dc, batch, hidden);
      ins.dc = r;
      cp = r.ptr;
    }
    const rdg = this.cellRegion(op, "dgates", dgates, batch, 4 * hidden);
    checkNoAlias(op, rdg, ins, false);
    ins.dgates = rdg;
    let pp = 0;
    if (dcPrev !== null) {
      const r = this.cellRegion(op, "dcPrev", dcPrev, batch, hidden);
      checkNoAlias(op, r, ins, false);
      pp = r.ptr;
    }
    this.wasm.lstm_cell_backward(rdg.ptr, pp, rdh.ptr, cp, ra.ptr, rp.ptr, batch, hidden, +accumulate);
  }

  /**
   * One GRU step's element-wise part (PyTorch): xp [B, 3H] = W_ih x + b_ih, gh [B, 3H] = W_hh h,
   * bias [3H] = b_hh (optional), hPrev [B, H] → act [B, 4H] (r, z, n, W_hn h + b_hn), h [B, H].
   */
  gruCell(act: F32, h: F32, xp: F32, gh: F32, bias: F32 | null, hPrev: F32, batch: number, hidden: number): void {
    const op = "gruCell";
    const ra = this.cellRegion(op, "act", act, batch, 4 * hidden), rh = this.cellRegion(op, "h", h, batch, hidden);
    const rx = this.cellRegion(op, "xp", xp, batch, 3 * hidden), rg = this.cellRegion(op, "gh", gh, batch, 3 * hidden);
    const rp = this.cellRegion(op, "hPrev", hPrev, batch, hidden);
    let bp = 0;
    const ins: Record<string, Region> = { xp: rx, gh: rg, hPrev: rp };
    if (bias !== null) {
      const rb = this.cellRegion(op, "bias", bias, 1, 3 * hidden);
      ins.bias = rb;
      bp = rb.ptr;
    }
    checkNoAlias(op, ra, ins, false);
    checkNoAlias(op, rh, ins, false);
    checkNoAlias(op, rh, { act: ra }, false);
    this.wasm.gru_cell(rx.ptr, rg.ptr, bp, rp.ptr, ra.ptr, rh.ptr, batch, hidden);
  }

  /** GRU backward from dh: dxp, dgh [B, 3H] and dhPrev [B, H] accumulate (each optional). */
  gruCellBackward(dxp: F32 | null, dgh: F32 | null, dhPrev: F32 | null, dh: F32, act: F32, hPrev: F32, batch: number, hidden: number): void {
    const op = "gruCellBackward";
    const rdh = this.cellRegion(op, "dh", dh, batch, hidden), ra = this.cellRegion(op, "act", act, batch, 4 * hidden);
    const rp = this.cellRegion(op, "hPrev", hPrev, batch, hidden);
    const ins = { dh: rdh, act: ra, hPrev: rp };
    const out = (name: string, v: F32 | null, cols: number): number => {
      if (v === null) return 0;
      const r = this.cellRegion(op, name, v, batch, cols);
      checkNoAlias(op, r, ins, false);
      return r.ptr;
    };
    this.wasm.gru_cell_backward(out("dxp", dxp, 3 * hidden), out("dgh", dgh, 3 * hidden), out("dhPrev", dhPrev, hidden), rdh.ptr, ra.ptr, rp.ptr, batch, hidden);
  }

  private cellRegion(op: string, name: string, value: F32, rows: number, cols: number): Region {
    const r = this.region(op, name, value);
    checkLength(op, name, r, rows * cols, () => `${name} is [${rows}, ${cols}]`);
    return r;
  }

  // ---- optimizers (assembly/optim.ts) --------------------------------------------------------------

  /** One Adam/AdamW step in place on p, m, v (and vmax with amsgrad), from g; see AdamStepScalars. */
  adamStep(p: F32, g: F32, m: F32, v: F32, vmax: F32 | null, s: AdamStepScalars): void {
    const op = "adamStep";
    const rp = this.region(op, "p", p), rg = this.region(op, "g", g), rm = this.region(op, "m", m), rv = this.region(op, "v", v);
    const n = rp.length;
    const why = "p, g and the moments must have the same length";
    checkLength(op, "g", rg, n, why); checkLength(op, "m", rm, n, why); checkLength(op, "v", rv, n, why);
    const all: Record<string, Region> = { p: rp, g: rg, m: rm, v: rv };
    let vp = 0;
    if (vmax !== null) {
      const r = this.region(op, "vmax", vmax);
      checkLength(op, "vmax", r, n, why);
      all.vmax = r;
      vp = r.ptr;
    }
    for (const name in all) {
      const others: Record<string, Region> = {};
      for (const o in all) if (o !== name) others[o] = all[o];
      checkNoAlias(op, all[name], others, false);
    }
    this.wasm.adam_step(rp.ptr, rg.ptr, rm.ptr, rv.ptr, vp, n, s.stepSize, s.beta1, s.beta2, s.bc2Sqrt, s.eps,
      s.weightDecay, s.decay, s.maximize ? 1 : 0);
  }

  // ---- unary ----------------------------------------------------------------------------------

  /** out = f(x), elementwise; in place (out === x) is allowed. */
  unary(op: UnaryOp, out: F32, x: F32): void {
    const ro = this.region(op, "out", out), rx = this.region(op, "x", x);
    checkLength(op, "out", ro, rx.length, "x and out must have the same length");
    checkNoAlias(op, ro, { x: rx }, true);
    this.wasm[op](ro.ptr, rx.ptr, rx.length);
  }

  relu(out: F32, x: F32): void { this.unary("relu", out, x); }
  exp(out: F32, x: F32): void { this.unary("exp", out, x); }
  log(out: F32, x: F32): void { this.unary("log", out, x); }
  sqrt(out: F32, x: F32): void { this.unary("sqrt", out, x); }
  abs(out: F32, x: F32): void { this.unary("abs", out, x); }
  neg(out: F32, x: F32): void { this.unary("neg", out, x); }
  tanh(out: F32, x: F32): void { this.unary("tanh", out, x); }
  sigmoid(out: F32, x: F32): void { this.unary("sigmoid", out, x); }

  /** dx += dy·f'(saved): saved is the output y for tanh and sigmoid, the input x for relu. */
  unaryBackward(op: UnaryBackwardOp, dx: F32, dy: F32, saved: F32): void {
    const name = `${op}Backward`;
    const rdx = this.region(name, "dx", dx), rdy = this.region(name, "dy", dy), rs = this.region(name, "saved", saved);
    checkLength(name, "dy", rdy, rdx.length, "dx, dy and the saved tensor must have the same length");
    checkLength(name, "saved", rs, rdx.length, "dx, dy and the saved tensor must have the same length");
    checkNoAlias(name, rdx, { dy: rdy, saved: rs }, true);
    this.wasm[`${op}_backward`](rdx.ptr, rdy.ptr, rs.ptr, rdx.length);
  }

  tanhBackward(dx: F32, dy: F32, y: F32): void { this.unaryBackward("tanh", dx, dy, y); }
  sigmoidBackward(dx: F32, dy: F32, y: F32): void { this.unaryBackward("sigmoid", dx, dy, y); }
  reluBackward(dx: F32, dy: F32, x: F32): void { this.unaryBackward("relu", dx, dy, x); }

  // ---- reductions -----------------------------------------------------------------------------

  /** out[o, i] (+)= Σ_j x[o, j, i], with x seen as [outer, n, inner]. */
  sumAxis(out: F32, x: F32, view: AxisView, accumulate = false): void {
    const [ro, rx] = this.axisRegions("sumAxis", out, x, view);
    this.wasm.sum_axis(ro.ptr, rx.ptr, view[0], view[1], view[2], +accumulate);
  }

  /** out[o, i] = max_j x[o, j, i]; `indices` (optional) receives the arg-max j. */
  maxAxis(out: F32, indices: I32Buffer | null, x: F32, view: AxisView): void {
    const [ro, rx] = this.axisRegions("maxAxis", out, x, view);
    if (view[1] === 0) throw new Error("maxAxis: cannot take the maximum over an empty axis (n = 0)");
    let ip = 0;
    if (indices) {
      const ri = this.region("maxAxis", "indices", indices, "i32");
      checkLength("maxAxis", "indices", ri, ro.length, "one index per output element");
      checkNoAlias("maxAxis", ri, { out: ro, x: rx }, false);
      ip = ri.ptr;
    }
    this.wasm.max_axis(ro.ptr, ip, rx.ptr, view[0], view[1], view[2]);
  }

  private axisRegions(op: string, out: F32, x: F32, view: AxisView): [Region, Region] {
    const [outer, n, inner] = view;
    checkSize(op, "outer", outer); checkSize(op, "n", n); checkSize(op, "inner", inner);
    const ro = this.region(op, "out", out), rx = this.region(op, "x", x);
    checkLength(op, "x", rx, outer * n * inner, () => `x is [${outer}, ${n}, ${inner}]`);
    checkLength(op, "out", ro, outer * inner, () => `out is [${outer}, ${inner}]`);
    checkNoAlias(op, ro, { x: rx }, false);
    return [ro, rx];
  }

  /** Row-wise softmax of x [rows × cols]. */
  softmaxRows(out: F32, x: F32, rows: number, cols: number): void {
    const [ro, rx] = this.rowRegions("softmaxRows", out, x, rows, cols);
    this.wasm.softmax_rows(ro.ptr, rx.ptr, rows, cols);
  }

  /** Row-wise log-softmax of x [rows × cols]. */
  logSoftmaxRows(out: F32, x: F32, rows: number, cols: number): void {
    const [ro, rx] = this.rowRegions("logSoftmaxRows", out, x, rows, cols);
    this.wasm.log_softmax_rows(ro.ptr, rx.ptr, rows, cols);
  }

  /** dx += y ⊙ (dy − Σ dy·y) per row, from the saved softmax output y. */
  softmaxRowsBackward(dx: F32, dy: F32, y: F32, rows: number, cols: number): void {
    this.rowsBackward("softmaxRowsBackward", dx, dy, y, rows, cols, this.wasm.softmax_rows_backward);
  }

  /** dx += dy − e^y · Σ dy per row, from the saved log-softmax output y. */
  logSoftmaxRowsBackward(dx: F32, dy: F32, y: F32, rows: number, cols: number): void {
    this.rowsBackward("logSoftmaxRowsBackward", dx, dy, y, rows, cols, this.wasm.log_softmax_rows_backward);
  }

  private rowRegions(op: string, out: F32, x: F32, rows: number, cols: number): [Region, Region] {
    checkSize(op, "rows", rows); checkSize(op, "cols", cols);
    const ro = this.region(op, "out", out), rx = this.region(op, "x", x);
    checkLength(op, "x", rx, rows * cols, () => `x is [${rows}, ${cols}]`);
    checkLength(op, "out", ro, rows * cols, () => `out is [${rows}, ${cols}]`);
    checkNoAlias(op, ro, { x: rx }, true);
    return [ro, rx];
  }

  private rowsBackward(
    op: string, dx: F32, dy: F32, y: F32, rows: number, cols: number,
    kernel: (dx: number, dy: number, y: number, rows: number, cols: number) => void,
  ): void {
    const [rdx, rdy] = this.rowRegions(op, dx, dy, rows, cols);
    const ry = this.region(op, "y", y);
    checkLength(op, "y", ry, rows * cols, () => `y is [${rows}, ${cols}]`);
    checkNoAlias(op, rdx, { y: ry }, false);
    kernel(rdx.ptr, rdy.ptr, ry.ptr, rows, cols);
  }

  // ---- operands -------------------------------------------------------------------------------

  /** Where an operand lives in this instance's memory, or an Error saying why it cannot be used. */
  private region(op: string, name: string, value: unknown, type: ElementType = "f32"): Region {
    if (value instanceof WasmBuffer) {
      if (value.isReleased) throw new Error(`${op}: ${name} is a released buffer (${value.length} elements at ${value.ptr})`);
      if (value.type !== type) throw new Error(`${op}: ${name} must be an ${type} buffer, got an ${value.type} buffer`);
      if (!value.belongsTo(this)) throw new Error(`${op}: ${name} belongs to another Kernels instance`);
      return value;
    }
    if (value instanceof Float32Array) {
      if (value.buffer === this.memory.buffer) return { ptr: value.byteOffset, length: value.length };
      if (value.buffer.byteLength === 0 && value.length === 0) {
        throw new Error(`${op}: ${name} is a stale view: WebAssembly memory grew since it was made; read buffer.data again`);
      }
      throw new Error(`${op}: ${name} is a Float32Array outside WebAssembly memory; allocate it with kernels.alloc() or kernels.fromArray()`);
    }
    throw new Error(`${op}: ${name} must be a WasmBuffer or a Float32Array view of WebAssembly memory, got ${describe(value)}`);
  }
}
