// Gather along an axis (embedding lookup): each index copies one [inner] block per outer row.
// Backward scatters with accumulation, so a token that appears twice gets both gradients.
import { empty, gradStore, record } from "../tape";
import { Tensor, type OpDef } from "../tensor";
import { axisView, checkTensor, fmt, normDim } from "./helpers";

interface GatherArgs { outer: number; n: number; inner: number; indices: Int32Array }

const INDEX_SELECT: OpDef<GatherArgs> = {
  name: "indexSelect",
  readsInputs: false,
  backward(out, g, { outer, n, inner, indices }) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const be = out.backend;
    const dst = gradStore(x)!;
    const m = indices.length;
    for (let j = 0; j < m; j++) be.copyBlocks(dst, indices[j] * inner, n * inner, g, j * inner, m * inner, inner, outer, true);
  },
};

/** Rows (or slices along `dim`) of x at `indices`, in order; indices may repeat. */
export function indexSelect(x: Tensor, dim: number, indices: Tensor | Int32Array | readonly number[]): Tensor {
  const op = "indexSelect";
  checkTensor(op, "x", x);
  const d = normDim(op, dim, x.shape.length);
  const [outer, n, inner] = axisView(x.shape, d);
  let values: ArrayLike<unknown>;
  let idShape: readonly number[];
  if (indices instanceof Tensor) {
    values = indices.backend.view(indices.storeFor(op));
    idShape = indices.shape;
  } else if (Array.isArray(indices) || indices instanceof Int32Array) {
    values = indices;
    idShape = [indices.length];
  } else {
    throw new Error(`${op}: indices must be a Tensor or an array of integers, got ${typeof indices}`);
  }
  if (idShape.length > 1) throw new Error(`${op}: indices must be 0-d or 1-d, got shape ${fmt(idShape)}`);
  // One rule for tensor and array indices, checked before the Int32 conversion (which would
  // truncate 1.5, turn NaN into 0 and wrap 2³² + 2 to 2).
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${op}: indices must be integers, got ${String(v)} at position ${i}`);
    if (v < 0 || v >= n) throw new Error(`${op}: index ${v} is out of range for dimension ${d} of size ${n} (shape ${fmt(x.shape)})`);
    ids[i] = v;
  }
  const m = ids.length;
  const shape = x.shape.slice();
  shape[d] = m;
  const be = x.backend;
  const out = empty(be, shape);
  for (let j = 0; j < m; j++) be.copyBlocks(out._store!, j * inner, m * inner, x._store!, ids[j] * inner, n * inner, inner, outer, false);
  record(out, INDEX_SELECT, [x], { outer, n, inner, indices: ids });
  return out;
}
