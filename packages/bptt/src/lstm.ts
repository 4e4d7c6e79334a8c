// LSTM, one layer, one direction, PyTorch's gate order i, f, g, o:
//   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o),  a = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh
//   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
// Each step is one matmul for all four gates, [x_t | h_{t-1}]·[W_ih | W_hh]ᵀ + b (a [B, 4H] row
// block, PyTorch's column order; see Joint in workspace.ts), and one fused cell call for the element-wise part, which saves (i, f, g, o, tanh c) for backward.
// Backward is one fused pass per step (kernels' lstmCellBackward), through h = o ⊙ tanh(c) and
// then through c = f ⊙ c_{t-1} + i ⊙ g; it writes da and dL/dc_{t-1} rather than adding to them,
// so nothing needs zeroing first:
//   dc_t = dc_{t+1 → t} + dh ⊙ o ⊙ (1 − tanh² c),   da_o = dh ⊙ tanh c ⊙ o(1 − o)
//   da_i = dc ⊙ g ⊙ i(1 − i),  da_f = dc ⊙ c_{t-1} ⊙ f(1 − f),  da_g = dc ⊙ i ⊙ (1 − g²),
//   dc_{t-1} = dc ⊙ f,   dh_{t-1} += da · W_hh
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";
import {
  arena, baseWorkspace, beginBackward, beginForward, carry, endBackward, jointPreactivation, passState, setState, step,
  type BackwardInputs, type ForwardInputs, type Workspace,
} from "./workspace";

export interface LstmWorkspace<A> extends Workspace<A> {
  /** [B, H] initial cell state (a copy of c0, or zeros). */
  readonly c0: A;
  /** [T, B, H] cell states, and [B, H] the last one. */
  readonly c: A;
  readonly cN: A;
  /** [T, B, 5H] per step and row: i, f, g, o, tanh(c_t), as the fused cell saves them. */
  readonly act: A;
  /** [B, H] ×2: dL/dc_t and dL/dc_{t-1}, swapped every step (the cell backward writes the second). */
  readonly dc: A;
  readonly dcPrev: A;
}

/** The arrays an LSTM layer needs for T steps of B sequences. */
export function lstmWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number): LstmWorkspace<A> {
  const { owned, alloc } = arena(ops);
  const base = baseWorkspace(ops, layer, T, B, alloc, owned);
  const H = layer.hiddenSize;
  const c = alloc(T * B * H);
  return {
    ...base,
    c0: alloc(B * H), c, cN: ops.view(c, (T - 1) * B * H, B * H),
    act: alloc(T * B * 5 * H), dc: alloc(B * H), dcPrev: alloc(B * H),
  };
}

function checkMode<A>(layer: Layer<A>): void {
  if (layer.mode !== "lstm") throw new Error(`lstm: expected an lstm layer, got ${layer.mode}`);
}

/** Runs T steps: ws.output [T, B, H], ws.hN and ws.cN [B, H]. */
export function lstmForward<A>(ops: Ops<A>, layer: Layer<A>, ws: LstmWorkspace<A>, inputs: ForwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B;
  beginForward("lstmForward", ops, layer, ws, inputs);
  setState("lstmForward", ops, "c0", ws.c0, inputs.c0, B, H);
  for (let t = 0; t < ws.T; t++) {
    const a = jointPreactivation(ops, layer, ws, t);
    const cPrev = t === 0 ? ws.c0 : step(ops, ws, ws.c, t - 1, H);
    ops.lstmCell(step(ops, ws, ws.act, t, 5 * H), step(ops, ws, ws.c, t, H), step(ops, ws, ws.output, t, H), a, cPrev, B, H);
    passState(ops, layer, ws, t);
  }
}

/** Backpropagates through the last forward, accumulating into layer.grads and dx/dh0/dc0. */
export function lstmBackward<A>(ops: Ops<A>, layer: Layer<A>, ws: LstmWorkspace<A>, grads: BackwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B;
  const x = beginBackward("lstmBackward", ops, layer, ws, grads);
  let dc = ws.dc, dcPrev = ws.dcPrev;
  setState("lstmBackward", ops, "dcN", dc, grads.dcN, B, H);
  for (let t = ws.T - 1; t >= 0; t--) {
    const act = step(ops, ws, ws.act, t, 5 * H), da = step(ops, ws, ws.dPre, t, 4 * H);
    const cPrev = t === 0 ? ws.c0 : step(ops, ws, ws.c, t - 1, H);
    ops.lstmCellBackward(da, t > 0 || grads.dc0 ? dcPrev : null, step(ops, ws, ws.dh, t, H), dc, act, cPrev, B, H, false);
    [dc, dcPrev] = [dcPrev, dc];
    // dL/dh_{t-1} += da · W_hh, into step t−1 of ws.dh (or dL/dh_0, when it is asked for).
    if (t > 0 || grads.dh0) ops.matmul(da, layer.params.weight_hh, carry(ops, layer, ws, t), { m: B, n: H, k: 4 * H, accumulate: t > 0 });
  }
  endBackward(ops, layer, ws, x, ws.dPre, ws.dPre, grads.dx, grads.dh0);
  if (grads.dc0) ops.axpy(grads.dc0, dc, 1);
}
