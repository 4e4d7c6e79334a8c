// Reductions along axes. sum is the primitive (one sumAxis per run of adjacent reduced axes);
// mean is a sum divided by the count; max keeps its arg-max indices to route the gradient.
import type { IndexStore } from "../backend/index";
import { empty, gradStore, record } from "../tape";
import type { Tensor, OpDef } from "../tensor";
import { checkTensor, fmt, normDim, reduceInto, reductionView } from "./helpers";
import { div } from "./elementwise";

function reducedAxes(op: string, x: Tensor, dim: number | readonly number[] | null | undefined): boolean[] {
  const nd = x.shape.length;
  const mask = new Array<boolean>(nd).fill(dim == null);
  if (dim == null) return mask;
  const dims = typeof dim === "number" ? [dim] : dim;
  if (!Array.isArray(dims)) throw new Error(`${op}: dim must be a number or an array of numbers, got ${typeof dim}`);
  for (const d of dims) {
    const a = normDim(op, d, nd);
    if (mask[a]) throw new Error(`${op}: dim ${d} appears twice in ${fmt(dims)}`);
    mask[a] = true;
  }
  return mask;
}

interface SumArgs { kept: number[] }

const SUM: OpDef<SumArgs> = {
  name: "sum",
  readsInputs: false,
  backward(out, g, { kept }) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const be = out.backend;
    const dst = gradStore(x)!;
    // Broadcast g (seen with its reduced axes as 1) back over x, adding in place.
    be.binary("add", dst, dst, g, { aShape: x.shape, bShape: kept });
  },
};

/** Sum over `dim` (one axis, a list, or all when omitted). */
export function sum(x: Tensor, dim?: number | readonly number[] | null, keepDim = false): Tensor {
  checkTensor("sum", "x", x);
  const mask = reducedAxes("sum", x, dim);
  const kept = x.shape.map((s, i) => (mask[i] ? 1 : s));
  const shape = keepDim ? kept : x.shape.filter((_, i) => !mask[i]);
  const be = x.backend;
  const out = empty(be, shape);
  reduceInto(be, out._store!, x._store!, x.shape, kept, 1, false);
  record(out, SUM, [x], { kept });
  return out;
}

/**
 * Mean over `dim` (one axis, a list, or all when omitted): sum / n, and n-th of the gradient,
 * divided as PyTorch does (sum·(1/n) is off by an ulp, e.g. a sum of 0.7 over 3 elements).
 */
export function mean(x: Tensor, dim?: number | readonly number[] | null, keepDim = false): Tensor {
  checkTensor("mean", "x", x);
  const mask = reducedAxes("mean", x, dim);
  let count = 1;
  for (let i = 0; i < mask.length; i++) if (mask[i]) count *= x.shape[i];
  return div(sum(x, dim, keepDim), count);
}

/** The [outer, n, inner] view reduced over n, and the arg-max of each output element. */
interface MaxSaved { view: [number, number, number]; indices: IndexStore }

const MAX: OpDef<MaxSaved> = {
  name: "max",
  backward(out, g, { view, indices }) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const [outer, n, inner] = view;
    const be = out.backend;
    const dst = gradStore(x)!;
    // No scatter kernel yet: route each gradient to its arg-max with an element loop.
    const dx = be.view(dst), gv = be.view(g), idx = be.indexView(indices);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const k = o * inner + i;
        dx[(o * n + idx[k]) * inner + i] += gv[k];
      }
    }
  },
  release: ({ indices }, be) => be.freeIndex(indices),
};

/** Maximum values over `dim` (over all elements when omitted); the gradient goes to the first arg-max. */
export function max(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  checkTensor("max", "x", x);
  const { view, shape } = reductionView("max", "maximum", x, dim, keepDim);
  const be = x.backend;
  const out = empty(be, shape);
  const indices = be.allocIndex(view[0] * view[2]);
  be.maxAxis(out._store!, indices, x._store!, view);
  record(out, MAX, [x], { view, indices });
  return out;
}
