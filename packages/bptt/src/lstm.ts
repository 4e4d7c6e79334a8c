// LSTM, one layer, one direction, PyTorch's gate order i, f, g, o:
//   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o),  a = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh
//   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
// The pre-activations come out of the matmuls as [B, 4H] rows (PyTorch's column order); each step
// gathers them gate by gate into a gate-major [4, B, H] block so the elementwise work is on
// contiguous arrays, and backward scatters the gate gradients back into [B, 4H] rows.
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";
import {
  arena, baseWorkspace, beginBackward, beginForward, endBackward, hPrev, setState, step,
  type BackwardInputs, type ForwardInputs, type Workspace,
} from "./workspace";

export interface LstmWorkspace<A> extends Workspace<A> {
  /** [B, H] initial cell state (a copy of c0, or zeros). */
  readonly c0: A;
  /** [T, B, H] cell states, and [B, H] the last one. */
  readonly c: A;
  readonly cN: A;
  /** [T, B, H] tanh(c_t). */
  readonly tanhC: A;
  /** [T, 4, B, H] gate activations i, f, g, o, gate-major. */
  readonly act: A;
  /** [4, B, H] dL/d(gate pre-activations) of one step. */
  readonly dGate: A;
  /** [B, H] dL/dc_t, and dL/dc_{t-1} carried back. */
  readonly dc: A;
  readonly dcNext: A;
}

/** The arrays an LSTM layer needs for T steps of B sequences. */
export function lstmWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number): LstmWorkspace<A> {
  const { owned, alloc } = arena(ops);
  const base = baseWorkspace(ops, layer, T, B, alloc, owned);
  const H = layer.hiddenSize;
  const c = alloc(T * B * H);
  return {
    ...base,
    c0: alloc(B * H), c, cN: ops.view(c, (T - 1) * B * H, B * H), tanhC: alloc(T * B * H),
    act: alloc(T * 4 * B * H), dGate: alloc(4 * B * H), dc: alloc(B * H), dcNext: alloc(B * H),
  };
}

function checkMode<A>(layer: Layer<A>): void {
  if (layer.mode !== "lstm") throw new Error(`lstm: expected an lstm layer, got ${layer.mode}`);
}

/** Gate k (0 i, 1 f, 2 g, 3 o) of a gate-major [4, B, H] block. */
function gate<A>(ops: Ops<A>, block: A, k: number, BH: number): A {
  return ops.view(block, k * BH, BH);
}

/** Runs T steps: ws.output [T, B, H], ws.hN and ws.cN [B, H]. */
export function lstmForward<A>(ops: Ops<A>, layer: Layer<A>, ws: LstmWorkspace<A>, inputs: ForwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B, BH = B * H;
  beginForward("lstmForward", ops, layer, ws, inputs, true);
  setState("lstmForward", ops, "c0", ws.c0, inputs.c0, B, H);
  for (let t = 0; t < ws.T; t++) {
    const a = step(ops, ws, ws.pre, t, 4 * H);
    ops.matmul(hPrev(ops, layer, ws, t), layer.params.weight_hh, a, { m: B, n: 4 * H, k: H, transB: true, accumulate: true });
    const act = ops.view(ws.act, t * 4 * BH, 4 * BH);
    for (let k = 0; k < 4; k++) ops.gatherCols(gate(ops, act, k, BH), a, B, 4 * H, k * H);
    const [i, f, g, o] = [0, 1, 2, 3].map((k) => gate(ops, act, k, BH));
    ops.activate("sigmoid", ops.view(act, 0, 2 * BH), ops.view(act, 0, 2 * BH)); // i and f together
    ops.activate("tanh", g, g);
    ops.activate("sigmoid", o, o);
    const cPrev = t === 0 ? ws.c0 : step(ops, ws, ws.c, t - 1, H);
    const c = step(ops, ws, ws.c, t, H), tc = step(ops, ws, ws.tanhC, t, H);
    ops.mul(c, f, cPrev);
    ops.mul(c, i, g, { accumulate: true });
    ops.activate("tanh", tc, c);
    ops.mul(step(ops, ws, ws.output, t, H), o, tc);
  }
}

/** Backpropagates through the last forward, accumulating into layer.grads and dx/dh0/dc0. */
export function lstmBackward<A>(ops: Ops<A>, layer: Layer<A>, ws: LstmWorkspace<A>, grads: BackwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B, BH = B * H;
  const x = beginBackward("lstmBackward", ops, layer, ws, grads);
  setState("lstmBackward", ops, "dcN", ws.dcNext, grads.dcN, B, H);
  const { dh, dc, tmp, dGate } = ws;
  const [di, df, dg, dO] = [0, 1, 2, 3].map((k) => gate(ops, dGate, k, BH));
  for (let t = ws.T - 1; t >= 0; t--) {
    const act = ops.view(ws.act, t * 4 * BH, 4 * BH);
    const [i, f, g, o] = [0, 1, 2, 3].map((k) => gate(ops, act, k, BH));
    const tc = step(ops, ws, ws.tanhC, t, H);
    const cPrev = t === 0 ? ws.c0 : step(ops, ws, ws.c, t - 1, H);
    ops.add(dh, ws.dhNext, step(ops, ws, grads.dOutput, t, H));
    // dc = dcNext + dh ⊙ o ⊙ tanh'(c_t)
    ops.copy(dc, ws.dcNext);
    ops.mul(tmp, dh, o);
    ops.activateBackward("tanh", dc, tmp, tc);
    ops.fill(dGate, 0);
    ops.mul(tmp, dh, tc);
    ops.activateBackward("sigmoid", dO, tmp, o);
    ops.mul(tmp, dc, g);
    ops.activateBackward("sigmoid", di, tmp, i);
    ops.mul(tmp, dc, i);
    ops.activateBackward("tanh", dg, tmp, g);
    ops.mul(tmp, dc, cPrev);
    ops.activateBackward("sigmoid", df, tmp, f);
    ops.mul(ws.dcNext, dc, f);
    const da = step(ops, ws, ws.dPre, t, 4 * H);
    for (let k = 0; k < 4; k++) ops.scatterCols(da, gate(ops, dGate, k, BH), B, 4 * H, k * H);
    ops.matmul(da, layer.params.weight_hh, ws.dhNext, { m: B, n: H, k: 4 * H });
  }
  endBackward(ops, layer, ws, x, ws.dPre, ws.dPre, grads.dx, grads.dh0);
  if (grads.dc0) ops.axpy(grads.dc0, ws.dcNext, 1);
}
