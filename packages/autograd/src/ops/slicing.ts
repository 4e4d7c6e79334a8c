// Slicing and joining along an axis. A tensor seen as [outer, n, inner] around the axis makes
// every one of these a strided block copy: narrow copies `outer` blocks of length·inner, cat
// writes each input's blocks side by side, and backward runs the same copies accumulating.
import { empty, freshGradStore, gradStore, record } from "../tape";
import { Tensor, type OpDef } from "../tensor";
import { axisView, checkTensor, fmt, normDim } from "./helpers";

interface NarrowArgs { outer: number; n: number; inner: number; start: number; length: number }

const NARROW: OpDef<NarrowArgs> = {
  name: "narrow",
  readsInputs: false,
  backward(out, g, { outer, n, inner, start, length }) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const block = length * inner;
    // A slice covering all of x (outer blocks back to back) may overwrite a fresh gradient.
    const fresh = length === n ? freshGradStore(x) : null;
    out.backend.copyBlocks(fresh ?? gradStore(x)!, start * inner, n * inner, g, 0, block, block, outer, fresh === null);
  },
};

/**
 * The rows start … start+length−1 of x seen as [outer, n, inner]. One contiguous block (outer = 1,
 * e.g. a time step of a [T, B, F] tensor) of an op's output is a view sharing x's storage, which
 * stays valid when x is released first; anything else, and any slice of a leaf (parameters and
 * inputs, which optimizers and callers overwrite in place), is a copy.
 */
function take(x: Tensor, shape: number[], outer: number, n: number, inner: number, start: number, length: number): Tensor {
  const be = x.backend;
  const block = length * inner;
  if (outer === 1 && x._op !== null) {
    const view = new Tensor(be, shape, be.share(x._store!, start * inner, block));
    view._viewOf = x._viewOf ?? x; // in-place writes through the view count on the base
    return view;
  }
  const out = empty(be, shape, outer * block);
  be.copyBlocks(out._store!, 0, block, x._store!, start * inner, n * inner, block, outer, false);
  return out;
}

/** Elements start … start+length−1 along `dim`. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensor("narrow", "x", x);
  const d = normDim("narrow", dim, x.shape.length);
  const size = x.shape[d];
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > size) {
    throw new Error(`narrow: start ${start} and length ${length} do not fit dimension ${d} of size ${size} (shape ${fmt(x.shape)})`);
  }
  const [outer, n, inner] = axisView(x.shape, d);
  const shape = x.shape.slice();
  shape[d] = length;
  const out = take(x, shape, outer, n, inner, start, length);
  record(out, NARROW, [x], { outer, n, inner, start, length });
  return out;
}

/** The slice at `index` along `dim`, without that axis (x[:, index] in NumPy): narrow's copy and rule. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  checkTensor("select", "x", x);
  const d = normDim("select", dim, x.shape.length);
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new Error(`select: index ${index} is out of range for dimension ${d} of size ${size} (shape ${fmt(x.shape)})`);
  }
  const i = index < 0 ? index + size : index;
  const [outer, n, inner] = axisView(x.shape, d);
  const shape = x.shape.slice();
  shape.splice(d, 1);
  const out = take(x, shape, outer, n, inner, i, 1);
  record(out, NARROW, [x], { outer, n, inner, start: i, length: 1 });
  return out;
}

/** Elements start … end−1 along `dim` (negative indices count from the end, like Python). */
export function slice(x: Tensor, dim: number, start: number, end?: number): Tensor {
  checkTensor("slice", "x", x);
  const d = normDim("slice", dim, x.shape.length);
  const size = x.shape[d];
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIndex(start), e = clampIndex(end ?? size);
  return narrow(x, d, s, Math.max(0, e - s));
}

/** Pieces along `dim`: of `size` each (the last may be smaller), or of the listed sizes. */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
  checkTensor("split", "x", x);
  const d = normDim("split", dim, x.shape.length);
  const total = x.shape[d];
  let sizes: number[];
  if (typeof sizeOrSizes === "number") {
    if (!Number.isInteger(sizeOrSizes) || sizeOrSizes <= 0) throw new Error(`split: size must be a positive integer, got ${sizeOrSizes}`);
    sizes = [];
    for (let s = 0; s < total; s += sizeOrSizes) sizes.push(Math.min(sizeOrSizes, total - s));
  } else {
    sizes = [...sizeOrSizes];
    const sum = sizes.reduce((a, b) => a + b, 0);
    if (sum !== total) throw new Error(`split: sizes ${fmt(sizes)} add up to ${sum}, expected ${total} (dimension ${d} of ${fmt(x.shape)})`);
  }
  const pieces: Tensor[] = [];
  let start = 0;
  for (const s of sizes) { pieces.push(narrow(x, d, start, s)); start += s; }
  return pieces;
}

/** n pieces along `dim` of ceil(size / n) each (the last may be smaller), like torch.chunk. */
export function chunk(x: Tensor, n: number, dim = 0): Tensor[] {
  checkTensor("chunk", "x", x);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`chunk: n must be a positive integer, got ${n}`);
  const d = normDim("chunk", dim, x.shape.length);
  return split(x, Math.max(1, Math.ceil(x.shape[d] / n)), d);
}

interface CatArgs { outer: number; inner: number; total: number; sizes: number[] }

const CAT: OpDef<CatArgs> = {
  name: "cat",
  readsInputs: false,
  backward(out, g, { outer, inner, total, sizes }) {
    const inputs = out._inputs!;
    const be = out.backend;
    let offset = 0;
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i];
      const block = sizes[i] * inner;
      if (t._requiresGrad) {
        // Each input's gradient is a full slice of g: a fresh one is copied, not accumulated.
        const fresh = freshGradStore(t);
        be.copyBlocks(fresh ?? gradStore(t)!, 0, block, g, offset * inner, total * inner, block, outer, fresh === null);
      }
      offset += sizes[i];
    }
  },
};

/** Joins `tensors` along an existing axis `dim`. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = "cat";
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error(`${op}: expected a non-empty array of tensors`);
  tensors.forEach((t, i) => checkTensor(op, `tensors[${i}]`, t));
  const first = tensors[0];
  const nd = first.shape.length;
  const d = normDim(op, dim, nd);
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.backend !== first.backend) throw new Error(`${op}: operands live on different backends (${first.backend.name} and ${t.backend.name})`);
    if (t.shape.length !== nd || t.shape.some((s: number, j: number) => j !== d && s !== first.shape[j])) {
      throw new Error(`${op}: tensors[${i}] has shape ${fmt(t.shape)}, expected ${fmt(first.shape.map((s: number, j: number) => (j === d ? "*" : s) as number))} along dim ${d}`);
    }
  }
  return join(op, tensors, d, tensors.map((t) => t.shape[d]), first.shape);
}

/** Joins `tensors` (all the same shape) along a new axis `dim`. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = "stack";
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error(`${op}: expected a non-empty array of tensors`);
  tensors.forEach((t, i) => checkTensor(op, `tensors[${i}]`, t));
  const first = tensors[0];
  const d = normDim(op, dim, first.shape.length + 1);
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.backend !== first.backend) throw new Error(`${op}: operands live on different backends (${first.backend.name} and ${t.backend.name})`);
    if (t.shape.length !== first.shape.length || t.shape.some((s: number, j: number) => s !== first.shape[j])) {
      throw new Error(`${op}: tensors[${i}] has shape ${fmt(t.shape)}, expected ${fmt(first.shape)} like tensors[0]`);
    }
  }
  // A stack is a cat of the inputs seen with a size-1 axis inserted at dim.
  const withAxis = first.shape.slice();
  withAxis.splice(d, 0, 1);
  return join(op, tensors, d, tensors.map(() => 1), withAxis);
}

function join(
  op: string, tensors: readonly Tensor[], d: number, sizes: number[], viewShape: readonly number[],
): Tensor {
  const [outer, , inner] = axisView(viewShape, d);
  const total = sizes.reduce((a, b) => a + b, 0);
  const shape = viewShape.slice();
  shape[d] = total;
  const be = tensors[0].backend;
  const out = empty(be, shape);
  let offset = 0;
  for (let i = 0; i < tensors.length; i++) {
    const block = sizes[i] * inner;
    be.copyBlocks(out._store!, offset * inner, total * inner, tensors[i].storeFor(op), 0, block, block, outer, false);
    offset += sizes[i];
  }
  record(out, CAT, tensors.slice(), { outer, inner, total, sizes });
  return out;
}

export const concat = cat;
