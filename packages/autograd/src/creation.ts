// Making tensors: from data, constant fills and seeded random draws.
import { getBackend, type Backend, type BackendName, type Store } from "./backend/index";
import { Generator, getDefaultGenerator } from "./generator";
import { fmt, sizeOfShape } from "./ops/helpers";
import { checkOptions, describeValue, type OptionKind, type OptionSpec } from "./options";
import { Tensor, type NestedArray } from "./tensor";

export interface TensorOptions {
  backend?: BackendName;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

/** The kind of a `backend` option for checkOptions specs: "wasm" or "js". */
export const BACKEND_KIND: OptionKind = (v) => (v === "wasm" || v === "js" ? null : `must be "wasm" or "js"`);
/** The kind of a `generator` option for checkOptions specs: a Generator. */
export const GENERATOR_KIND: OptionKind = (v) => (v instanceof Generator ? null : "must be a Generator (e.g. new Generator(0))");

const TENSOR_OPTIONS: OptionSpec<TensorOptions> = { backend: BACKEND_KIND, requiresGrad: "boolean" };
const TENSOR_DATA_OPTIONS: OptionSpec<TensorOptions & { shape?: readonly number[] }> = { ...TENSOR_OPTIONS, shape: "object" };
const RANDOM_OPTIONS: OptionSpec<RandomOptions> = { ...TENSOR_OPTIONS, generator: GENERATOR_KIND };

function checkShape(op: string, shape: readonly number[], backend?: BackendName): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${op}: shape must be an array of non-negative integers, got ${Array.isArray(shape) ? fmt(shape) : String(shape)}`);
  }
  checkFits(op, shape, getBackend(backend));
  return shape.slice();
}

/**
 * Refuses a shape that can never be stored on `be`, before any work: a request beyond the limit
 * used to fill a float64 array for tens of seconds (or hit a raw RangeError) before failing.
 */
export function checkFits(op: string, shape: readonly number[], be: Backend): void {
  const size = sizeOfShape(shape);
  if (size > be.maxElements) {
    throw new Error(
      `${op}: shape ${fmt(shape)} has ${size} elements, more than the ${be.name} backend can hold ` +
        `(at most ${be.maxElements} ${be.dtype} elements${be.name === "wasm" ? `, ${be.maxElements * 4} bytes of WebAssembly memory` : ""})`,
    );
  }
}

/** A store of `size` elements, or an error naming `op` and the shape when memory runs out. */
function allocFor(op: string, be: Backend, shape: readonly number[], zero: boolean): Store {
  try {
    return be.alloc(sizeOfShape(shape), zero);
  } catch (e) {
    throw new Error(`${op}: could not allocate shape ${fmt(shape)} (${sizeOfShape(shape)} ${be.dtype} elements) on the ${be.name} backend: ${(e as Error).message}`);
  }
}

function make(op: string, shape: number[], values: ArrayLike<number> | null, fillValue: number, opts: TensorOptions): Tensor {
  const be = getBackend(opts.backend);
  let store: Store;
  if (values !== null) {
    store = allocFor(op, be, shape, false);
    be.view(store).set(values);
  } else {
    store = allocFor(op, be, shape, fillValue === 0);
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
export function tensor(data: number | NestedArray | ArrayLike<number>, options: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  const opts = checkOptions("tensor", options, TENSOR_DATA_OPTIONS);
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
    shape = opts.shape === undefined ? [values.length] : checkShape("tensor", opts.shape, opts.backend);
  } else {
    throw new Error(`tensor: expected a number, nested arrays or an array-like of numbers, got ${data === null ? "null" : typeof data}`);
  }
  if (typeof data !== "number" && opts.shape !== undefined && sizeOfShape(shape) !== values.length) {
    throw new Error(`tensor: shape ${fmt(shape)} holds ${sizeOfShape(shape)} elements, but ${values.length} values were given`);
  }
  return make("tensor", shape, values, 0, opts);
}

/** A tensor of zeros. */
export const zeros = (shape: readonly number[], opts: TensorOptions = {}): Tensor => filled("zeros", shape, 0, opts);
/** A tensor of ones. */
export const ones = (shape: readonly number[], opts: TensorOptions = {}): Tensor => filled("ones", shape, 1, opts);

function filled(op: string, shape: readonly number[], value: number, options: TensorOptions): Tensor {
  const opts = checkOptions(op, options, TENSOR_OPTIONS);
  return make(op, checkShape(op, shape, opts.backend), null, value, opts);
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  if (typeof value !== "number") throw new Error(`full: value must be a number, got ${typeof value}`);
  return filled("full", shape, value, opts);
}

function draw(op: string, shape: readonly number[], options: RandomOptions, sample: (g: Generator) => number): Tensor {
  const opts = checkOptions(op, options, RANDOM_OPTIONS);
  const s = checkShape(op, shape, opts.backend);
  const g = opts.generator ?? getDefaultGenerator();
  // Drawn straight into the store (rounded to its precision on write, as a copy would): no float64
  // array of the whole tensor first, and an allocation failure comes before any sampling.
  const t = make(op, s, null, 0, { ...opts, requiresGrad: false });
  const view = t.backend.view(t._store!);
  for (let i = 0; i < view.length; i++) view[i] = sample(g);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Standard normal samples from the seeded generator. */
export const randn = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw("randn", shape, opts, (g) => g.normal());
/** Uniform samples in [0, 1). */
export const rand = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw("rand", shape, opts, (g) => g.random());

/** Uniform samples in [low, high). */
export function uniform(shape: readonly number[], low: number, high: number, opts: RandomOptions = {}): Tensor {
  if (typeof low !== "number" || typeof high !== "number") throw new Error(`uniform: low and high must be numbers, got ${describeValue(low)} and ${describeValue(high)}`);
  if (!(low <= high)) throw new Error(`uniform: low ${low} must not exceed high ${high}`);
  return draw("uniform", shape, opts, (g) => low + (high - low) * g.random());
}

const LIKE_OPTIONS: OptionSpec<{ requiresGrad?: boolean }> = { requiresGrad: "boolean" };

/** A tensor shaped and placed like `like`, filled with `value`. */
export function fullLike(like: Tensor, value: number, opts: { requiresGrad?: boolean } = {}): Tensor {
  return full(like.shape, value, { backend: like.backend.name, ...checkOptions("fullLike", opts, LIKE_OPTIONS) });
}

/** 0, 1, …, n−1. */
export function arange(n: number, options: TensorOptions = {}): Tensor {
  const opts = checkOptions("arange", options, TENSOR_OPTIONS);
  if (!Number.isInteger(n) || n < 0) throw new Error(`arange: n must be a non-negative integer, got ${n}`);
  checkFits("arange", [n], getBackend(opts.backend));
  return make("arange", [n], Array.from({ length: n }, (_, i) => i), 0, opts);
}
