// Shared by the ops: operand checks, dimension arithmetic, and the two broadcasting moves of
// backward (sum a gradient down to an input's shape; add a reduced gradient back up).
import { broadcastShapes } from "@tapegrad/kernels";
import type { Backend, Operand, Store } from "../backend/index";
import { Tensor } from "../tensor";
import { gradStore as gradStoreRef, passGrad as passGradRef, sizeOfShape } from "../tape";

export { broadcastShapes, sizeOfShape };

export const fmt = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkTensor(op: string, name: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) {
    const got = t === null ? "null" : Array.isArray(t) ? "an Array" : typeof t === "object" ? `a ${(t as object).constructor?.name}` : `${typeof t} ${String(t)}`;
    throw new Error(`${op}: ${name} must be a Tensor, got ${got}`);
  }
  if (t.isDisposed) t.storeFor(op);
  return t;
}

/** A loss's input and target: tensors on one backend, of one shape. */
export function checkInputTarget(op: string, x: Tensor, y: Tensor): void {
  checkTensor(op, "input", x);
  checkTensor(op, "target", y);
  sameBackend(op, x, y);
  if (!sameShape(x.shape, y.shape)) throw new Error(`${op}: input ${fmt(x.shape)} and target ${fmt(y.shape)} must have the same shape`);
}

export function sameBackend(op: string, a: Tensor, b: Tensor): Backend {
  if (a.backend !== b.backend) throw new Error(`${op}: operands live on different backends (${a.backend.name} and ${b.backend.name})`);
  return a.backend;
}

/** A constant 0-d tensor on `be` (scalar operands of binary ops). */
export function scalarTensor(be: Backend, value: number): Tensor {
  if (typeof value !== "number") throw new Error(`scalar operand must be a number, got ${typeof value}`);
  return new Tensor(be, [], be.fromValues([value]));
}

/** `dim` in [-ndim, ndim) as a non-negative axis, or an error naming the op. */
export function normDim(op: string, dim: number, ndim: number): number {
  if (ndim === 0) throw new Error(`${op}: a 0-d tensor has no dimension ${dim}; reshape it to [1] first`);
  if (!Number.isInteger(dim) || dim < -ndim || dim >= ndim) {
    throw new Error(`${op}: dim ${dim} is out of range for a ${ndim}-d tensor (expected -${ndim} <= dim < ${ndim})`);
  }
  return dim < 0 ? dim + ndim : dim;
}

/** [outer, n, inner] view of `shape` around axis `dim`. */
export function axisView(shape: readonly number[], dim: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[dim], inner];
}

/**
 * The [outer, n, inner] view of a reduction over `dim` (over everything when dim is null) and the
 * result's shape (the axis kept as 1 with keepDim); an empty reduced axis is an error naming `what`.
 */
export function reductionView(op: string, what: string, x: { shape: readonly number[]; size: number }, dim: number | null | undefined, keepDim: boolean): { view: [number, number, number]; shape: number[] } {
  let view: [number, number, number];
  let shape: number[];
  if (dim == null) {
    view = [1, x.size, 1];
    shape = keepDim ? x.shape.map(() => 1) : [];
  } else {
    const d = normDim(op, dim, x.shape.length);
    view = axisView(x.shape, d);
    shape = x.shape.slice();
    if (keepDim) shape[d] = 1;
    else shape.splice(d, 1);
  }
  if (view[1] === 0) throw new Error(`${op}: cannot take the ${what} over an empty dimension (shape ${fmt(x.shape)})`);
  return { view, shape };
}

/**
 * dst (+)= alpha·Σ src over the axes where `target` is 1 (or missing) and srcShape is not:
 * the gradient of a broadcast operand, and the forward of sum(). Adjacent reduced axes are
 * merged, so the usual bias case is a single sumAxis call straight into dst.
 */
export function reduceInto(
  be: Backend, dst: Operand, src: Operand, srcShape: readonly number[], target: readonly number[],
  alpha: number, accumulate: boolean,
): void {
  const pad = srcShape.length - target.length;
  const sizes: number[] = [];
  const reduced: boolean[] = [];
  for (let i = 0; i < srcShape.length; i++) {
    const d = srcShape[i];
    if (d === 1) continue;
    const red = i < pad || target[i - pad] === 1;
    const last = sizes.length - 1;
    if (last >= 0 && reduced[last] === red) sizes[last] *= d;
    else { sizes.push(d); reduced.push(red); }
  }
  let first = -1, count = 0;
  for (let j = 0; j < sizes.length; j++) if (reduced[j]) { count++; if (first < 0) first = j; }
  if (count === 0) {
    if (accumulate) be.axpy(dst, src, alpha);
    else if (alpha === 1) be.copy(dst, src);
    else be.scale(dst, src, alpha);
    return;
  }
  // Reduce from the innermost reduced segment outwards; only the last pass may write dst.
  let cur: Operand = src;
  let tmp: Store | null = null;
  for (let j = sizes.length - 1; j >= 0; j--) {
    if (!reduced[j]) continue;
    let outer = 1, inner = 1;
    for (let q = 0; q < j; q++) outer *= sizes[q];
    for (let q = j + 1; q < sizes.length; q++) inner *= sizes[q];
    const view: [number, number, number] = [outer, sizes[j], inner];
    if (j === first && alpha === 1) {
      be.sumAxis(dst, cur, view, accumulate);
    } else {
      const next = be.alloc(outer * inner, false);
      be.sumAxis(next, cur, view, false);
      if (tmp !== null) be.free(tmp);
      cur = tmp = next;
    }
    sizes[j] = 1;
  }
  if (tmp !== null) {
    if (alpha !== 1) {
      if (accumulate) be.axpy(dst, tmp, alpha);
      else be.scale(dst, tmp, alpha);
    }
    be.free(tmp);
  }
}

/** gradient of a broadcast input t: dL/dt += alpha·(g reduced to t's shape). */
export function gradBroadcast(t: Tensor, g: Store, out: Tensor, alpha: number, owner: Tensor): void {
  if (!t._requiresGrad) return;
  const be = t.backend;
  if (t.size === out.size) {
    if (alpha === 1) passGradRef(t, g, owner);
    else be.axpy(gradStoreRef(t)!, g, alpha);
    return;
  }
  reduceInto(be, gradStoreRef(t)!, g, out.shape, t.shape, alpha, true);
}
