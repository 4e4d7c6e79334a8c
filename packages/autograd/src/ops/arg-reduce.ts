// argmax / argmin / topk: positions along a dimension. Indices are returned as a tensor of
// integer values on x's backend (there is no integer dtype; float32 holds integers exactly up to
// 2^24). They carry no gradient; topk's values do, through gather at the found indices.
import { empty } from "../tape";
import { Tensor } from "../tensor";
import { checkOptions, type OptionSpec } from "../options";
import { gather } from "./gather";
import { axisView, checkTensor, fmt, normDim, reductionView } from "./helpers";

type Better = (a: number, b: number) => boolean;
// NaN wins, as in PyTorch (a NaN is both the max and the min).
const greater: Better = (a, b) => a > b || (Number.isNaN(a) && !Number.isNaN(b));
const less: Better = (a, b) => a < b || (Number.isNaN(a) && !Number.isNaN(b));

function argReduce(op: string, x: Tensor, dim: number | null | undefined, keepDim: boolean, better: Better): Tensor {
  checkTensor(op, "x", x);
  const { view, shape } = reductionView(op, op, x, dim, keepDim);
  const [outer, n, inner] = view;
  const be = x.backend;
  const xv = be.view(x.storeFor(op));
  const out = empty(be, shape);
  const o = be.view(out._store!);
  for (let a = 0; a < outer; a++) {
    for (let c = 0; c < inner; c++) {
      const base = a * n * inner + c;
      let best = 0;
      let bv = xv[base];
      for (let j = 1; j < n; j++) {
        const v = xv[base + j * inner];
        if (better(v, bv)) { best = j; bv = v; }
      }
      o[a * inner + c] = best;
    }
  }
  return out;
}

/** Index of the largest value along `dim` (of the flattened tensor when omitted); the first on ties. */
export function argmax(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  return argReduce("argmax", x, dim, keepDim, greater);
}

/** Index of the smallest value along `dim` (of the flattened tensor when omitted); the first on ties. */
export function argmin(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  return argReduce("argmin", x, dim, keepDim, less);
}

export interface TopkOptions {
  /** Largest (default) or smallest values. */
  largest?: boolean;
  /** Results in order, best first (default true); false keeps them in index order. */
  sorted?: boolean;
}

const TOPK_OPTIONS: OptionSpec<TopkOptions> = { largest: "boolean", sorted: "boolean" };

/** The k largest (or smallest) values along `dim` and their indices; values are differentiable. */
export function topk(x: Tensor, k: number, dim = -1, options: TopkOptions = {}): { values: Tensor; indices: Tensor } {
  const op = "topk";
  checkTensor(op, "x", x);
  const opts = checkOptions(op, options, TOPK_OPTIONS);
  const d = normDim(op, dim, x.shape.length);
  const [outer, n, inner] = axisView(x.shape, d);
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new Error(`${op}: k (${k}) must be an integer in [0, ${n}] (selected index k out of range; dimension ${d} of ${fmt(x.shape)})`);
  const better = opts.largest === false ? less : greater;
  const sorted = opts.sorted !== false;
  const be = x.backend;
  const xv = be.view(x.storeFor(op));
  const shape = x.shape.slice();
  shape[d] = k;
  const ids = new Float64Array(outer * k * inner);
  const order = new Array<number>(n);
  for (let a = 0; a < outer; a++) {
    for (let c = 0; c < inner; c++) {
      const base = a * n * inner + c;
      for (let j = 0; j < n; j++) order[j] = j;
      // Stable: equal values keep index order.
      order.sort((p, q) => (better(xv[base + p * inner], xv[base + q * inner]) ? -1 : better(xv[base + q * inner], xv[base + p * inner]) ? 1 : p - q));
      const chosen = order.slice(0, k);
      if (!sorted) chosen.sort((p, q) => p - q);
      for (let j = 0; j < k; j++) ids[(a * k + j) * inner + c] = chosen[j];
    }
  }
  const indices = new Tensor(be, shape, be.fromValues(ids));
  return { values: gather(x, d, indices), indices };
}
