// gather (PyTorch torch.gather): out[i][j][k] = x[index[i][j][k]][j][k] for dim 0, and so on.
// Forward resolves every output element to its flat source offset once; backward scatters the
// gradient through the same offsets with accumulation (an index that repeats gets every share).
import { empty, gradStore, record } from "../tape";
import type { OpDef, Tensor } from "../tensor";
import { checkTensor, fmt, normDim } from "./helpers";
import { readIndices, stridesOf, type IndexInput } from "./indices";

interface GatherArgs { sources: Int32Array }

const GATHER: OpDef<GatherArgs> = {
  name: "gather",
  backward(out, g, { sources }) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const be = out.backend;
    const dx = be.view(gradStore(x)!), gv = be.view(g);
    for (let i = 0; i < sources.length; i++) dx[sources[i]] += gv[i];
  },
};

/**
 * Picks values of x along `dim` at `index` (same number of dimensions as x, no larger than x in
 * the other dimensions); the result has index's shape. Differentiable in x.
 */
export function gather(x: Tensor, dim: number, index: IndexInput): Tensor {
  const op = "gather";
  checkTensor(op, "x", x);
  const d = normDim(op, dim, x.shape.length);
  const { ids, shape } = readIndices(op, index);
  if (shape.length !== x.shape.length) throw new Error(`${op}: Index tensor must have the same number of dimensions as input tensor (index ${fmt(shape)}, input ${fmt(x.shape)})`);
  for (let k = 0; k < shape.length; k++) {
    if (k !== d && shape[k] > x.shape[k]) throw new Error(`${op}: Size does not match at dimension ${k} expected index ${fmt(shape)} to be smaller than self ${fmt(x.shape)} apart from dimension ${d}`);
  }
  const xs = stridesOf(x.shape);
  const n = x.shape[d];
  const sources = new Int32Array(ids.length);
  const pos = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < ids.length; i++) {
    const j = ids[i];
    if (j < 0 || j >= n) throw new Error(`${op}: index ${j} is out of bounds for dimension ${d} with size ${n}`);
    let off = 0;
    for (let k = 0; k < shape.length; k++) off += (k === d ? j : pos[k]) * xs[k];
    sources[i] = off;
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++pos[k] < shape[k]) break;
      pos[k] = 0;
    }
  }
  const be = x.backend;
  const out = empty(be, shape);
  const o = be.view(out._store!), xv = be.view(x._store!);
  for (let i = 0; i < sources.length; i++) o[i] = xv[sources[i]];
  record(out, GATHER, [x], { sources });
  return out;
}
