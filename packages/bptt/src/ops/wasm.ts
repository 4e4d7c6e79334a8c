// The float32 implementation of Ops, on the WebAssembly kernels. Arrays live in WebAssembly
// memory; a WasmArray is a block (or a window of one) and is resolved to a fresh Float32Array
// view at each call, so memory growth between calls never leaves a stale view behind.
import { defaultKernels, type F32Buffer, type Kernels, type MatmulDims, type UnaryBackwardOp } from "@tapegrad/kernels";
import { checkView, checkWrite } from "./js";
import type { Activation, Ops, Shapes } from "./ops";

/** Elements [offset, offset + length) of a kernel buffer. */
export class WasmArray {
  constructor(
    readonly buffer: F32Buffer,
    readonly offset: number,
    readonly length: number,
  ) {}

  /** A live Float32Array over these elements (re-read after anything that may allocate). */
  get data(): Float32Array {
    const all = this.buffer.data;
    return this.offset === 0 && this.length === all.length ? all : all.subarray(this.offset, this.offset + this.length);
  }
}

/** Float32 arrays in WebAssembly memory, computed by the SIMD kernels; no operand is copied. */
export class WasmOps implements Ops<WasmArray> {
  readonly backend = "wasm" as const;

  constructor(readonly kernels: Kernels = defaultKernels()) {}

  alloc(length: number): WasmArray {
    return new WasmArray(this.kernels.alloc(length), 0, length);
  }

  free(a: WasmArray): void {
    if (a.offset !== 0 || a.length !== a.buffer.length) throw new Error("free: a view cannot be freed, only the array it was taken from");
    a.buffer.free();
  }

  view(a: WasmArray, offset: number, length: number): WasmArray {
    checkView(a.length, offset, length);
    return new WasmArray(a.buffer, a.offset + offset, length);
  }

  length(a: WasmArray): number {
    return a.length;
  }

  read(a: WasmArray): Float64Array {
    return Float64Array.from(a.data);
  }

  write(a: WasmArray, values: ArrayLike<number>): void {
    checkWrite(a.length, values.length);
    a.data.set(values);
  }

  matmul(a: WasmArray, b: WasmArray, c: WasmArray, dims: MatmulDims, bias: WasmArray | null = null): void {
    // The kernel may grow memory for its scratch panel; it reads the operands' addresses first,
    // so these views going stale at that moment is harmless.
    this.kernels.matmul(a.data, b.data, c.data, dims, bias?.data ?? null);
  }

  add(out: WasmArray, a: WasmArray, b: WasmArray, shapes?: Shapes): void {
    this.kernels.binary("add", out.data, a.data, b.data, shapes);
  }

  sub(out: WasmArray, a: WasmArray, b: WasmArray, shapes?: Shapes): void {
    this.kernels.binary("sub", out.data, a.data, b.data, shapes);
  }

  mul(out: WasmArray, a: WasmArray, b: WasmArray, shapes?: Shapes): void {
    this.kernels.binary("mul", out.data, a.data, b.data, shapes);
  }

  activate(f: Activation, out: WasmArray, x: WasmArray): void {
    this.kernels.unary(f, out.data, x.data);
  }

  activateBackward(f: UnaryBackwardOp, dx: WasmArray, dy: WasmArray, saved: WasmArray): void {
    this.kernels.unaryBackward(f, dx.data, dy.data, saved.data);
  }

  sumRows(out: WasmArray, x: WasmArray, rows: number, cols: number, accumulate = false): void {
    this.kernels.sumAxis(out.data, x.data, [1, rows, cols], accumulate);
  }

  fill(out: WasmArray, value: number): void {
    this.kernels.fill(out.data, value);
  }

  copy(out: WasmArray, src: WasmArray): void {
    this.kernels.copy(out.data, src.data);
  }

  copyBlocks(
    out: WasmArray, outOff: number, outStride: number, x: WasmArray, xOff: number, xStride: number, blockLen: number, count: number, accumulate: boolean,
  ): void {
    this.kernels.copyBlocks(out.data, outOff, outStride, x.data, xOff, xStride, blockLen, count, accumulate);
  }

  axpy(y: WasmArray, x: WasmArray, alpha: number): void {
    this.kernels.axpy(y.data, x.data, alpha);
  }

  lstmCell(act: WasmArray, c: WasmArray, h: WasmArray, gates: WasmArray, cPrev: WasmArray, batch: number, hidden: number): void {
    this.kernels.lstmCell(act.data, c.data, h.data, gates.data, cPrev.data, batch, hidden);
  }

  lstmCellBackward(
    dgates: WasmArray, dcPrev: WasmArray | null, dh: WasmArray, dc: WasmArray | null, act: WasmArray, cPrev: WasmArray,
    batch: number, hidden: number, accumulate: boolean,
  ): void {
    this.kernels.lstmCellBackward(dgates.data, dcPrev?.data ?? null, dh.data, dc?.data ?? null, act.data, cPrev.data, batch, hidden, accumulate);
  }

  gruCell(act: WasmArray, h: WasmArray, xp: WasmArray, gh: WasmArray, bias: WasmArray | null, hPrev: WasmArray, batch: number, hidden: number): void {
    this.kernels.gruCell(act.data, h.data, xp.data, gh.data, bias?.data ?? null, hPrev.data, batch, hidden);
  }

  gruCellBackward(
    dxp: WasmArray | null, dgh: WasmArray | null, dhPrev: WasmArray | null, dh: WasmArray, act: WasmArray, hPrev: WasmArray, batch: number, hidden: number,
  ): void {
    this.kernels.gruCellBackward(dxp?.data ?? null, dgh?.data ?? null, dhPrev?.data ?? null, dh.data, act.data, hPrev.data, batch, hidden);
  }
}
