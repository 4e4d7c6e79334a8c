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
  /** Whether the last forward was given h0; if not, h0 is zeros and adds nothing to dW_hh. */
  h0Given: boolean;
  /** [B, H] initial hidden state: a copy of the h0 given, or zeros. */
  readonly h0: A;
  /** [T, B, H] the hidden state after every step. */
  readonly output: A;
  /** [B, H] the last step of output. */
  readonly hN: A;
  /**
   * Gate pre-activations, PyTorch's column order: [B, G·H] for the step being computed (RNN,
   * LSTM), or [T, B, G·H] holding every step's input projection (GRU).
   */
  readonly pre: A;
  /** [T, B, G·H] dL/d(gate pre-activations): of the input projection, and (RNN, LSTM) the hidden one. */
  readonly dPre: A;
  /**
   * [T, B, H] dL/dh_t of every step: backward starts it as dOutput (+ dhN at the last step) and
   * each step adds what it sends back into step t−1, so no step needs an add of its own.
   */
  readonly dh: A;
  /** [B, H] dL/dh_0, which step 0 sends back (only computed when dh0 is asked for). */
  readonly dhNext: A;
  /** [G·H] the column sums of dPre, which both biases receive when dPreX and dPreH are one array. */
  readonly dBias: A;
  /** RNN and LSTM: the joint input and weights (see Joint); null for GRU. */
  readonly joint: Joint<A> | null;
}

/**
 * Where W_hh h_{t-1} + b_hh simply adds to W_ih x_t + b_ih (RNN, LSTM), each step is one matmul
 * of the joint input [x_t | h_{t-1}] by the joint weights [W_ih | W_hh]ᵀ with the summed bias
 * added in the matmul's store, and backward's weight gradient is one matmul for both:
 * dPreᵀ·[x | h_prev] over all steps. Against a projection of all inputs up front plus a product
 * per step, this reads each step's gates while they are still in cache, packs dPre once instead
 * of twice, and skips a pass adding the biases over [T, B, G·H].
 */
export interface Joint<A> {
  /** [T, B, I+H]: row (t, b) is [x_t | h_{t-1}] of sequence b. */
  readonly xh: A;
  /** [G·H, I+H]: [W_ih | W_hh], copied from the parameters at every forward. */
  readonly weight: A;
  /** [G·H]: b_ih + b_hh, or null without biases. */
  readonly bias: A | null;
  /** [G·H, I+H]: dL/d[W_ih | W_hh] of one backward, before it is split into the two gradients. */
  readonly dWeight: A;
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
  const I = layer.inputSize, H = layer.hiddenSize, GH = layer.gates * H;
  const output = alloc(T * B * H);
  const joint = layer.mode !== "gru";
  return {
    T, B, owned, x: null, h0Given: false,
    h0: alloc(B * H),
    output,
    hN: ops.view(output, (T - 1) * B * H, B * H),
    pre: alloc((joint ? 1 : T) * B * GH),
    dPre: alloc(T * B * GH),
    dh: alloc(T * B * H),
    dhNext: alloc(B * H),
    dBias: alloc(GH),
    joint: joint
      ? { xh: alloc(T * B * (I + H)), weight: alloc(GH * (I + H)), bias: layer.bias ? alloc(GH) : null, dWeight: alloc(GH * (I + H)) }
      : null,
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
 * Start of every forward: checks x, saves it and sets h0. With a joint input (RNN, LSTM) it fills
 * the x and h0 parts of [x | h_prev] and copies [W_ih | W_hh] and b_ih + b_hh; otherwise (GRU) it
 * projects the inputs of all T steps in one matmul: pre = x · W_ihᵀ + b_ih.
 */
export function beginForward<A>(op: string, ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, { x, h0 }: ForwardInputs<A>): void {
  const { T, B } = ws, I = layer.inputSize, H = layer.hiddenSize, GH = layer.gates * H;
  checkLength(op, ops, "x", x, T * B * I, `[T=${T}, B=${B}, I=${I}]`);
  ws.x = x;
  setState(op, ops, "h0", ws.h0, h0, B, H);
  ws.h0Given = Boolean(h0);
  const { weight_ih, weight_hh, bias_ih, bias_hh } = layer.params;
  const j = ws.joint;
  if (!j) {
    ops.matmul(x, weight_ih, ws.pre, { m: T * B, n: GH, k: I, transB: true }, bias_ih);
    return;
  }
  const IH = I + H;
  ops.copyBlocks(j.xh, 0, IH, x, 0, I, I, T * B, false);
  ops.copyBlocks(j.xh, I, IH, ws.h0, 0, H, H, B, false);
  ops.copyBlocks(j.weight, 0, IH, weight_ih, 0, I, I, GH, false);
  ops.copyBlocks(j.weight, I, IH, weight_hh, 0, H, H, GH, false);
  if (j.bias && bias_ih && bias_hh) ops.binary("add", j.bias, bias_ih, bias_hh);
}

/** RNN and LSTM, step t: ws.pre = [x_t | h_{t-1}] · [W_ih | W_hh]ᵀ + b_ih + b_hh. */
export function jointPreactivation<A>(ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, t: number): A {
  const j = ws.joint!, IH = layer.inputSize + layer.hiddenSize;
  ops.matmul(step(ops, ws, j.xh, t, IH), j.weight, ws.pre, { m: ws.B, n: layer.gates * layer.hiddenSize, k: IH, transB: true }, j.bias);
  return ws.pre;
}

/** RNN and LSTM, after step t: h_t (step t of the output) becomes the h part of step t+1's joint input. */
export function passState<A>(ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, t: number): void {
  if (t + 1 >= ws.T) return;
  const I = layer.inputSize, H = layer.hiddenSize, IH = I + H;
  ops.copyBlocks(ws.joint!.xh, (t + 1) * ws.B * IH + I, IH, ws.output, t * ws.B * H, H, H, ws.B, false);
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

/**
 * Checks the gradients handed to backward, starts ws.dh as dOutput + dhN; returns the forward
 * input x. ws.dPre is left as it is: each cell's backward zeroes it if it accumulates into it.
 */
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
  return ws.x;
}

/**
 * End of every backward, over all T steps at once: dx += dPreX·W_ih, dh0 += the carried dL/dh_0,
 * biases += column sums, and the weights: with a joint input [W_ih | W_hh] += dPreᵀ·[x | h_prev]
 * as one product, else dW_ih += dPreXᵀ·x and dW_hh += dPreHᵀ·h_{t-1} (without the t = 0 rows
 * when h0 was zeros). RNN and LSTM pass the same array as dPreX and dPreH, whose column sums are
 * then taken once for both biases; GRU keeps them apart (r scales W_hn h).
 */
export function endBackward<A>(
  ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, x: A, dPreX: A, dPreH: A, dx: A | null | undefined, dh0: A | null | undefined,
): void {
  const { T, B } = ws, I = layer.inputSize, H = layer.hiddenSize, GH = layer.gates * H, TB = T * B;
  const g = layer.grads, p = layer.params;
  if (dx) ops.matmul(dPreX, p.weight_ih, dx, { m: TB, n: I, k: GH, accumulate: true });
  if (dh0) ops.axpy(dh0, ws.dhNext, 1);
  if (g.bias_ih && g.bias_hh && dPreX === dPreH) {
    ops.sumAxis(ws.dBias, dPreX, [1, TB, GH]);
    ops.axpy(g.bias_ih, ws.dBias, 1);
    ops.axpy(g.bias_hh, ws.dBias, 1);
  } else {
    if (g.bias_ih) ops.sumAxis(g.bias_ih, dPreX, [1, TB, GH], true);
    if (g.bias_hh) ops.sumAxis(g.bias_hh, dPreH, [1, TB, GH], true);
  }
  const j = ws.joint;
  if (j) {
    const IH = I + H;
    ops.matmul(dPreX, j.xh, j.dWeight, { m: GH, n: IH, k: TB, transA: true });
    ops.copyBlocks(g.weight_ih, 0, I, j.dWeight, 0, IH, I, GH, true);
    ops.copyBlocks(g.weight_hh, 0, H, j.dWeight, I, IH, H, GH, true);
    return;
  }
  ops.matmul(dPreX, x, g.weight_ih, { m: GH, n: I, k: TB, transA: true, accumulate: true });
  if (ws.h0Given) ops.matmul(ops.view(dPreH, 0, B * GH), ws.h0, g.weight_hh, { m: GH, n: H, k: B, transA: true, accumulate: true });
  if (T > 1) {
    ops.matmul(ops.view(dPreH, B * GH, (T - 1) * B * GH), ops.view(ws.output, 0, (T - 1) * B * H), g.weight_hh,
      { m: GH, n: H, k: (T - 1) * B, transA: true, accumulate: true });
  }
}
