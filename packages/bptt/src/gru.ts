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
}

/** The arrays a GRU layer needs for T steps of B sequences. */
export function gruWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number): GruWorkspace<A> {
  const { owned, alloc } = arena(ops);
  const base = baseWorkspace(ops, layer, T, B, alloc, owned);
  const H = layer.hiddenSize;
  return { ...base, hn: alloc(T * B * H), dHn: alloc(T * B * H) };
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
  for (let t = 0; t < ws.T; t++) {
    const h = hPrev(ops, layer, ws, t), hn = step(ops, ws, ws.hn, t, H);
    hiddenProduct(ops, layer, ws, h, t, 0, 2);
    ops.matmul(h, Whn, hn, { m: B, n: H, k: H, transB: true });
    if (bhn) ops.add(hn, hn, bhn, { aShape: [B, H], bShape: [H] });
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
  const H = layer.hiddenSize;
  const x = beginBackward("gruBackward", ops, layer, ws, grads);
  const { tmp } = ws;
  for (let t = ws.T - 1; t >= 0; t--) {
    const [r, z, n] = [0, 1, 2].map((k) => gateStep(ops, ws, ws.pre, H, k, t));
    // The gate gradients accumulate straight into dPre, which beginBackward zeroed.
    const [dr, dz, dn] = [0, 1, 2].map((k) => gateStep(ops, ws, ws.dPre, H, k, t));
    const h = hPrev(ops, layer, ws, t), hn = step(ops, ws, ws.hn, t, H), dHn = step(ops, ws, ws.dHn, t, H);
    const dh = step(ops, ws, ws.dh, t, H), dhPrev = carry(ops, layer, ws, t);
    // dh ⊙ z goes straight back to h_{t-1} (the matmuls below add the rest), and
    // dL/dn = dh ⊙ (1 − z) = dh − dh ⊙ z.
    ops.mul(tmp, dh, z);
    if (t > 0) ops.axpy(dhPrev, tmp, 1);
    else ops.copy(dhPrev, tmp);
    ops.sub(tmp, dh, tmp);
    ops.activateBackward("tanh", dn, tmp, n);
    ops.sub(tmp, h, n);
    ops.mul(tmp, dh, tmp); // dL/dz = dh ⊙ (h_{t-1} − n)
    ops.activateBackward("sigmoid", dz, tmp, z);
    ops.mul(tmp, dn, hn); // dL/dr = dL/da_n ⊙ (W_hn h + b_hn)
    ops.activateBackward("sigmoid", dr, tmp, r);
    ops.mul(dHn, dn, r); // the hidden side of n is scaled by r
    hiddenBackward(ops, layer, ws, (k) => (k === 0 ? dr : k === 1 ? dz : dHn), dhPrev, true);
  }
  endBackward(ops, layer, ws, x, (k) => (k < 2 ? gateAll(ops, ws, ws.dPre, H, k) : ws.dHn), grads.dx, grads.dh0);
}
