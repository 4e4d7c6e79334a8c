// The Tensor core: shape, storage on one backend, its lifecycle (the scope frame that owns it,
// the graph intermediates it keeps alive) and, when an op that needs gradients made it, its place
// on the tape: the op, its inputs and whatever that op saved. Nothing here imports the tape or the
// ops; their methods (x.add(y), x.backward(), …) are attached above them, in methods.ts.
import type { Backend, BackendName, DType, Store } from "./backend/index";

export type NestedArray = number | NestedArray[];

/** The scope frame that owns the tensors created while it runs (see scope.ts). */
export interface Frame {
  tensors: Tensor[];
  parent: Frame | null;
}

/** Intermediates kept alive for the graphs of `roots` returned tensors (see scope.ts). */
export interface Keep {
  tensors: Tensor[];
  roots: number;
}

/** Global autograd state: the current scope frame, recording on/off, counters. */
export const state = {
  frame: null as Frame | null,
  gradEnabled: true,
  live: 0,
  nextId: 1,
  visitEpoch: 0,
  /** Tensors made since the last optimizer step, while trackLeaks() is on (see debug.ts). */
  tracking: null as Tensor[] | null,
  /** Anomaly mode (see debug.ts): backward checks every gradient for NaN/±∞. */
  anomaly: false,
};

/**
 * An op's gradient rule, kept beside its forward code. `S` is what forward saved for backward
 * (null when nothing): record() takes the rule and the saved value together, so the compiler
 * checks that forward saves exactly what backward reads.
 */
export interface OpDef<S = null> {
  readonly name: string;
  /** False when backward reads no input values (add, reshape, sum, …): in-place writes to its inputs cannot make its gradient wrong. */
  readonly readsInputs?: boolean;
  readonly multiOutput?: false;
  /** Accumulates the gradients of out's inputs (out._inputs), given g = dL/d(out). */
  backward(out: Tensor, g: Store, saved: S): void;
  /** Frees backend storage held in `saved`; called once, when the graph is freed or not recorded. */
  release?(saved: S, backend: Backend): void;
}

/** The gradient rule of an op with several outputs (one tape node, one backward for all). */
export interface MultiOutputOpDef<S> {
  readonly name: string;
  readonly readsInputs?: boolean;
  readonly multiOutput: true;
  /**
   * Accumulates the gradients of the node's inputs (outputs[0]._inputs), given grads[k] =
   * dL/d(outputs[k]), null for an output that got no gradient (at least one is not null).
   */
  backward(outputs: readonly Tensor[], grads: readonly (Store | null)[], saved: S): void;
  release?(saved: S, backend: Backend): void;
}

/** Any rule as the tape stores it (what it saved is read back only by the rule it was recorded with). */
export type AnyOpDef = OpDef<unknown> | MultiOutputOpDef<unknown>;

export class Tensor {
  readonly id: number;
  readonly shape: readonly number[];
  readonly size: number;
  readonly backend: Backend;
  private _grad: Tensor | null = null;

  // Internal state, read by the tape, scopes and ops.
  readonly _isTensor = true;
  /** The storage itself; read through `_store`, which fills a deferred tensor first. */
  _own: Store | null;
  /**
   * Set while this tensor's values are not computed yet: fills and returns its storage on first
   * read. A transpose is made this way, so matmul can read its source in place instead.
   */
  _deferred: ((t: Tensor) => Store) | null = null;
  /** This tensor is `_transposeOf` with its last two axes swapped (matmul reads the source in place). */
  _transposeOf: Tensor | null = null;
  /** Deferred tensors made from this one: filled before this one's storage is released. */
  _dependents: Tensor[] | null = null;
  _requiresGrad = false;
  _op: AnyOpDef | null = null;
  _inputs: Tensor[] | null = null;
  /** What the op saved for its backward (typed by the rule; see record()). */
  _saved: unknown = null;
  /** All outputs of a multi-output op (the same array on each), null otherwise. */
  _outputs: Tensor[] | null = null;
  _gbuf: Store | null = null;
  _frame: Frame | null;
  _keeps: Keep[] | null = null;
  _visit = 0;
  /**
   * Bumped by every in-place write (mul_, add_, copy_, zero_, optimizer steps); a view made by
   * share() counts on its base (`_viewOf`). An op records the versions of what it reads
   * (`_savedVersions`, null when all were 0) and backward refuses if they moved, as PyTorch does.
   */
  _version = 0;
  _viewOf: Tensor | null = null;
  _savedVersions: number[] | null = null;
  /** Set on gradients: scopes never release them. */
  _isGrad = false;

  /** A null store needs `_deferred` set right after construction. */
  constructor(backend: Backend, shape: readonly number[], store: Store | null, track = true) {
    this.id = state.nextId++;
    this.shape = shape;
    let size = 1;
    for (let i = 0; i < shape.length; i++) size *= shape[i];
    this.size = size;
    this.backend = backend;
    this._own = store;
    state.live++;
    const frame = track ? state.frame : null;
    this._frame = frame;
    if (frame !== null) frame.tensors.push(this);
    const tracking = state.tracking;
    if (tracking !== null) tracking.push(this);
  }

  /** The gradient accumulated by backward() (leaves with requiresGrad only); assignable. */
  get grad(): Tensor | null { return this._grad; }
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) throw new Error(`grad: expected a Tensor or null, got ${typeof g}`);
      // PyTorch refuses these too: an optimizer would read past the gradient or mix backends.
      if (g.shape.length !== this.shape.length || g.shape.some((d, i) => d !== this.shape[i])) {
        throw new Error(`grad: assigned gradient has shape [${g.shape.join(", ")}], but the tensor has shape [${this.shape.join(", ")}]`);
      }
      if (g.backend !== this.backend) {
        throw new Error(`grad: assigned gradient is on the ${g.backend.name} backend, but the tensor is on ${this.backend.name}`);
      }
      g._isGrad = true;
    }
    this._grad = g;
  }

  /** The storage (null once released); a deferred tensor computes its values here, once. */
  get _store(): Store | null {
    if (this._deferred !== null) fillDeferred(this);
    return this._own;
  }
  set _store(s: Store | null) { this._own = s; }

  get dtype(): DType { return this.backend.dtype; }
  get backendName(): BackendName { return this.backend.name; }
  get ndim(): number { return this.shape.length; }
  get isLeaf(): boolean { return this._op === null; }
  get isDisposed(): boolean { return this._own === null && this._deferred === null; }
  /** The name of the op that made this tensor (null for a leaf). */
  get opName(): string | null { return this._op?.name ?? null; }

  get requiresGrad(): boolean { return this._requiresGrad; }
  set requiresGrad(value: boolean) {
    if (this._op !== null) {
      throw new Error(`requiresGrad: can only be set on a leaf tensor; this one was made by ${this._op.name} (use detach() first)`);
    }
    this._requiresGrad = value;
  }

  /** The storage, or an error naming `op` when this tensor was released. For reading: to write, use storeForWrite. */
  storeFor(op: string): Store {
    const s = this._store;
    if (s === null) throw releasedError(op, this);
    return s;
  }

  /**
   * The storage, to write new values into it: the one path for every direct write (in-place
   * methods, optimizer steps, gradient clipping, state-dict loads, gradient accumulation), so each
   * bumps the version and a graph that saved the old values refuses backward, as PyTorch does.
   */
  storeForWrite(op: string): Store {
    const s = this.storeFor(op);
    this.markModifiedInPlace();
    return s;
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** A copy of the values, flat, row-major (Float32Array on wasm, Float64Array on js). */
  data(): Float32Array | Float64Array {
    return this.backend.view(this.storeFor("data")).slice();
  }

  /** The values as nested arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const flat = this.backend.view(this.storeFor("toArray"));
    if (this.shape.length === 0) return flat[0];
    const build = (dim: number, offset: number, stride: number): NestedArray[] => {
      const n = this.shape[dim];
      const inner = stride / n;
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.shape.length - 1 ? flat[offset + i] : build(dim + 1, offset + i * inner, inner);
      }
      return out;
    };
    return build(0, 0, this.size);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: expected a tensor with one element, got shape [${this.shape.join(", ")}] (${this.size} elements)`);
    return this.backend.view(this.storeFor("item"))[0];
  }

  toString(): string {
    return `Tensor(${this._store === null ? "released" : JSON.stringify(this.toArray())}, shape=[${this.shape.join(", ")}], backend=${this.backend.name}${this._op ? `, op=${this._op.name}` : ""})`;
  }

  // ---- history -------------------------------------------------------------------------------

  /** Same values, no history (a copy: its storage is independent of this tensor's). */
  detach(): Tensor {
    const be = this.backend;
    const out = new Tensor(be, this.shape, be.alloc(this.size, false));
    be.copy(out._store!, this.storeFor("detach"));
    return out;
  }

  /** Releases the storage now (and what the graph kept alive for it); later use throws. */
  dispose(): void {
    if (this._deferred !== null) {
      // Never read: nothing to compute or free.
      this._deferred = null;
      dropDependent(this);
    } else {
      const s = this._own;
      if (s === null) return;
      if (this._dependents !== null) fillDependents(this);
      this.backend.free(s);
      this._own = null;
    }
    this._transposeOf = null;
    const be = this.backend;
    state.live--;
    if (this._gbuf !== null) { be.free(this._gbuf); this._gbuf = null; }
    dropSaved(this);
    this._inputs = null;
    releaseKeeps(this);
  }

  /** How many in-place writes this tensor's storage has had (PyTorch's `_version`). */
  get version(): number { return (this._viewOf ?? this)._version; }

  /**
   * Records an in-place write to the storage (storeForWrite calls it; call it yourself only after
   * writing through a store obtained otherwise), so a backward that needs the old values refuses.
   */
  markModifiedInPlace(): void { (this._viewOf ?? this)._version++; }

  /** Copies src's values in place (no history); shapes must match. */
  copy_(src: Tensor): this {
    checkInPlace("copy_", this, src);
    this.backend.copy(this.storeForWrite("copy_"), src.storeFor("copy_"));
    return this;
  }

  /** Fills with zeros in place. */
  zero_(): this {
    this.backend.fill(this.storeForWrite("zero_"), 0);
    return this;
  }

  /** this += alpha·other in place (no history); shapes must match. For optimizers. */
  add_(other: Tensor, alpha = 1): this {
    checkInPlace("add_", this, other);
    this.backend.axpy(this.storeForWrite("add_"), other.storeFor("add_"), alpha);
    return this;
  }

  /** this *= value in place (no history). */
  mul_(value: number): this {
    const s = this.storeForWrite("mul_");
    this.backend.scale(s, s, value);
    return this;
  }
}

function checkInPlace(op: string, t: Tensor, src: Tensor): void {
  if (src.backend !== t.backend) throw new Error(`${op}: operands live on different backends (${t.backend.name} and ${src.backend.name})`);
  if (src.size !== t.size || src.shape.length !== t.shape.length || src.shape.some((d, i) => d !== t.shape[i])) {
    throw new Error(`${op}: shapes must match: [${t.shape.join(", ")}] and [${src.shape.join(", ")}]`);
  }
}

/** Computes a deferred tensor's values now (its source must still be alive, which dispose ensures). */
function fillDeferred(t: Tensor): void {
  const fill = t._deferred!;
  t._deferred = null;
  dropDependent(t);
  t._own = fill(t);
}

/** Before `source` is released, its deferred tensors take their values from it. */
function fillDependents(source: Tensor): void {
  const deps = source._dependents!;
  source._dependents = null;
  for (const d of deps) if (d._deferred !== null) fillDeferred(d);
}

function dropDependent(t: Tensor): void {
  const src = t._transposeOf;
  const deps = src?._dependents;
  if (!deps) return;
  const i = deps.indexOf(t);
  if (i >= 0) deps.splice(i, 1);
  if (deps.length === 0) src!._dependents = null;
}

export function releasedError(op: string, t: Tensor): Error {
  return new Error(
    `${op}: use of a released tensor (shape [${t.shape.join(", ")}], ${t._op ? `made by ${t._op.name}` : t._requiresGrad ? "a parameter" : "a tensor without history"}); ` +
      "it was disposed, or released when the scope that created it ended",
  );
}

/**
 * Lets go of what t's op saved; the rule's release runs once the last output holding it lets go
 * (a multi-output node's outputs share one saved value).
 */
export function dropSaved(t: Tensor): void {
  const saved = t._saved;
  t._saved = null;
  const op = t._op;
  if (saved === null || op === null || op.release === undefined) return;
  const outputs = t._outputs;
  if (outputs !== null) for (const o of outputs) if (o._saved === saved) return;
  op.release(saved, t.backend);
}

/** Drops one root's hold on its keep groups; a group with no roots left is disposed. */
export function releaseKeeps(t: Tensor): void {
  const keeps = t._keeps;
  if (keeps === null) return;
  t._keeps = null;
  for (const k of keeps) {
    if (--k.roots > 0) continue;
    for (const x of k.tensors) if (!x.isDisposed) x.dispose();
  }
}
