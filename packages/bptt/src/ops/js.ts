// The float64 implementation of Ops, on the plain TypeScript twins of the kernels: the reference
// every fast path is held equal to.
import { twins, type MatmulDims, type UnaryBackwardOp } from "@tapegrad/kernels";
import type { Activation, Ops, Shapes } from "./ops";

/** Float64 arrays, computed by the kernels' TypeScript twins. */
export class JsOps implements Ops<Float64Array> {
  readonly backend = "js" as const;

  alloc(length: number): Float64Array {
    return new Float64Array(length);
  }

  free(_a: Float64Array): void {
    // Garbage collected.
  }

  view(a: Float64Array, offset: number, length: number): Float64Array {
    checkView(a.length, offset, length);
    return a.subarray(offset, offset + length);
  }

  length(a: Float64Array): number {
    return a.length;
  }

  read(a: Float64Array): Float64Array {
    return Float64Array.from(a);
  }

  write(a: Float64Array, values: ArrayLike<number>): void {
    checkWrite(a.length, values.length);
    a.set(values);
  }

  matmul(a: Float64Array, b: Float64Array, c: Float64Array, dims: MatmulDims, bias: Float64Array | null = null): void {
    twins.matmul(a, b, c, dims, bias);
  }

  add(out: Float64Array, a: Float64Array, b: Float64Array, shapes?: Shapes): void {
    twins.binary("add", out, a, b, shapes);
  }

  sub(out: Float64Array, a: Float64Array, b: Float64Array, shapes?: Shapes): void {
    twins.binary("sub", out, a, b, shapes);
  }

  mul(out: Float64Array, a: Float64Array, b: Float64Array, shapes?: Shapes): void {
    twins.binary("mul", out, a, b, shapes);
  }

  activate(f: Activation, out: Float64Array, x: Float64Array): void {
    twins.unary(f, out, x);
  }

  activateBackward(f: UnaryBackwardOp, dx: Float64Array, dy: Float64Array, saved: Float64Array): void {
    twins.unaryBackward(f, dx, dy, saved);
  }

  sumRows(out: Float64Array, x: Float64Array, rows: number, cols: number, accumulate = false): void {
    twins.sumAxis(out, x, [1, rows, cols], accumulate);
  }

  fill(out: Float64Array, value: number): void {
    out.fill(value);
  }

  copy(out: Float64Array, src: Float64Array): void {
    checkWrite(out.length, src.length);
    out.set(src);
  }

  copyBlocks(
    out: Float64Array, outOff: number, outStride: number, x: Float64Array, xOff: number, xStride: number, blockLen: number, count: number, accumulate: boolean,
  ): void {
    twins.copyBlocks(out, outOff, outStride, x, xOff, xStride, blockLen, count, accumulate);
  }

  axpy(y: Float64Array, x: Float64Array, alpha: number): void {
    twins.axpy(y, x, alpha);
  }

  lstmCell(act: Float64Array, c: Float64Array, h: Float64Array, gates: Float64Array, cPrev: Float64Array, batch: number, hidden: number): void {
    twins.lstmCell(act, c, h, gates, cPrev, batch, hidden);
  }

  lstmCellBackward(
    dgates: Float64Array, dcPrev: Float64Array | null, dh: Float64Array, dc: Float64Array | null, act: Float64Array, cPrev: Float64Array,
    batch: number, hidden: number, accumulate: boolean,
  ): void {
    twins.lstmCellBackward(dgates, dcPrev, dh, dc, act, cPrev, batch, hidden, accumulate);
  }

  gruCell(
    act: Float64Array, h: Float64Array, xp: Float64Array, gh: Float64Array, bias: Float64Array | null, hPrev: Float64Array, batch: number, hidden: number,
  ): void {
    twins.gruCell(act, h, xp, gh, bias, hPrev, batch, hidden);
  }

  gruCellBackward(
    dxp: Float64Array | null, dgh: Float64Array | null, dhPrev: Float64Array | null, dh: Float64Array, act: Float64Array, hPrev: Float64Array,
    batch: number, hidden: number,
  ): void {
    twins.gruCellBackward(dxp, dgh, dhPrev, dh, act, hPrev, batch, hidden);
  }

}

export function checkView(total: number, offset: number, length: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > total) {
    throw new Error(`view: elements [${offset}, ${offset + length}) lie outside an array of ${total}`);
  }
}

export function checkWrite(have: number, given: number): void {
  if (have !== given) throw new Error(`write: the array has ${have} elements, given ${given} values`);
}
