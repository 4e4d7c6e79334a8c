// What a recurrent layer keeps between forward and backward for one (T, B): the saved
// activations and the scratch arrays. Allocated once per size and reused by every call, so a
// training step after the first allocates nothing.
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";

export interface Workspace<A> {
  readonly T: number;
  readonly B: number;
  /** Every array allocated for this workspace (freed by freeWorkspace). */
  readonly owned: A[];
  /** The input [T, B, I] of the last forward: a reference, not a copy. */
  x: A | null;
  /** [B, H] initial hidden state: a copy of the h0 given, or zeros. */
  readonly h0: A;
  /** [T, B, H] the hidden state after every step. */
  readonly output: A;
  /** [B, H] the last step of output. */
  readonly hN: A;
  /** [T, B, G·H] gate pre-activations, PyTorch's column order; the input projection lands here first. */
  readonly pre: A;
  /** [T, B, G·H] dL/d(gate pre-activations): of the input projection, and (RNN, LSTM) the hidden one. */
  readonly dPre: A;
  /**
   * [T, B, H] dL/dh_t of every step: backward starts it as dOutput (+ dhN at the last step) and
   * each step adds what it sends back into step t−1, so no step needs an add of its own.
   */
  readonly dh: A;
  /** [B, H] dL/dh_0, which step 0 sends back. */
  readonly dhNext: A;
}

/** Allocates arrays through ops and remembers them in `owned`. */
export function arena<A>(ops: Ops<A>): { owned: A[]; alloc: (n: number) => A } {
  const owned: A[] = [];
  return { owned, alloc: (n) => { const a = ops.alloc(n); owned.push(a); return a; } };
}

/** The fields every cell's workspace has. */
export function baseWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number, alloc: (n: number) => A, owned: A[]): Workspace<A> {
  for (const [name, v] of [["T", T], ["B", B]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`workspace: ${name} must be a positive integer, got ${String(v)}`);
  }
  const H = layer.hiddenSize, GH = layer.gates * H;
  const output = alloc(T * B * H);
  return {
    T, B, owned, x: null,
    h0: alloc(B * H),
    output,
    hN: ops.view(output, (T - 1) * B * H, B * H),
    pre: alloc(T * B * GH),
    dPre: alloc(T * B * GH),
    dh: alloc(T * B * H),
    dhNext: alloc(B * H),
  };
}

export function freeWorkspace<A>(ops: Ops<A>, ws: Workspace<A>): void {
  for (const a of ws.owned) ops.free(a);
  ws.owned.length = 0;
}

/** Rows [t·B, (t+1)·B) of a [T, B, width] array: step t. */
export function step<A>(ops: Ops<A>, ws: Workspace<A>, a: A, t: number, width: number): A {
  return ops.view(a, t * ws.B * width, ws.B * width);
}

/** h_{t-1}: the initial state at t = 0, else step t−1 of the output. */
export function hPrev<A>(ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, t: number): A {
  return t === 0 ? ws.h0 : step(ops, ws, ws.output, t - 1, layer.hiddenSize);
}

export function checkLength<A>(op: string, ops: Ops<A>, name: string, a: A, expected: number, shape: string): void {
  const n = ops.length(a);
  if (n !== expected) throw new Error(`${op}: ${name} has ${n} elements, expected ${expected} (${shape})`);
}

/**
 * Start of every forward: checks x, saves it, sets h0, and computes the input projection of all
 * T steps in one matmul: pre = x · W_ihᵀ + b_ih (+ b_hh when `hiddenBias`, where it commutes
 * with the recurrence: RNN and LSTM).
 */
export function beginForward<A>(
  op: string, ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, { x, h0 }: ForwardInputs<A>, hiddenBias: boolean,
): void {
  const { T, B } = ws, I = layer.inputSize, H = layer.hiddenSize, GH = layer.gates * H;
  checkLength(op, ops, "x", x, T * B * I, `[T=${T}, B=${B}, I=${I}]`);
  ws.x = x;
  setState(op, ops, "h0", ws.h0, h0, B, H);
  const { weight_ih, bias_ih, bias_hh } = layer.params;
  ops.matmul(x, weight_ih, ws.pre, { m: T * B, n: GH, k: I, transB: true });
  const shapes = { aShape: [T * B, GH], bShape: [GH] };
  if (bias_ih) ops.add(ws.pre, ws.pre, bias_ih, shapes);
  if (hiddenBias && bias_hh) ops.add(ws.pre, ws.pre, bias_hh, shapes);
}

/** Copies a given initial state into `dst`, or zeros it. */
export function setState<A>(op: string, ops: Ops<A>, name: string, dst: A, given: A | null | undefined, B: number, H: number): void {
  if (given) {
    checkLength(op, ops, name, given, B * H, `[B=${B}, H=${H}]`);
    ops.copy(dst, given);
  } else {
    ops.fill(dst, 0);
  }
}

/** What forward reads: the input and optional initial states (zeros when absent). */
export interface ForwardInputs<A> {
  /** [T, B, I], time-major. */
  x: A;
  /** [B, H] */
  h0?: A | null;
  /** [B, H], LSTM only. */
  c0?: A | null;
}

/**
 * What backward reads and where it accumulates. dOutput, dhN, dcN are dL/d(output, h_n, c_n)
 * (absent = zero); dx, dh0, dc0, when given, receive += dL/d(x, h0, c0).
 */
export interface BackwardInputs<A> {
  dOutput: A;
  dhN?: A | null;
  dcN?: A | null;
  dx?: A | null;
  dh0?: A | null;
  dc0?: A | null;
}

/** Where step t sends dL/dh_{t-1}: step t−1 of ws.dh, or ws.dhNext (dL/dh_0) from step 0. */
export function carry<A>(ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, t: number): A {
  return t === 0 ? ws.dhNext : step(ops, ws, ws.dh, t - 1, layer.hiddenSize);
}

/** Checks the gradients handed to backward, starts ws.dh as dOutput + dhN; returns the forward input x. */
export function beginBackward<A>(op: string, ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, g: BackwardInputs<A>): A {
  const { T, B } = ws, I = layer.inputSize, H = layer.hiddenSize;
  if (!ws.x) throw new Error(`${op}: no forward has run on this workspace`);
  checkLength(op, ops, "dOutput", g.dOutput, T * B * H, `[T=${T}, B=${B}, H=${H}]`);
  if (g.dx) checkLength(op, ops, "dx", g.dx, T * B * I, `[T=${T}, B=${B}, I=${I}]`);
  if (g.dh0) checkLength(op, ops, "dh0", g.dh0, B * H, `[B=${B}, H=${H}]`);
  if (g.dc0) checkLength(op, ops, "dc0", g.dc0, B * H, `[B=${B}, H=${H}]`);
  if (g.dhN) checkLength(op, ops, "dhN", g.dhN, B * H, `[B=${B}, H=${H}]`);
  ops.copy(ws.dh, g.dOutput);
  if (g.dhN) ops.axpy(step(ops, ws, ws.dh, T - 1, H), g.dhN, 1);
  ops.fill(ws.dPre, 0);
  return ws.x;
}

/**
 * End of every backward, over all T steps at once: dW_ih += dPreXᵀ·x, dx += dPreX·W_ih,
 * dW_hh += dPreHᵀ·h_{t-1}, biases += column sums, dh0 += the carried dL/dh_0.
 * RNN and LSTM pass the same array as dPreX and dPreH; GRU keeps them apart (r scales W_hn h).
 */
export function endBackward<A>(
  ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, x: A, dPreX: A, dPreH: A, dx: A | null | undefined, dh0: A | null | undefined,
): void {
  const { T, B } = ws, I = layer.inputSize, H = layer.hiddenSize, GH = layer.gates * H, TB = T * B;
  const g = layer.grads, p = layer.params;
  ops.matmul(dPreX, x, g.weight_ih, { m: GH, n: I, k: TB, transA: true, accumulate: true });
  if (dx) ops.matmul(dPreX, p.weight_ih, dx, { m: TB, n: I, k: GH, accumulate: true });
  if (g.bias_ih) ops.sumRows(g.bias_ih, dPreX, TB, GH, true);
  if (g.bias_hh) ops.sumRows(g.bias_hh, dPreH, TB, GH, true);
  ops.matmul(ops.view(dPreH, 0, B * GH), ws.h0, g.weight_hh, { m: GH, n: H, k: B, transA: true, accumulate: true });
  if (T > 1) {
    ops.matmul(ops.view(dPreH, B * GH, (T - 1) * B * GH), ops.view(ws.output, 0, (T - 1) * B * H), g.weight_hh,
      { m: GH, n: H, k: (T - 1) * B, transA: true, accumulate: true });
  }
  if (dh0) ops.axpy(dh0, ws.dhNext, 1);
}
