// Elementwise kernels (assembly/elementwise.ts) on pointers: broadcasting binary ops, fill, copy,
// scale, axpy and the strided block copy. Sizes and aliasing are checked before the call.
import { broadcastShapes, broadcastStrides, coalesce, sizeOf } from "../broadcast";
import { checkFinite, checkLength, checkNoAlias, checkSize, type Region } from "../checks";
import type { BinaryShapes, KernelSet } from "../contract";
import type { F32, KernelContext } from "../operands";

type ElementwiseKernels = Pick<KernelSet<F32>, "binary" | "fill" | "copy" | "scale" | "axpy" | "copyBlocks">;

const NO_SHAPES: BinaryShapes = {};

export function elementwiseKernels({ wasm, region }: KernelContext): ElementwiseKernels {
  return {
    binary(op, out, a, b, shapes = NO_SHAPES) {
      const name = op;
      const ro = region(name, "out", out), ra = region(name, "a", a), rb = region(name, "b", b);
      const kernel = wasm[`${op}_strided`];
      const accumulate = shapes.accumulate ? 1 : 0;
      if (ra.length === rb.length && ro.length === ra.length && sameShapes(shapes.aShape, shapes.bShape, ra.length)) {
        // Same shapes, no broadcast: one flat kernel call, none of the stride bookkeeping below.
        checkNoAlias(name, ro, { a: ra, b: rb }, true);
        kernel(ro.ptr, ra.ptr, rb.ptr, 1, 1, ra.length, 0, 0, 1, 0, 0, 1, accumulate);
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
      forEachBlock(loop.dims, loop.strides, (dims, [sa, sb], [oa, ob], oo) => {
        kernel(ro.ptr + 4 * oo, ra.ptr + 4 * oa, rb.ptr + 4 * ob, dims[0], dims[1], dims[2],
          sa[0], sa[1], sa[2], sb[0], sb[1], sb[2], accumulate);
      });
    },

    fill(out, value) {
      checkFinite("fill", "value", value);
      const r = region("fill", "out", out);
      wasm.fill(r.ptr, r.length, value);
    },

    copy(out, src) {
      const ro = region("copy", "out", out), rs = region("copy", "src", src);
      checkLength("copy", "out", ro, rs.length, "src and out must have the same length");
      wasm.copy(ro.ptr, rs.ptr, rs.length);
    },

    scale(out, x, alpha) {
      checkFinite("scale", "alpha", alpha);
      const ro = region("scale", "out", out), rx = region("scale", "x", x);
      checkLength("scale", "out", ro, rx.length, "x and out must have the same length");
      checkNoAlias("scale", ro, { x: rx }, true);
      wasm.scale(ro.ptr, rx.ptr, rx.length, alpha);
    },

    axpy(y, x, alpha) {
      checkFinite("axpy", "alpha", alpha);
      const ry = region("axpy", "y", y), rx = region("axpy", "x", x);
      checkLength("axpy", "y", ry, rx.length, "x and y must have the same length");
      checkNoAlias("axpy", ry, { x: rx }, true);
      wasm.axpy(ry.ptr, rx.ptr, rx.length, alpha);
    },

    copyBlocks(out, outOff, outStride, x, xOff, xStride, blockLen, count, accumulate) {
      const op = "copyBlocks";
      const ro = region(op, "out", out), rx = region(op, "x", x);
      if (count === 0 || blockLen === 0) return;
      checkBlocks(op, "out", ro, outOff, outStride, blockLen, count);
      checkBlocks(op, "x", rx, xOff, xStride, blockLen, count);
      checkNoAlias(op, ro, { x: rx }, false);
      wasm.copy_blocks(ro.ptr + 4 * outOff, outStride, rx.ptr + 4 * xOff, xStride, blockLen, count, accumulate ? 1 : 0);
    },
  };
}

/** True when the operands are flat arrays of `length` or share one shape (no broadcasting). */
function sameShapes(a: readonly number[] | undefined, b: readonly number[] | undefined, length: number): boolean {
  if (a === undefined && b === undefined) return true;
  if (a === undefined || b === undefined) return (a ?? b)!.length <= 1 && sizeOf((a ?? b)!) === length;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs `body` over the loop in blocks of three dimensions: the kernel's own loop covers the
 * innermost three, and JavaScript walks any further outer ones (rare after coalescing).
 */
function forEachBlock(
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

/** A strided block range [off, off + (count−1)·stride + blockLen) must lie inside the region. */
function checkBlocks(op: string, name: string, r: Region, off: number, stride: number, blockLen: number, count: number): void {
  checkSize(op, `${name} offset`, off); checkSize(op, `${name} stride`, stride);
  checkSize(op, "blockLen", blockLen); checkSize(op, "count", count);
  const end = off + (count - 1) * stride + blockLen;
  if (end > r.length) {
    throw new Error(`${op}: ${name} has ${r.length} elements, but ${count} blocks of ${blockLen} at offset ${off}, stride ${stride} reach element ${end}`);
  }
}
