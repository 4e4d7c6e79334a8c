// Elementwise comparisons with broadcasting: eq, ne, lt, le, gt, ge. The result is a 0/1 tensor
// on the operands' backend (there is no bool dtype) and never has a gradient — use it as a mask
// for where / maskedFill, or sum it to count.
import { broadcastStrides } from "@tapegrad/kernels";
import { empty } from "../tape";
import type { Tensor } from "../tensor";
import { broadcastShapes, checkTensor, sameBackend, scalarTensor } from "./helpers";

type Test = (a: number, b: number) => boolean;

function compare(op: string, a: Tensor, b: Tensor | number, test: Test): Tensor {
  checkTensor(op, "a", a);
  const be = a.backend;
  const tb = typeof b === "number" ? scalarTensor(be, b) : checkTensor(op, "b", b);
  sameBackend(op, a, tb);
  const shape = broadcastShapes(op, a.shape, tb.shape);
  const out = empty(be, shape);
  const x = be.view(a.storeFor(op)), y = be.view(tb.storeFor(op)), o = be.view(out._store!);
  if (a.size === o.length && tb.size === o.length) {
    for (let i = 0; i < o.length; i++) o[i] = test(x[i], y[i]) ? 1 : 0;
  } else if (a.size === o.length && tb.size === 1) {
    const s = y[0];
    for (let i = 0; i < o.length; i++) o[i] = test(x[i], s) ? 1 : 0;
  } else {
    const sa = broadcastStrides(a.shape, shape), sb = broadcastStrides(tb.shape, shape);
    const index = new Array<number>(shape.length).fill(0);
    for (let flat = 0; flat < o.length; flat++) {
      let ia = 0, ib = 0;
      for (let d = 0; d < shape.length; d++) {
        ia += index[d] * sa[d];
        ib += index[d] * sb[d];
      }
      o[flat] = test(x[ia], y[ib]) ? 1 : 0;
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) break;
        index[d] = 0;
      }
    }
  }
  if (typeof b === "number") tb.dispose();
  return out;
}

/** a == b elementwise (1 or 0). */
export function eq(a: Tensor, b: Tensor | number): Tensor { return compare("eq", a, b, (x, y) => x === y); }
/** a != b elementwise (1 or 0; NaN != NaN is 1). */
export function ne(a: Tensor, b: Tensor | number): Tensor { return compare("ne", a, b, (x, y) => x !== y); }
/** a < b elementwise (1 or 0). */
export function lt(a: Tensor, b: Tensor | number): Tensor { return compare("lt", a, b, (x, y) => x < y); }
/** a <= b elementwise (1 or 0). */
export function le(a: Tensor, b: Tensor | number): Tensor { return compare("le", a, b, (x, y) => x <= y); }
/** a > b elementwise (1 or 0). */
export function gt(a: Tensor, b: Tensor | number): Tensor { return compare("gt", a, b, (x, y) => x > y); }
/** a >= b elementwise (1 or 0). */
export function ge(a: Tensor, b: Tensor | number): Tensor { return compare("ge", a, b, (x, y) => x >= y); }
