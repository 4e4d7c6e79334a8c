// GRU, one layer, one direction, PyTorch's gate order r, z, n:
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
// b_hn sits inside the r product, so the hidden projection W_hh h + b_hh is kept apart from the
// input projection, and backward has two pre-activation gradients (input side and hidden side).
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";
import {
  arena, baseWorkspace, beginBackward, beginForward, endBackward, hPrev, step,
  type BackwardInputs, type ForwardInputs, type Workspace,
} from "./workspace";

export interface GruWorkspace<A> extends Workspace<A> {
  /** [T, 3, B, H] gate activations r, z, n, gate-major. */
  readonly act: A;
  /** [B, 3H] one step's hidden projection W_hh h_{t-1} + b_hh. */
  readonly hp: A;
  /** [T, B, H] its n block W_hn h_{t-1} + b_hn, which backward needs for dr. */
  readonly hn: A;
  /** [T, B, 3H] dL/d(hidden projection). */
  readonly dPreH: A;
  /** [3, B, H] one step's gate gradients, and a second [B, H] temporary. */
  readonly dGate: A;
  readonly tmp2: A;
}

/** The arrays a GRU layer needs for T steps of B sequences. */
export function gruWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number): GruWorkspace<A> {
  const { owned, alloc } = arena(ops);
  const base = baseWorkspace(ops, layer, T, B, alloc, owned);
  const H = layer.hiddenSize;
  return {
    ...base,
    act: alloc(T * 3 * B * H), hp: alloc(B * 3 * H), hn: alloc(T * B * H),
    dPreH: alloc(T * B * 3 * H), dGate: alloc(3 * B * H), tmp2: alloc(B * H),
  };
}

function checkMode<A>(layer: Layer<A>): void {
  if (layer.mode !== "gru") throw new Error(`gru: expected a gru layer, got ${layer.mode}`);
}

function gate<A>(ops: Ops<A>, block: A, k: number, BH: number): A {
  return ops.view(block, k * BH, BH);
}

/** Runs T steps: ws.output [T, B, H] and ws.hN [B, H]. */
export function gruForward<A>(ops: Ops<A>, layer: Layer<A>, ws: GruWorkspace<A>, inputs: ForwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize, B = ws.B, BH = B * H;
  const { bias_hh, weight_hh } = layer.params;
  beginForward("gruForward", ops, layer, ws, inputs, false);
  for (let t = 0; t < ws.T; t++) {
    const h = hPrev(ops, layer, ws, t);
    ops.matmul(h, weight_hh, ws.hp, { m: B, n: 3 * H, k: H, transB: true });
    if (bias_hh) ops.add(ws.hp, ws.hp, bias_hh, { aShape: [B, 3 * H], bShape: [3 * H] });
    const act = ops.view(ws.act, t * 3 * BH, 3 * BH);
    const a = step(ops, ws, ws.pre, t, 3 * H);
    for (let k = 0; k < 3; k++) ops.gatherCols(gate(ops, act, k, BH), a, B, 3 * H, k * H);
    const [r, z, n] = [0, 1, 2].map((k) => gate(ops, act, k, BH));
    const rz = ops.view(act, 0, 2 * BH), hn = step(ops, ws, ws.hn, t, H);
    // Borrow dGate's first two blocks for the r, z columns of the hidden projection.
    const hpRz = ops.view(ws.dGate, 0, 2 * BH);
    for (let k = 0; k < 2; k++) ops.gatherCols(gate(ops, hpRz, k, BH), ws.hp, B, 3 * H, k * H);
    ops.gatherCols(hn, ws.hp, B, 3 * H, 2 * H);
    ops.add(rz, rz, hpRz);
    ops.activate("sigmoid", rz, rz);
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
  const H = layer.hiddenSize, B = ws.B, BH = B * H;
  const x = beginBackward("gruBackward", ops, layer, ws, grads);
  const { dh, tmp, tmp2, dGate, dhNext } = ws;
  const [dr, dz, dn] = [0, 1, 2].map((k) => gate(ops, dGate, k, BH));
  for (let t = ws.T - 1; t >= 0; t--) {
    const act = ops.view(ws.act, t * 3 * BH, 3 * BH);
    const [r, z, n] = [0, 1, 2].map((k) => gate(ops, act, k, BH));
    const h = hPrev(ops, layer, ws, t), hn = step(ops, ws, ws.hn, t, H);
    ops.add(dh, dhNext, step(ops, ws, grads.dOutput, t, H));
    ops.fill(dGate, 0);
    ops.mul(dhNext, dh, z); // the direct path h_{t-1} → h_t; the matmul below adds the rest
    ops.sub(tmp, dh, dhNext); // dL/dn = dh ⊙ (1 − z)
    ops.activateBackward("tanh", dn, tmp, n);
    ops.sub(tmp, h, n);
    ops.mul(tmp, dh, tmp); // dL/dz = dh ⊙ (h_{t-1} − n)
    ops.activateBackward("sigmoid", dz, tmp, z);
    ops.mul(tmp, dn, hn); // dL/dr = dL/da_n ⊙ (W_hn h + b_hn)
    ops.activateBackward("sigmoid", dr, tmp, r);
    const dax = step(ops, ws, ws.dPre, t, 3 * H), dah = step(ops, ws, ws.dPreH, t, 3 * H);
    for (let k = 0; k < 3; k++) ops.scatterCols(dax, gate(ops, dGate, k, BH), B, 3 * H, k * H);
    for (let k = 0; k < 2; k++) ops.scatterCols(dah, gate(ops, dGate, k, BH), B, 3 * H, k * H);
    ops.mul(tmp2, dn, r); // the hidden side of n is scaled by r
    ops.scatterCols(dah, tmp2, B, 3 * H, 2 * H);
    ops.matmul(dah, layer.params.weight_hh, dhNext, { m: B, n: H, k: 3 * H, accumulate: true });
  }
  endBackward(ops, layer, ws, x, ws.dPre, ws.dPreH, grads.dx, grads.dh0);
}
