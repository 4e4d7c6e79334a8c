// The Tensor's op methods (x.add(y), x.tanh(), x.backward(), …), attached to Tensor.prototype in
// this one place above the ops, so the Tensor core (tensor.ts) imports none of them and nothing
// imports in a circle. Each method is the function of the same name in ./ops (or the tape's
// backward) with `this` as its first operand. Declaration merging keeps the methods typed.
// package.json lists this file under "sideEffects", so a bundler keeps it when a program imports
// only functions (tensor, scope) and then calls methods on what they return.
import * as A from "./ops/arg-reduce";
import * as C from "./ops/comparison";
import * as E from "./ops/elementwise";
import * as G from "./ops/gather";
import * as K from "./ops/clone";
import * as W from "./ops/where";
import * as I from "./ops/index-select";
import * as M from "./ops/matmul";
import * as P from "./ops/pow";
import * as R from "./ops/reduce";
import * as S from "./ops/shape";
import * as L from "./ops/slicing";
import * as X from "./ops/softmax";
import * as U from "./ops/unary";
import type { IndexInput } from "./ops/indices";
import { backward, type BackwardOptions } from "./tape";
import { Tensor } from "./tensor";

/** The methods every Tensor has beyond its core (tensor.ts). */
export interface TensorMethods {
  /** Accumulates dL/d(leaf) into every leaf's .grad; a scalar needs no `grad`. */
  backward(grad?: Tensor, options?: BackwardOptions): void;
  add(other: Tensor | number): Tensor;
  sub(other: Tensor | number): Tensor;
  mul(other: Tensor | number): Tensor;
  div(other: Tensor | number): Tensor;
  neg(): Tensor;
  pow(exponent: number): Tensor;
  square(): Tensor;
  clamp(min?: number | null, max?: number | null): Tensor;
  sqrt(): Tensor;
  exp(): Tensor;
  log(): Tensor;
  tanh(): Tensor;
  sigmoid(): Tensor;
  relu(): Tensor;
  abs(): Tensor;
  gelu(options?: U.GeluOptions): Tensor;
  matmul(other: Tensor): Tensor;
  transpose(dim0?: number, dim1?: number): Tensor;
  permute(dims: readonly number[]): Tensor;
  reshape(shape: readonly number[]): Tensor;
  narrow(dim: number, start: number, length: number): Tensor;
  slice(dim: number, start: number, end?: number): Tensor;
  select(dim: number, index: number): Tensor;
  split(sizeOrSizes: number | readonly number[], dim?: number): Tensor[];
  chunk(n: number, dim?: number): Tensor[];
  indexSelect(dim: number, indices: Tensor | Int32Array | readonly number[]): Tensor;
  sum(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor;
  mean(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor;
  max(dim?: number | null, keepDim?: boolean): Tensor;
  softmax(dim?: number): Tensor;
  logSoftmax(dim?: number): Tensor;
  argmax(dim?: number | null, keepDim?: boolean): Tensor;
  argmin(dim?: number | null, keepDim?: boolean): Tensor;
  topk(k: number, dim?: number, opts?: A.TopkOptions): { values: Tensor; indices: Tensor };
  gather(dim: number, index: IndexInput): Tensor;
  eq(other: Tensor | number): Tensor;
  ne(other: Tensor | number): Tensor;
  lt(other: Tensor | number): Tensor;
  le(other: Tensor | number): Tensor;
  gt(other: Tensor | number): Tensor;
  ge(other: Tensor | number): Tensor;
  maskedFill(mask: Tensor, value: number): Tensor;
  clone(): Tensor;
}

declare module "./tensor" {
  interface Tensor extends TensorMethods {}
}

// Typed by TensorMethods (parameters, results, none missing) with `this` a Tensor.
const methods: TensorMethods & ThisType<Tensor> = {
  backward(grad, options) { backward(this, grad, options); },
  add(other) { return E.add(this, other); },
  sub(other) { return E.sub(this, other); },
  mul(other) { return E.mul(this, other); },
  div(other) { return E.div(this, other); },
  neg() { return E.neg(this); },
  pow(exponent) { return P.pow(this, exponent); },
  square() { return P.square(this); },
  clamp(min, max) { return P.clamp(this, min, max); },
  sqrt() { return U.sqrt(this); },
  exp() { return U.exp(this); },
  log() { return U.log(this); },
  tanh() { return U.tanh(this); },
  sigmoid() { return U.sigmoid(this); },
  relu() { return U.relu(this); },
  abs() { return U.abs(this); },
  gelu(options) { return U.gelu(this, options); },
  matmul(other) { return M.matmul(this, other); },
  transpose(dim0 = -2, dim1 = -1) { return S.transpose(this, dim0, dim1); },
  permute(dims) { return S.permute(this, dims); },
  reshape(shape) { return S.reshape(this, shape); },
  narrow(dim, start, length) { return L.narrow(this, dim, start, length); },
  slice(dim, start, end) { return L.slice(this, dim, start, end); },
  select(dim, index) { return L.select(this, dim, index); },
  split(sizeOrSizes, dim = 0) { return L.split(this, sizeOrSizes, dim); },
  chunk(n, dim = 0) { return L.chunk(this, n, dim); },
  indexSelect(dim, indices) { return I.indexSelect(this, dim, indices); },
  sum(dim, keepDim = false) { return R.sum(this, dim, keepDim); },
  mean(dim, keepDim = false) { return R.mean(this, dim, keepDim); },
  max(dim, keepDim = false) { return R.max(this, dim, keepDim); },
  softmax(dim = -1) { return X.softmax(this, dim); },
  logSoftmax(dim = -1) { return X.logSoftmax(this, dim); },
  argmax(dim, keepDim = false) { return A.argmax(this, dim, keepDim); },
  argmin(dim, keepDim = false) { return A.argmin(this, dim, keepDim); },
  topk(k, dim = -1, opts = {}) { return A.topk(this, k, dim, opts); },
  gather(dim, index) { return G.gather(this, dim, index); },
  eq(other) { return C.eq(this, other); },
  ne(other) { return C.ne(this, other); },
  lt(other) { return C.lt(this, other); },
  le(other) { return C.le(this, other); },
  gt(other) { return C.gt(this, other); },
  ge(other) { return C.ge(this, other); },
  maskedFill(mask, value) { return W.maskedFill(this, mask, value); },
  clone() { return K.clone(this); },
};

// Non-enumerable, like methods written in the class body.
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

export { Tensor };
