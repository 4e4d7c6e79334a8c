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
  /**
   * [G, T, B, H] gate pre-activations, gate-major over all steps (gate k of step t is one
   * contiguous [B, H] block); the input projection lands here first. LSTM and GRU overwrite each
   * step's blocks with the gate activations, which is all backward needs.
   */
  readonly pre: A;
  /** [G, T, B, H] dL/d(gate pre-activations), same layout. */
  readonly dPre: A;
  /**
   * [T, B, H] dL/dh_t of every step: backward starts it as dOutput (+ dhN at the last step) and
   * each step adds what it sends back into step t−1, so no step needs an add of its own.
   */
  readonly dh: A;
  /** [B, H] dL/dh_0, which step 0 sends back; and a temporary. */
  readonly dhNext: A;
  readonly tmp: A;
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
    tmp: alloc(B * H),
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

/** Gate k of step t, [B, H], in a gate-major [G, T, B, H] array. */
export function gateStep<A>(ops: Ops<A>, ws: Workspace<A>, a: A, H: number, k: number, t: number): A {
  const BH = ws.B * H;
  return ops.view(a, (k * ws.T + t) * BH, BH);
}

/** Gate k of every step, [T·B, H], in a gate-major [G, T, B, H] array. */
export function gateAll<A>(ops: Ops<A>, ws: Workspace<A>, a: A, H: number, k: number): A {
  const TBH = ws.T * ws.B * H;
  return ops.view(a, k * TBH, TBH);
}

/** Rows [kH, (k+1)H) of a [G·H, cols] weight: gate k's block (cols·H elements, contiguous). */
export function gateRows<A>(ops: Ops<A>, w: A, H: number, cols: number, k: number): A {
  return ops.view(w, k * H * cols, H * cols);
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
 * T steps, one matmul per gate straight into the gate-major layout: pre[k] = x · W_ih[k]ᵀ + b_ih[k]
 * (+ b_hh[k] for the first `hiddenBiasGates` gates, where it commutes with the recurrence).
 */
export function beginForward<A>(
  op: string, ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, { x, h0 }: ForwardInputs<A>, hiddenBiasGates: number,
): void {
  const { T, B } = ws, I = layer.inputSize, H = layer.hiddenSize, TB = T * B;
  checkLength(op, ops, "x", x, TB * I, `[T=${T}, B=${B}, I=${I}]`);
  ws.x = x;
  setState(op, ops, "h0", ws.h0, h0, B, H);
  const { weight_ih, bias_ih, bias_hh } = layer.params;
  const shapes = { aShape: [TB, H], bShape: [H] };
  for (let k = 0; k < layer.gates; k++) {
    const pre = gateAll(ops, ws, ws.pre, H, k);
    ops.matmul(x, gateRows(ops, weight_ih, H, I, k), pre, { m: TB, n: H, k: I, transB: true });
    if (bias_ih) ops.add(pre, pre, ops.view(bias_ih, k * H, H), shapes);
    if (bias_hh && k < hiddenBiasGates) ops.add(pre, pre, ops.view(bias_hh, k * H, H), shapes);
  }
}

/** The recurrent product of one step for gates [from, to): pre[k][t] += h_{t-1} · W_hh[k]ᵀ. */
export function hiddenProduct<A>(ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, h: A, t: number, from: number, to: number): void {
  const H = layer.hiddenSize;
  for (let k = from; k < to; k++) {
    ops.matmul(h, gateRows(ops, layer.params.weight_hh, H, H, k), gateStep(ops, ws, ws.pre, H, k, t),
      { m: ws.B, n: H, k: H, transB: true, accumulate: true });
  }
}

/** dL/dh_{t-1} (+)= Σ_k dA[k] · W_hh[k] over one step's gate gradients (gate k from `dGate(k)`). */
export function hiddenBackward<A>(ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, dGate: (k: number) => A, dh: A, accumulate: boolean): void {
  const H = layer.hiddenSize;
  for (let k = 0; k < layer.gates; k++) {
    ops.matmul(dGate(k), gateRows(ops, layer.params.weight_hh, H, H, k), dh, { m: ws.B, n: H, k: H, accumulate: accumulate || k > 0 });
  }
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
 * End of every backward, over all T steps at once and gate by gate: dW_ih[k] += dPreX[k]ᵀ·x,
 * dx += dPreX[k]·W_ih[k], dW_hh[k] += dPreH[k]ᵀ·h_{t-1}, biases += column sums, dh0 += the carried
 * dL/dh_0. `dPreH(k)` is gate k's [T·B, H] hidden-side gradient: the same as ws.dPre's for RNN
 * and LSTM; GRU's n gate differs (r scales W_hn h + b_hn).
 */
export function endBackward<A>(
  ops: Ops<A>, layer: Layer<A>, ws: Workspace<A>, x: A, dPreH: (k: number) => A, dx: A | null | undefined, dh0: A | null | undefined,
): void {
  const { T, B } = ws, I = layer.inputSize, H = layer.hiddenSize, TB = T * B;
  const g = layer.grads, p = layer.params;
  for (let k = 0; k < layer.gates; k++) {
    const dX = gateAll(ops, ws, ws.dPre, H, k), dH = dPreH(k);
    ops.matmul(dX, x, gateRows(ops, g.weight_ih, H, I, k), { m: H, n: I, k: TB, transA: true, accumulate: true });
    if (dx) ops.matmul(dX, gateRows(ops, p.weight_ih, H, I, k), dx, { m: TB, n: I, k: H, accumulate: true });
    if (g.bias_ih) ops.sumRows(ops.view(g.bias_ih, k * H, H), dX, TB, H, true);
    if (g.bias_hh) ops.sumRows(ops.view(g.bias_hh, k * H, H), dH, TB, H, true);
    const dWhh = gateRows(ops, g.weight_hh, H, H, k);
    ops.matmul(ops.view(dH, 0, B * H), ws.h0, dWhh, { m: H, n: H, k: B, transA: true, accumulate: true });
    if (T > 1) {
      ops.matmul(ops.view(dH, B * H, (T - 1) * B * H), ops.view(ws.output, 0, (T - 1) * B * H), dWhh,
        { m: H, n: H, k: (T - 1) * B, transA: true, accumulate: true });
    }
  }
  if (dh0) ops.axpy(dh0, ws.dhNext, 1);
}
