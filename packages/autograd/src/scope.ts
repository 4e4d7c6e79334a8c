// Memory scopes. Tensors created inside scope(fn) are released when fn returns, except what fn
// returns, parameters (leaves with requiresGrad) and gradients. Intermediates that a returned
// tensor's graph still needs for backward are not released yet: they move to the enclosing scope
// as a "keep" group owned by the returned tensors, and go when backward has run over that graph or
// the last returned tensor holding it is disposed.
import { state, type Frame, type Keep, type Tensor } from "./tensor";

/** Tensors created and not yet disposed (leak tests). */
export function liveTensorCount(): number {
  return state.live;
}

/** The id the next tensor will get: tensors with an id at least this were made after the call (tells tensors a callback made from ones it handed back). */
export function nextTensorId(): number {
  return state.nextId;
}

/** Runs fn with gradient recording off: ops inside record no history. */
export function noGrad<T>(fn: () => T): T {
  const before = state.gradEnabled;
  state.gradEnabled = false;
  try {
    return fn();
  } finally {
    state.gradEnabled = before;
  }
}

/** True while ops record history (false inside noGrad). */
export function isGradEnabled(): boolean {
  return state.gradEnabled;
}

/**
 * Runs fn and releases every tensor it created, except the returned value(s) (a Tensor, or arrays
 * and plain objects of them), leaves with requiresGrad, gradients, and what a returned tensor's
 * unfinished graph needs for backward.
 */
export function scope<T>(fn: () => T): T {
  const frame: Frame = { tensors: [], parent: state.frame };
  state.frame = frame;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    state.frame = frame.parent;
    for (const t of frame.tensors) if (!t.isDisposed && !isPermanent(t)) t.dispose();
    throw error;
  }
  state.frame = frame.parent;
  if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") {
    // Tensors made after an await would escape the scope: refuse rather than leak silently.
    endScope(frame, undefined);
    throw new Error("scope: fn returned a Promise; scopes are synchronous (await outside, or scope each synchronous step)");
  }
  endScope(frame, result);
  return result;
}

function isPermanent(t: Tensor): boolean {
  return (t._op === null && t._requiresGrad) || t._isGrad;
}

function endScope(frame: Frame, result: unknown): void {
  const returned = collectTensors(result);
  const parent = frame.parent;
  const spared = graphNeeds(frame, returned);
  let keep: Keep | null = null;
  for (const t of frame.tensors) {
    if (t.isDisposed) continue;
    if (returned.has(t)) {
      adopt(parent, t);
    } else if (isPermanent(t)) {
      t._frame = null;
    } else if (spared !== null && spared.has(t)) {
      adopt(parent, t);
      (keep ??= { tensors: [], roots: 0 }).tensors.push(t);
    } else {
      t.dispose();
    }
  }
  if (keep === null) return;
  for (const r of returned) {
    if (r._op === null || r.isDisposed) continue;
    keep.roots++;
    (r._keeps ??= []).push(keep);
  }
}

function adopt(parent: Frame | null, t: Tensor): void {
  t._frame = parent;
  if (parent) parent.tensors.push(t);
}

/** Tensors of this frame reachable through the recorded graphs of returned tensors. */
function graphNeeds(frame: Frame, returned: Set<Tensor>): Set<Tensor> | null {
  let spared: Set<Tensor> | null = null;
  const stack: Tensor[] = [];
  for (const r of returned) if (r._inputs !== null) stack.push(r);
  if (stack.length === 0) return null;
  const seen = new Set<Tensor>(stack);
  while (stack.length > 0) {
    const t = stack.pop()!;
    const inputs = t._inputs;
    if (inputs === null) continue;
    for (const x of inputs) {
      // Tensors from enclosing frames are theirs to manage, and older than anything here.
      if (seen.has(x) || x._frame !== frame) continue;
      seen.add(x);
      if (!returned.has(x)) (spared ??= new Set()).add(x);
      stack.push(x);
    }
  }
  return spared;
}

/** Every Tensor in a returned value: a Tensor, or arrays / plain objects / Maps of them. */
export function collectTensors(value: unknown): Set<Tensor> {
  const found = new Set<Tensor>();
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (isTensor(v)) found.add(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v instanceof Map) stack.push(...v.values());
    else if (Object.getPrototypeOf(v) === Object.prototype) stack.push(...Object.values(v));
  }
  return found;
}

function isTensor(v: object): v is Tensor {
  return (v as { _isTensor?: boolean })._isTensor === true;
}
