// Powers and clamping. The kernels have no pow or clamp yet, so these run as element loops over
// the backend's view (not on any hot path of the recurrent models); square is a product.
import { empty, gradStore, record } from "../tape";
import type { OpDef, Tensor } from "../tensor";
import { checkTensor } from "./helpers";
import { mul } from "./elementwise";

const POW: OpDef<number> = {
  name: "pow",
  backward(out, g, p) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    // x⁰ is constant: PyTorch's gradient is 0 (a zero gradient is still made), where 0·0⁻¹ was NaN at x = 0.
    if (p === 0) { gradStore(x); return; }
    const be = out.backend;
    const dst = gradStore(x)!;
    const dx = be.view(dst), gv = be.view(g), xv = be.view(x.storeFor("pow backward"));
    for (let i = 0; i < dx.length; i++) dx[i] += gv[i] * p * Math.pow(xv[i], p - 1);
  },
};

/** Elementwise x^exponent for a number exponent. */
export function pow(x: Tensor, exponent: number): Tensor {
  checkTensor("pow", "x", x);
  if (typeof exponent !== "number" || Number.isNaN(exponent)) throw new Error(`pow: exponent must be a number, got ${String(exponent)}`);
  if (exponent === 2) return square(x);
  const be = x.backend;
  const out = empty(be, x.shape, x.size);
  const ov = be.view(out._store!), xv = be.view(x._store!);
  for (let i = 0; i < ov.length; i++) ov[i] = Math.pow(xv[i], exponent);
  record(out, POW, [x], exponent);
  return out;
}

/** x·x. */
export function square(x: Tensor): Tensor {
  return mul(checkTensor("square", "x", x), x);
}

/** The bounds [lo, hi] (infinite where omitted). */
type Bounds = [number, number];

const CLAMP: OpDef<Bounds> = {
  name: "clamp",
  backward(out, g, [lo, hi]) {
    const x = out._inputs![0];
    if (!x._requiresGrad) return;
    const be = out.backend;
    const dst = gradStore(x)!;
    const dx = be.view(dst), gv = be.view(g), xv = be.view(x.storeFor("clamp backward"));
    // Like PyTorch: the gradient passes where lo <= x <= hi.
    for (let i = 0; i < dx.length; i++) if (xv[i] >= lo && xv[i] <= hi) dx[i] += gv[i];
  },
};

/** Elementwise min(max(x, min), max); either bound may be omitted. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  checkTensor("clamp", "x", x);
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  if (min == null && max == null) throw new Error("clamp: expected at least one of min and max, got neither");
  if (lo > hi) throw new Error(`clamp: min ${lo} is greater than max ${hi}`);
  const be = x.backend;
  const out = empty(be, x.shape, x.size);
  const ov = be.view(out._store!), xv = be.view(x._store!);
  for (let i = 0; i < ov.length; i++) { const v = xv[i]; ov[i] = v < lo ? lo : v > hi ? hi : v; }
  record(out, CLAMP, [x], [lo, hi]);
  return out;
}
