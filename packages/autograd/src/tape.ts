// The tape: ops record (rule, inputs, saved) on their output (on every output of a multi-output
// op, which stays one node with one backward); backward() collects the graph below a
// root iteratively and runs the gradient rules in reverse creation order, so a 10,000-step chain
// needs no call stack. Gradients always accumulate, which makes fan-out and weights shared across
// time steps work without special cases.
import { checkGradients, noteForward } from "./debug";
import { checkOptions, type OptionSpec } from "./options";
import type { Backend, Store } from "./backend/index";
import { dropSaved, releasedError, releaseKeeps, state, Tensor, type MultiOutputOpDef, type OpDef } from "./tensor";

export interface BackwardOptions {
  /** Keep the graph (and what it saved) so backward can run over it again. Default false. */
  retainGraph?: boolean;
}

/** Marks a node whose graph an earlier backward() already freed. */
export const FREED: OpDef<unknown> = {
  name: "(freed)",
  backward() {
    throw new Error("backward: internal error: ran the rule of a freed node");
  },
};

/** A new tensor with uninitialised storage, tracked by the current scope. */
export function empty(be: Backend, shape: readonly number[], size = sizeOfShape(shape)): Tensor {
  return new Tensor(be, shape, be.alloc(size, false));
}

/**
 * `source` with its last two axes swapped, as a tensor whose storage `fill` makes on first read
 * (or when `source` is released first); matmul reads `source` in place instead. Tracked by the
 * current scope like any new tensor.
 */
export function transposeView(be: Backend, shape: readonly number[], source: Tensor, fill: () => Store): Tensor {
  const out = new Tensor(be, shape, null);
  out._transposeOf = source;
  out._deferred = fill;
  (source._dependents ??= []).push(out);
  return out;
}

export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/**
 * Puts `out` on the tape when recording is on and some input needs a gradient, with what the
 * rule's backward will read as `saved`. Returns whether it did; if not, the rule's release (if
 * any) frees `saved` now.
 */
export function record<S>(out: Tensor, op: OpDef<S>, inputs: Tensor[], saved: NoInfer<S>): boolean {
  if (needsRecording(inputs)) {
    out._requiresGrad = true;
    out._op = op;
    out._inputs = inputs;
    out._saved = saved;
    out._savedVersions = snapshotVersions(out, inputs);
    if (state.anomaly || state.tracking !== null) noteForward(out, op.name);
    return true;
  }
  op.release?.(saved, out.backend);
  return false;
}

/** record() for an op with several outputs: one node, whose rule gets all their gradients at once. */
export function recordMulti<S>(outputs: Tensor[], op: MultiOutputOpDef<S>, inputs: Tensor[], saved: NoInfer<S>): boolean {
  if (needsRecording(inputs)) {
    for (const out of outputs) {
      out._requiresGrad = true;
      out._op = op;
      out._inputs = inputs;
      out._saved = saved;
      out._outputs = outputs;
      out._savedVersions = snapshotVersions(out, inputs);
    }
    return true;
  }
  op.release?.(saved, outputs[0].backend);
  return false;
}

const versionOf = (t: Tensor): number => (t._viewOf ?? t)._version;

/** [out, ...inputs] versions, or null when all are 0 (the common case: no array to allocate). */
function snapshotVersions(out: Tensor, inputs: Tensor[]): number[] | null {
  let moved = versionOf(out) !== 0;
  for (let i = 0; !moved && i < inputs.length; i++) moved = versionOf(inputs[i]) !== 0;
  if (!moved) return null;
  const v = [versionOf(out)];
  for (let i = 0; i < inputs.length; i++) v.push(versionOf(inputs[i]));
  return v;
}

/**
 * Refuses a node whose values changed in place since its op ran: its own output (in-place writes
 * have no history here, so anything downstream would get a gradient for values it never saw), or
 * an input its rule reads. One integer compare per tensor; checked before any gradient is written.
 */
function checkVersions(t: Tensor): void {
  const saved = t._savedVersions;
  const op = t._op!;
  const now = versionOf(t);
  if (now !== (saved === null ? 0 : saved[0])) throw modifiedError(op.name, "its output", t, saved === null ? 0 : saved[0], now);
  if (op.readsInputs === false) return;
  const inputs = t._inputs!;
  for (let j = 0; j < inputs.length; j++) {
    const v = versionOf(inputs[j]);
    const expected = saved === null ? 0 : saved[j + 1];
    if (v !== expected) throw modifiedError(op.name, `input ${j}`, inputs[j], expected, v);
  }
}

function modifiedError(op: string, which: string, t: Tensor, expected: number, now: number): Error {
  const what = t._op !== null ? `made by ${t._op.name}` : t._requiresGrad ? "a parameter" : "a tensor without history";
  return new Error(
    `backward: one of the variables needed for gradient computation has been modified by an inplace operation: ` +
      `${which} of ${op} (shape [${t.shape.join(", ")}], ${what}) is at version ${now}; expected version ${expected} instead. ` +
      "Do in-place writes (mul_, add_, copy_, zero_, optimizer.step()) after backward(), or on a copy (detach())",
  );
}

function needsRecording(inputs: Tensor[]): boolean {
  if (!state.gradEnabled) return false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i]._requiresGrad) return true;
  return false;
}

/** True when t needs a gradient and has none yet (a rule that overwrites it fully may use freshGradStore). */
export function hasNoGrad(t: Tensor): boolean {
  return t._requiresGrad && (t._op === null ? t.grad === null : t._gbuf === null);
}

/**
 * Where t's gradient accumulates during backward: its .grad storage for a leaf (created zeroed
 * on first use), a zeroed scratch buffer for an intermediate. Null when t needs no gradient.
 */
export function gradStore(t: Tensor): Store | null {
  if (!t._requiresGrad) return null;
  if (t._op === null) {
    let g = t.grad;
    if (g === null) g = t.grad = new Tensor(t.backend, t.shape, t.backend.alloc(t.size, true), false);
    return g.storeForWrite("backward (gradient of a leaf)");
  }
  return (t._gbuf ??= t.backend.alloc(t.size, true));
}

/**
 * An uninitialised buffer for t's gradient when t has none yet (the caller must write every
 * element: a product or copy with accumulate off), so no zero-fill precedes a full overwrite.
 * Null when t needs no gradient or already has one (accumulate into gradStore(t) then).
 */
export function freshGradStore(t: Tensor): Store | null {
  if (!t._requiresGrad) return null;
  if (t._op === null) {
    if (t.grad !== null) return null;
    t.grad = new Tensor(t.backend, t.shape, t.backend.alloc(t.size, false), false);
    return t.grad.storeFor("backward (gradient of a leaf)");
  }
  if (t._gbuf !== null) return null;
  return (t._gbuf = t.backend.alloc(t.size, false));
}

/**
 * t's gradient += g (same element count), where g belongs to `owner`: if t has no gradient yet,
 * g is handed over instead of copied, so a chain of adds and reshapes moves one buffer along.
 */
export function passGrad(t: Tensor, g: Store, owner: Tensor): void {
  if (!t._requiresGrad) return;
  if (owner._gbuf === g) {
    if (t._op === null && t.grad === null) {
      t.grad = new Tensor(t.backend, t.shape, g, false);
      owner._gbuf = null;
      return;
    }
    if (t._op !== null && t._gbuf === null) {
      t._gbuf = g;
      owner._gbuf = null;
      return;
    }
  }
  t.backend.axpy(gradStore(t)!, g, 1);
}

const BACKWARD_OPTIONS: OptionSpec<BackwardOptions> = { retainGraph: "boolean" };

/** Runs backward from `root`; see Tensor.backward. */
export function backward(root: Tensor, grad: Tensor | undefined, opts: BackwardOptions = {}): void {
  const options = checkOptions("backward", opts, BACKWARD_OPTIONS);
  const be = root.backend;
  root.storeFor("backward");
  if (!root._requiresGrad) {
    throw new Error(
      `backward: this tensor (shape [${root.shape.join(", ")}]) does not require grad: no input of the ops ` +
        "that made it has requiresGrad = true (or it was computed inside noGrad)",
    );
  }
  if (root._op === FREED) throw freedError(root);
  if (grad === undefined) {
    if (root.size !== 1) {
      throw new Error(
        `backward: gradient can be implicitly created only for a scalar output; got shape [${root.shape.join(", ")}]. ` +
          "Pass a gradient tensor of the same shape, or reduce first (e.g. .sum())",
      );
    }
  } else {
    if (grad.backend !== be) throw new Error(`backward: operands live on different backends (${be.name} and ${grad.backend.name})`);
    if (grad.shape.length !== root.shape.length || grad.shape.some((d, i) => d !== root.shape[i])) {
      throw new Error(`backward: gradient shape [${grad.shape.join(", ")}] differs from the output shape [${root.shape.join(", ")}]`);
    }
  }

  const order = collect(root);
  const seed = gradStore(root)!;
  if (grad === undefined) be.axpy(seed, onesLike(be), 1);
  else be.axpy(seed, grad.storeFor("backward"), 1);

  const retain = options.retainGraph === true;
  let failed = true;
  try {
    for (let i = 0; i < order.length; i++) {
      const node = order[i];
      const op = node._op;
      if (op === null) continue;
      // Tested on the node (one hidden class) rather than on the rule (many): _outputs is set by
      // recordMulti only, together with a MultiOutputOpDef.
      const outputs = node._outputs;
      if (outputs !== null) {
        runMultiOutput(op as MultiOutputOpDef<unknown>, outputs, be);
        continue;
      }
      const g = node._gbuf;
      if (g === null) continue;
      (op as OpDef<unknown>).backward(node, g, node._saved);
      if (state.anomaly) checkGradients(node, node._inputs!);
      if (node._gbuf === g) be.free(g);
      node._gbuf = null;
    }
    failed = false;
  } finally {
    for (const node of order) {
      if (node._op === null) continue;
      if (failed && node._gbuf !== null) { be.free(node._gbuf); node._gbuf = null; }
      if (!retain) freeGraph(node);
    }
  }
}

// The seed of a scalar backward: one element of value 1 per backend, made once.
const ones = new Map<Backend, Store>();
function onesLike(be: Backend): Store {
  let s = ones.get(be);
  if (s === undefined) ones.set(be, (s = be.fromValues([1])));
  return s;
}

/** Nodes needing gradients reachable from root, latest first (a reverse topological order). */
function collect(root: Tensor): Tensor[] {
  const epoch = ++state.visitEpoch;
  const order: Tensor[] = [root];
  root._visit = epoch;
  for (let i = 0; i < order.length; i++) {
    const t = order[i];
    const inputs = t._inputs;
    if (inputs === null) {
      if (t._op === FREED) throw freedError(t);
      continue;
    }
    if (t.isDisposed) throw releasedError(`backward (through ${t._op!.name})`, t);
    checkVersions(t);
    for (let j = 0; j < inputs.length; j++) {
      const x = inputs[j];
      if (x._visit === epoch) continue;
      x._visit = epoch;
      if (x.isDisposed) throw releasedError(`backward (input of ${t._op!.name})`, x);
      if (x._requiresGrad) order.push(x);
    }
  }
  // Inputs are always created before the op's output, so ids give a topological order.
  order.sort(byIdDescending);
  return order;
}

const byIdDescending = (a: Tensor, b: Tensor): number => b.id - a.id;

/**
 * A multi-output node's rule runs at the first of its outputs that backward reaches: every
 * consumer of every output was made after all of them, so all their gradients are complete.
 */
function runMultiOutput(op: MultiOutputOpDef<unknown>, outputs: Tensor[], be: Backend): void {
  let any = false;
  const grads = new Array<Store | null>(outputs.length);
  for (let k = 0; k < outputs.length; k++) {
    grads[k] = outputs[k]._gbuf;
    if (grads[k] !== null) any = true;
  }
  if (!any) return;
  op.backward(outputs, grads, outputs[0]._saved);
  if (state.anomaly) checkGradients(outputs[0], outputs[0]._inputs!);
  for (let k = 0; k < outputs.length; k++) {
    const o = outputs[k];
    if (o._gbuf !== null && o._gbuf === grads[k]) be.free(o._gbuf);
    o._gbuf = null;
  }
}

function freeGraph(node: Tensor): void {
  if (node._op === FREED) { releaseKeeps(node); return; }
  const outputs = node._outputs;
  if (outputs === null) {
    dropSaved(node);
    node._op = FREED;
    node._inputs = null;
    releaseKeeps(node);
    return;
  }
  for (const o of outputs) dropSaved(o);
  for (const o of outputs) {
    o._op = FREED;
    o._inputs = null;
    o._outputs = null;
    releaseKeeps(o);
  }
}

function freedError(t: Tensor): Error {
  return new Error(
    `backward: the graph through a tensor of shape [${t.shape.join(", ")}] was already freed by an earlier backward(); ` +
      "call backward(grad, { retainGraph: true }) the first time to run backward over it again",
  );
}

const ZERO_GRAD_OPTIONS: OptionSpec<{ setToNone?: boolean }> = { setToNone: "boolean" };

/** Clears the gradients of `tensors`: disposes and nulls .grad (default) or zeroes it in place. */
export function zeroGrad(tensors: Iterable<Tensor>, options: { setToNone?: boolean } = {}): void {
  const setToNone = checkOptions("zeroGrad", options, ZERO_GRAD_OPTIONS).setToNone ?? true;
  for (const t of tensors) {
    const g = t.grad;
    if (g === null) continue;
    if (setToNone) { t.grad = null; g.dispose(); }
    else if (!g.isDisposed) g.zero_();
  }
}
