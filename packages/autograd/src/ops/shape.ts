// Reshape and axis permutations. Storage is always contiguous and owned by one tensor, so a
// reshape copies (one memcpy) instead of aliasing: disposing either tensor can never corrupt the
// other. A permutation that keeps the last axis in place is strided block copies (one kernel
// call per outer index); any other runs as an index loop.
import type { Backend, Store } from "../backend/index";
import { empty, passGrad, gradStore, record, transposeView } from "../tape";
import { Tensor, type OpDef } from "../tensor";
import { checkTensor, fmt, normDim, sizeOfShape } from "./helpers";

const RESHAPE: OpDef = {
  name: "reshape",
  readsInputs: false,
  backward(out, g) {
    // Same elements in the same order: the gradient buffer itself can move to the input.
    passGrad(out._inputs![0], g, out);
  },
};

/** The same elements in a new shape; one entry may be −1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("reshape", "x", x);
  const resolved = resolveShape(x, shape);
  const be = x.backend;
  const out = empty(be, resolved, x.size);
  be.copy(out._store!, x._store!);
  record(out, RESHAPE, [x], null);
  return out;
}

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new Error(`reshape: shape must be an array of sizes, got ${typeof shape}`);
  let known = 1, infer = -1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (infer >= 0) throw new Error(`reshape: ${fmt(x.shape)} to ${fmt(shape)}: only one dimension can be -1`);
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new Error(`reshape: ${fmt(x.shape)} to ${fmt(shape)}: sizes must be non-negative integers or -1`);
    } else known *= d;
  }
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 || x.size % known !== 0) {
      throw new Error(`reshape: ${fmt(x.shape)} to ${fmt(shape)}: ${x.size} elements do not divide into rows of ${known}`);
    }
    out[infer] = x.size / known;
  } else if (known !== x.size) {
    throw new Error(`reshape: ${fmt(x.shape)} to ${fmt(shape)}: ${x.size} elements cannot take a shape of ${known}`);
  }
  return out;
}

/**
 * out[i] (+)= x[at(i)] where out has shape `outShape` and element i of out reads x at the
 * permuted strides `xStrides` (one per out axis). With `scatter`, the roles swap: x[at(i)] += out[i].
 */
function permuteLoop(
  outv: Float32Array | Float64Array, xv: Float32Array | Float64Array,
  outShape: readonly number[], xStrides: readonly number[], scatter: boolean,
): void {
  const nd = outShape.length;
  const total = outv.length;
  if (nd === 0) { if (scatter) xv[0] += outv[0]; else outv[0] = xv[0]; return; }
  const index = new Array<number>(nd).fill(0);
  const last = nd - 1, lastN = outShape[last], lastS = xStrides[last];
  let base = 0;
  for (let i = 0; i < total; i += lastN) {
    if (scatter) for (let j = 0; j < lastN; j++) xv[base + j * lastS] += outv[i + j];
    else for (let j = 0; j < lastN; j++) outv[i + j] = xv[base + j * lastS];
    for (let d = last - 1; d >= 0; d--) {
      base += xStrides[d];
      if (++index[d] < outShape[d]) break;
      base -= xStrides[d] * outShape[d];
      index[d] = 0;
    }
  }
}

/**
 * permuteLoop as strided block copies, when the last axis stays last: each call copies
 * out.shape[−2] rows of out.shape[−1] contiguous elements (one call for a batch/seq swap of a
 * [T, B, F] tensor per outer index).
 */
function permuteBlocks(
  be: Backend, out: Store, x: Store, outShape: readonly number[], xStrides: readonly number[], scatter: boolean,
): void {
  const nd = outShape.length;
  const blockLen = outShape[nd - 1], count = outShape[nd - 2], xRow = xStrides[nd - 2];
  const chunk = blockLen * count;
  const total = sizeOfShape(outShape);
  const index = new Array<number>(Math.max(0, nd - 2)).fill(0);
  let base = 0;
  for (let o = 0; o < total; o += chunk) {
    if (scatter) be.copyBlocks(x, base, xRow, out, o, blockLen, blockLen, count, true);
    else be.copyBlocks(out, o, blockLen, x, base, xRow, blockLen, count, false);
    for (let d = nd - 3; d >= 0; d--) {
      base += xStrides[d];
      if (++index[d] < outShape[d]) break;
      base -= xStrides[d] * outShape[d];
      index[d] = 0;
    }
  }
}

/** Block copies pay when rows are long enough that a kernel call beats an element loop. */
function usesBlocks(outShape: readonly number[], xStrides: readonly number[]): boolean {
  const nd = outShape.length;
  return nd >= 2 && xStrides[nd - 1] === 1 && outShape[nd - 1] >= 8 && sizeOfShape(outShape) > 0;
}

/** The strides of x in the order of out's axes. */
const PERMUTE: OpDef<number[]> = {
  name: "permute",
  readsInputs: false,
  backward(out, g, xStrides) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const be = out.backend;
    const dst = gradStore(x)!;
    if (usesBlocks(out.shape, xStrides)) permuteBlocks(be, g, dst, out.shape, xStrides, true);
    else permuteLoop(be.view(g), be.view(dst), out.shape, xStrides, true);
  },
};

/** Reorders the axes: out.shape[i] = x.shape[dims[i]]. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor("permute", "x", x);
  const nd = x.shape.length;
  if (!Array.isArray(dims) || dims.length !== nd) {
    throw new Error(`permute: expected ${nd} dims for a tensor of shape ${fmt(x.shape)}, got ${Array.isArray(dims) ? fmt(dims) : String(dims)}`);
  }
  const axes = dims.map((d) => normDim("permute", d, nd));
  if (new Set(axes).size !== nd) throw new Error(`permute: dims ${fmt(dims)} repeat an axis`);
  const strides = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) { strides[i] = s; s *= x.shape[i]; }
  const shape = axes.map((a) => x.shape[a]);
  const xStrides = axes.map((a) => strides[a]);
  const be = x.backend;
  const fill = (): Store => {
    const store = be.alloc(x.size, false);
    const src = x.storeFor("permute (reading the source of a transpose)");
    if (usesBlocks(shape, xStrides)) permuteBlocks(be, store, src, shape, xStrides, false);
    else permuteLoop(be.view(store), be.view(src), shape, xStrides, false);
    return store;
  };
  // Swapping the last two axes makes a view PyTorch-style (x.T, w.transpose(0, 1)): nothing is
  // copied until something reads it, and matmul never does, since its kernel reads the source
  // transposed in place (13 GFLOP/s for matmul(a, transpose(b)) at n = 256 with the copy, the
  // kernel's ~38 without). Until read, it follows in-place changes of its source as a view does.
  const out = swapsLastTwo(axes) ? transposeView(be, shape, x, fill) : new Tensor(be, shape, fill());
  record(out, PERMUTE, [x], xStrides);
  return out;
}

/** A permutation that swaps the last two axes of a 2-D or 3-D tensor (what matmul reads in place). */
function swapsLastTwo(axes: readonly number[]): boolean {
  const nd = axes.length;
  return (nd === 2 || nd === 3) && axes[nd - 1] === nd - 2 && axes[nd - 2] === nd - 1 && (nd === 2 || axes[0] === 0);
}

/** Swaps two axes (the last two by default). */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  checkTensor("transpose", "x", x);
  const nd = x.shape.length;
  const a = normDim("transpose", dim0, nd), b = normDim("transpose", dim1, nd);
  const dims = Array.from({ length: nd }, (_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

export { sizeOfShape };
