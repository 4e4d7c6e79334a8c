// GRU, one layer, one direction, PyTorch's gate order r, z, n:
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
// Pre-activations are gate-major, [3, T, B, H], as in the LSTM. b_hr and b_hz fold into the input
// projection, but b_hn sits inside the r product, so W_hn h + b_hn is kept apart (hn), and the
// n gate has a hidden-side gradient of its own (dHn = dL/da_n ⊙ r).
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";
import {
  arena, baseWorkspace, beginBackward, beginForward, carry, endBackward, gateAll, gateRows, gateStep, hiddenBackward, hiddenProduct,
  hPrev, step, type BackwardInputs, type ForwardInputs, type Workspace,
} from "./workspace";

export interface GruWorkspace<A> extends Workspace<A> {
  /** [T, B, H] W_hn h_{t-1} + b_hn of every step, which backward needs for dr. */
  readonly hn: A;
  /** [T, B, H] dL/d(W_hn h_{t-1} + b_hn) = dL/da_n ⊙ r. */
  readonly dHn: A;
  /** [1] the constant 1, for 1 − z. */
  readonly one: A;
}

/** The arrays a GRU layer needs for T steps of B sequences. */
export function gruWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number): GruWorkspace<A> {
  const { owned, alloc } = arena(ops);
  const base = baseWorkspace(ops, layer, T, B, alloc, owned);
  const H = layer.hiddenSize;
  const one = alloc(1);
  ops.fill(one, 1);
  return { ...base, hn: alloc(T * B * H), dHn: alloc(T * B * H), one };
}

function checkMode<A>(layer: Layer<A>): void {
  if (layer.mode !== "gru") throw new Error(`gru: expected a gru layer, got ${layer.mode}`);
}

/** Runs T steps: ws.output [T, B, H] and ws.hN [B, H]. */
export function gruForward<A>(ops: Ops<A>, layer: Layer<A>, ws: GruWorkspace<A>, inputs: ForwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B;
  const { bias_hh, weight_hh } = layer.params;
  const Whn = gateRows(ops, weight_hh, H, H, 2), bhn = bias_hh ? ops.view(bias_hh, 2 * H, H) : null;
  beginForward("gruForward", ops, layer, ws, inputs, 2);
  // hn starts as b_hn for every step, in one broadcast (a bias-row add costs several flat adds to
  // call), and each step's matmul accumulates onto it.
  ops.fill(ws.hn, 0);
  if (bhn) ops.add(ws.hn, ws.hn, bhn, { aShape: [ws.T * B, H], bShape: [H] });
  for (let t = 0; t < ws.T; t++) {
    const h = hPrev(ops, layer, ws, t), hn = step(ops, ws, ws.hn, t, H);
    hiddenProduct(ops, layer, ws, h, t, 0, 2);
    ops.matmul(h, Whn, hn, { m: B, n: H, k: H, transB: true, accumulate: true });
    const [r, z, n] = [0, 1, 2].map((k) => gateStep(ops, ws, ws.pre, H, k, t));
    ops.activate("sigmoid", r, r);
    ops.activate("sigmoid", z, z);
    ops.mul(n, r, hn, { accumulate: true });
    ops.activate("tanh", n, n);
    // h_t = n + z ⊙ (h_{t-1} − n)
    const out = step(ops, ws, ws.output, t, H);
    ops.sub(ws.tmp, h, n);
    ops.mul(out, z, ws.tmp);
    ops.add(out, out, n);
  }
}

/** Backpropagates through the last forward, accumulating into layer.grads and dx/dh0. */
export function gruBackward<A>(ops: Ops<A>, layer: Layer<A>, ws: GruWorkspace<A>, grads: BackwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, T = ws.T, BH = ws.B * H, TBH = T * BH;
  const x = beginBackward("gruBackward", ops, layer, ws, grads);
  // As in the LSTM: the factors that turn dh (or dL/da_n) into each gate gradient depend on the
  // forward values only, so they are formed for all steps at once in the gate's dPre block
  // (zeroed by beginBackward); the loop only multiplies. dHn is free scratch until the loop.
  const act = (k: number): A => gateAll(ops, ws, ws.pre, H, k), dAct = (k: number): A => gateAll(ops, ws, ws.dPre, H, k);
  const scratch = ws.dHn;
  ops.sub(scratch, ws.one, act(1), { aShape: [1], bShape: [TBH] });
  ops.activateBackward("tanh", dAct(2), scratch, act(2)); // da_n/dh = (1 − z) ⊙ tanh'(n)
  ops.sub(ops.view(scratch, 0, BH), ws.h0, gateStep(ops, ws, ws.pre, H, 2, 0));
  if (T > 1) ops.sub(ops.view(scratch, BH, TBH - BH), ops.view(ws.output, 0, TBH - BH), ops.view(act(2), BH, TBH - BH));
  ops.activateBackward("sigmoid", dAct(1), scratch, act(1)); // da_z/dh = (h_{t-1} − n) ⊙ σ'(z)
  ops.activateBackward("sigmoid", dAct(0), ws.hn, act(0)); // da_r/da_n = (W_hn h + b_hn) ⊙ σ'(r)
  for (let t = T - 1; t >= 0; t--) {
    const [dr, dz, dn] = [0, 1, 2].map((k) => gateStep(ops, ws, ws.dPre, H, k, t));
    const dh = step(ops, ws, ws.dh, t, H), dhPrev = carry(ops, layer, ws, t), dHn = step(ops, ws, ws.dHn, t, H);
    ops.mul(dn, dn, dh);
    ops.mul(dz, dz, dh);
    ops.mul(dr, dr, dn);
    ops.mul(dHn, dn, gateStep(ops, ws, ws.pre, H, 0, t)); // the hidden side of n is scaled by r
    // z ⊙ dh goes straight back to h_{t-1}; the matmuls add the rest.
    ops.mul(dhPrev, dh, gateStep(ops, ws, ws.pre, H, 1, t), { accumulate: t > 0 });
    hiddenBackward(ops, layer, ws, (k) => (k === 0 ? dr : k === 1 ? dz : dHn), dhPrev, true);
  }
  endBackward(ops, layer, ws, x, (k) => (k < 2 ? gateAll(ops, ws, ws.dPre, H, k) : ws.dHn), grads.dx, grads.dh0);
}
