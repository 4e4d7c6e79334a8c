// Gather along an axis (embedding lookup): each index copies one [inner] block per outer row.
// Backward scatters with accumulation, so a token that appears twice gets both gradients.
import { empty, gradStore, record } from "../tape";
import { Tensor, type OpDef } from "../tensor";
import { axisView, checkTensor, fmt, normDim } from "./helpers";

interface GatherArgs { outer: number; n: number; inner: number; indices: Int32Array }

const INDEX_SELECT: OpDef<GatherArgs> = {
  name: "indexSelect",
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
  let ids: Int32Array;
  let idShape: readonly number[];
  if (indices instanceof Tensor) {
    const v = indices.backend.view(indices.storeFor(op));
    ids = Int32Array.from(v);
    idShape = indices.shape;
    for (let i = 0; i < v.length; i++) if (v[i] !== ids[i]) throw new Error(`${op}: indices must be integers, got ${v[i]} at position ${i}`);
  } else if (Array.isArray(indices) || indices instanceof Int32Array) {
    ids = Int32Array.from(indices);
    idShape = [ids.length];
  } else {
    throw new Error(`${op}: indices must be a Tensor or an array of integers, got ${typeof indices}`);
  }
  if (idShape.length > 1) throw new Error(`${op}: indices must be 0-d or 1-d, got shape ${fmt(idShape)}`);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= n) throw new Error(`${op}: index ${ids[i]} is out of range for dimension ${d} of size ${n} (shape ${fmt(x.shape)})`);
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
