// Plain TypeScript twin of assembly/elementwise.ts (copy_blocks included).
import { broadcastShapes, broadcastStrides, sizeOf } from "../broadcast";
import type { BinaryOp, BinaryShapes, FloatArray } from "../contract";

const APPLY: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  // Math.max/min propagate NaN, like the wasm f32x4.max/min.
  max: (x, y) => Math.max(x, y),
  min: (x, y) => Math.min(x, y),
};

/** out (+)= a ∘ b with NumPy broadcasting of aShape and bShape. */
export function binary(op: BinaryOp, out: FloatArray, a: FloatArray, b: FloatArray, shapes: BinaryShapes = {}): void {
  const f = APPLY[op];
  const aShape = shapes.aShape ?? [a.length];
  const bShape = shapes.bShape ?? [b.length];
  const outShape = broadcastShapes(op, aShape, bShape);
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const total = sizeOf(outShape);
  const index = new Array<number>(outShape.length).fill(0);
  for (let flat = 0; flat < total; flat++) {
    let ia = 0, ib = 0;
    for (let d = 0; d < outShape.length; d++) {
      ia += index[d] * sa[d];
      ib += index[d] * sb[d];
    }
    const v = f(a[ia], b[ib]);
    out[flat] = shapes.accumulate ? out[flat] + v : v;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++index[d] < outShape[d]) break;
      index[d] = 0;
    }
  }
}

/** out[i] = value. */
export function fill(out: FloatArray, value: number): void {
  out.fill(value);
}

/** out[i] = src[i]; lengths must match, as the kernel checks. */
export function copy(out: FloatArray, src: FloatArray): void {
  if (out.length !== src.length) throw new Error(`copy: out has ${out.length} elements, expected ${src.length} (src and out must have the same length)`);
  out.set(src);
}

/** out = alpha·x. */
export function scale(out: FloatArray, x: FloatArray, alpha: number): void {
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i];
}

/** y += alpha·x. */
export function axpy(y: FloatArray, x: FloatArray, alpha: number): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

/** out[outOff + c·outStride + i] (+)= x[xOff + c·xStride + i] for c < count, i < blockLen. */
export function copyBlocks(
  out: FloatArray, outOff: number, outStride: number, x: FloatArray, xOff: number, xStride: number,
  blockLen: number, count: number, accumulate: boolean,
): void {
  for (let c = 0; c < count; c++) {
    const o = outOff + c * outStride, s = xOff + c * xStride;
    if (accumulate) for (let i = 0; i < blockLen; i++) out[o + i] += x[s + i];
    else for (let i = 0; i < blockLen; i++) out[o + i] = x[s + i];
  }
}
