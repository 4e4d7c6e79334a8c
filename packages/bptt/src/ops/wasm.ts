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

  matmul(a: WasmArray, b: WasmArray, c: WasmArray, dims: MatmulDims): void {
    // The kernel may grow memory for its scratch panel; it reads the operands' addresses first,
    // so these views going stale at that moment is harmless.
    this.kernels.matmul(a.data, b.data, c.data, dims);
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

  axpy(y: WasmArray, x: WasmArray, alpha: number): void {
    this.kernels.axpy(y.data, x.data, alpha);
  }

  lstmCell(act: WasmArray, c: WasmArray, h: WasmArray, gates: WasmArray, cPrev: WasmArray, batch: number, hidden: number): void {
    this.kernels.lstmCell(act.data, c.data, h.data, gates.data, cPrev.data, batch, hidden);
  }

  lstmHBackward(dgates: WasmArray | null, dc: WasmArray, dh: WasmArray, act: WasmArray, batch: number, hidden: number): void {
    this.kernels.lstmHBackward(dgates?.data ?? null, dc.data, dh.data, act.data, batch, hidden);
  }

  lstmCBackward(dgates: WasmArray | null, dcPrev: WasmArray | null, dc: WasmArray, act: WasmArray, cPrev: WasmArray, batch: number, hidden: number): void {
    this.kernels.lstmCBackward(dgates?.data ?? null, dcPrev?.data ?? null, dc.data, act.data, cPrev.data, batch, hidden);
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
