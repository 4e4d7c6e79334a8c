// GRU, one layer, one direction, PyTorch's gate order r, z, n:
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
// b_hn sits inside the r product, so the hidden projection W_hh h_{t-1} is kept apart from the
// input projection (the fused cell adds b_hh itself), and backward has two pre-activation
// gradients, input side and hidden side:
//   da_n = dh ⊙ (1 − z) ⊙ (1 − n²),  da_z = dh ⊙ (h_{t-1} − n) ⊙ z(1 − z),
//   da_r = da_n ⊙ (W_hn h + b_hn) ⊙ r(1 − r);  hidden side: the same, but da_n ⊙ r for n;
//   dh_{t-1} = dh ⊙ z + dA_h · W_hh
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";
import {
  arena, baseWorkspace, beginBackward, beginForward, carry, endBackward, hPrev, step,
  type BackwardInputs, type ForwardInputs, type Workspace,
} from "./workspace";

export interface GruWorkspace<A> extends Workspace<A> {
  /** [T, B, 4H] per step and row: r, z, n, W_hn h_{t-1} + b_hn, as the fused cell saves them. */
  readonly act: A;
  /** [B, 3H] one step's hidden projection W_hh h_{t-1}. */
  readonly hp: A;
  /** [T, B, 3H] dL/d(hidden projection). */
  readonly dPreH: A;
}

/** The arrays a GRU layer needs for T steps of B sequences. */
export function gruWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number): GruWorkspace<A> {
  const { owned, alloc } = arena(ops);
  const base = baseWorkspace(ops, layer, T, B, alloc, owned);
  const H = layer.hiddenSize;
  return { ...base, act: alloc(T * B * 4 * H), hp: alloc(B * 3 * H), dPreH: alloc(T * B * 3 * H) };
}

function checkMode<A>(layer: Layer<A>): void {
  if (layer.mode !== "gru") throw new Error(`gru: expected a gru layer, got ${layer.mode}`);
}

/** Runs T steps: ws.output [T, B, H] and ws.hN [B, H]. */
export function gruForward<A>(ops: Ops<A>, layer: Layer<A>, ws: GruWorkspace<A>, inputs: ForwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B;
  const { bias_hh, weight_hh } = layer.params;
  beginForward("gruForward", ops, layer, ws, inputs);
  for (let t = 0; t < ws.T; t++) {
    const h = hPrev(ops, layer, ws, t);
    ops.matmul(h, weight_hh, ws.hp, { m: B, n: 3 * H, k: H, transB: true });
    ops.gruCell(step(ops, ws, ws.act, t, 4 * H), step(ops, ws, ws.output, t, H), step(ops, ws, ws.pre, t, 3 * H), ws.hp, bias_hh, h, B, H);
  }
}

/** Backpropagates through the last forward, accumulating into layer.grads and dx/dh0. */
export function gruBackward<A>(ops: Ops<A>, layer: Layer<A>, ws: GruWorkspace<A>, grads: BackwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B;
  const x = beginBackward("gruBackward", ops, layer, ws, grads);
  ops.fill(ws.dPre, 0); // the cell backward accumulates
  ops.fill(ws.dPreH, 0);
  ops.fill(ws.dhNext, 0); // step 0 accumulates dL/dh_0 here
  for (let t = ws.T - 1; t >= 0; t--) {
    // dhPrev is step t−1 of ws.dh (already holding dOutput there), or dL/dh_0 when it is asked for.
    const dah = step(ops, ws, ws.dPreH, t, 3 * H), dhPrev = t > 0 || grads.dh0 ? carry(ops, layer, ws, t) : null;
    ops.gruCellBackward(step(ops, ws, ws.dPre, t, 3 * H), dah, dhPrev, step(ops, ws, ws.dh, t, H), step(ops, ws, ws.act, t, 4 * H), hPrev(ops, layer, ws, t), B, H);
    if (dhPrev) ops.matmul(dah, layer.params.weight_hh, dhPrev, { m: B, n: H, k: 3 * H, accumulate: true });
  }
  endBackward(ops, layer, ws, x, ws.dPre, ws.dPreH, grads.dx, grads.dh0);
}
