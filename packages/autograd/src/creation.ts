// Making tensors: from data, constant fills and seeded random draws.
import { getBackend, type BackendName, type Store } from "./backend/index";
import { Generator, getDefaultGenerator } from "./generator";
import { fmt, sizeOfShape } from "./ops/helpers";
import { Tensor, type NestedArray } from "./tensor";

export interface TensorOptions {
  backend?: BackendName;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

function checkShape(op: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${op}: shape must be an array of non-negative integers, got ${Array.isArray(shape) ? fmt(shape) : String(shape)}`);
  }
  return shape.slice();
}

function make(shape: number[], values: ArrayLike<number> | null, fillValue: number, opts: TensorOptions): Tensor {
  const be = getBackend(opts.backend);
  const size = sizeOfShape(shape);
  let store: Store;
  if (values !== null) store = be.fromValues(values);
  else {
    store = be.alloc(size, fillValue === 0);
    if (fillValue !== 0) be.fill(store, fillValue);
  }
  const t = new Tensor(be, shape, store);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flatten(data: NestedArray, shape: number[], out: number[], depth: number, path: string): void {
  if (depth === shape.length) {
    if (typeof data !== "number") throw new Error(`tensor: expected a number at ${path || "the top level"}, got ${Array.isArray(data) ? "an array" : typeof data}`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new Error(`tensor: ragged nested array: expected ${shape[depth]} elements at ${path || "the top level"} (shape ${fmt(shape)}), got ${Array.isArray(data) ? data.length : typeof data}`);
  }
  for (let i = 0; i < data.length; i++) flatten(data[i], shape, out, depth + 1, `${path}[${i}]`);
}

/** A tensor from a number, nested arrays, or a flat array-like with `shape`. */
export function tensor(data: number | NestedArray | ArrayLike<number>, opts: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  let values: ArrayLike<number>;
  let shape: number[];
  if (typeof data === "number") {
    values = [data];
    shape = [];
  } else if (Array.isArray(data) && opts.shape === undefined) {
    shape = inferShape(data);
    const flat: number[] = [];
    flatten(data, shape, flat, 0, "");
    values = flat;
  } else if (data !== null && typeof data === "object" && typeof (data as ArrayLike<number>).length === "number") {
    values = Array.isArray(data) ? (data as NestedArray[]).flat(Infinity as 1) as number[] : (data as ArrayLike<number>);
    shape = opts.shape === undefined ? [values.length] : checkShape("tensor", opts.shape);
  } else {
    throw new Error(`tensor: expected a number, nested arrays or an array-like of numbers, got ${data === null ? "null" : typeof data}`);
  }
  if (typeof data !== "number" && opts.shape !== undefined && sizeOfShape(shape) !== values.length) {
    throw new Error(`tensor: shape ${fmt(shape)} holds ${sizeOfShape(shape)} elements, but ${values.length} values were given`);
  }
  return make(shape, values, 0, opts);
}

/** A tensor of zeros. */
export const zeros = (shape: readonly number[], opts: TensorOptions = {}): Tensor => make(checkShape("zeros", shape), null, 0, opts);
/** A tensor of ones. */
export const ones = (shape: readonly number[], opts: TensorOptions = {}): Tensor => make(checkShape("ones", shape), null, 1, opts);

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  if (typeof value !== "number") throw new Error(`full: value must be a number, got ${typeof value}`);
  return make(checkShape("full", shape), null, value, opts);
}

function draw(op: string, shape: readonly number[], opts: RandomOptions, sample: (g: Generator) => number): Tensor {
  const s = checkShape(op, shape);
  const g = opts.generator ?? getDefaultGenerator();
  const values = new Float64Array(sizeOfShape(s));
  for (let i = 0; i < values.length; i++) values[i] = sample(g);
  return make(s, values, 0, opts);
}

/** Standard normal samples from the seeded generator. */
export const randn = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw("randn", shape, opts, (g) => g.normal());
/** Uniform samples in [0, 1). */
export const rand = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw("rand", shape, opts, (g) => g.random());

/** Uniform samples in [low, high). */
export function uniform(shape: readonly number[], low: number, high: number, opts: RandomOptions = {}): Tensor {
  if (!(low <= high)) throw new Error(`uniform: low ${low} must not exceed high ${high}`);
  return draw("uniform", shape, opts, (g) => low + (high - low) * g.random());
}

/** A tensor shaped and placed like `like`, filled with `value`. */
export function fullLike(like: Tensor, value: number, opts: { requiresGrad?: boolean } = {}): Tensor {
  return full(like.shape, value, { backend: like.backend.name, ...opts });
}

/** 0, 1, …, n−1. */
export function arange(n: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`arange: n must be a non-negative integer, got ${n}`);
  return make([n], Array.from({ length: n }, (_, i) => i), 0, opts);
}
