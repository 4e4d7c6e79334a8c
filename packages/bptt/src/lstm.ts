// LSTM, one layer, one direction, PyTorch's gate order i, f, g, o:
//   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o),  a = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh
//   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
// Pre-activations are kept gate-major, [4, T, B, H]: each gate's matmuls (input projection and
// recurrent product) write their own contiguous [B, H] block, so the elementwise work needs no
// gather of gate columns, and backward's gate gradients are already where the weight gradients
// read them. Each step's activations overwrite its pre-activations.
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";
import {
  arena, baseWorkspace, beginBackward, beginForward, carry, endBackward, gateAll, gateStep, hiddenBackward, hiddenProduct, hPrev,
  setState, step, type BackwardInputs, type ForwardInputs, type Workspace,
} from "./workspace";

export interface LstmWorkspace<A> extends Workspace<A> {
  /** [B, H] initial cell state (a copy of c0, or zeros). */
  readonly c0: A;
  /** [T, B, H] cell states, and [B, H] the last one. */
  readonly c: A;
  readonly cN: A;
  /** [T, B, H] tanh(c_t). */
  readonly tanhC: A;
  /** [B, H] dL/dc carried back: dL/dc_t within a step, dL/dc_{t-1} after it. */
  readonly dc: A;
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
    dc: alloc(B * H),
  };
}

function checkMode<A>(layer: Layer<A>): void {
  if (layer.mode !== "lstm") throw new Error(`lstm: expected an lstm layer, got ${layer.mode}`);
}

/** Runs T steps: ws.output [T, B, H], ws.hN and ws.cN [B, H]. */
export function lstmForward<A>(ops: Ops<A>, layer: Layer<A>, ws: LstmWorkspace<A>, inputs: ForwardInputs<A>): void {
  checkMode(layer);
  const H = layer.hiddenSize;
  beginForward("lstmForward", ops, layer, ws, inputs, 4);
  setState("lstmForward", ops, "c0", ws.c0, inputs.c0, ws.B, H);
  for (let t = 0; t < ws.T; t++) {
    hiddenProduct(ops, layer, ws, hPrev(ops, layer, ws, t), t, 0, 4);
    const [i, f, g, o] = [0, 1, 2, 3].map((k) => gateStep(ops, ws, ws.pre, H, k, t));
    ops.activate("sigmoid", i, i);
    ops.activate("sigmoid", f, f);
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
  const H = layer.hiddenSize;
  const x = beginBackward("lstmBackward", ops, layer, ws, grads);
  setState("lstmBackward", ops, "dcN", ws.dc, grads.dcN, ws.B, H);
  const { dc, tmp } = ws;
  for (let t = ws.T - 1; t >= 0; t--) {
    const [i, f, g, o] = [0, 1, 2, 3].map((k) => gateStep(ops, ws, ws.pre, H, k, t));
    // The gate gradients accumulate straight into dPre, which beginBackward zeroed.
    const [di, df, dg, dO] = [0, 1, 2, 3].map((k) => gateStep(ops, ws, ws.dPre, H, k, t));
    const tc = step(ops, ws, ws.tanhC, t, H);
    const cPrev = t === 0 ? ws.c0 : step(ops, ws, ws.c, t - 1, H);
    const dh = step(ops, ws, ws.dh, t, H);
    // dc = dL/dc_t = (carried from t+1) + dh ⊙ o ⊙ tanh'(c_t)
    ops.mul(tmp, dh, o);
    ops.activateBackward("tanh", dc, tmp, tc);
    ops.mul(tmp, dh, tc);
    ops.activateBackward("sigmoid", dO, tmp, o);
    ops.mul(tmp, dc, g);
    ops.activateBackward("sigmoid", di, tmp, i);
    ops.mul(tmp, dc, i);
    ops.activateBackward("tanh", dg, tmp, g);
    ops.mul(tmp, dc, cPrev);
    ops.activateBackward("sigmoid", df, tmp, f);
    ops.mul(dc, dc, f); // now dL/dc_{t-1}
    const dGate = [di, df, dg, dO];
    hiddenBackward(ops, layer, ws, (k) => dGate[k], carry(ops, layer, ws, t), t > 0);
  }
  endBackward(ops, layer, ws, x, (k) => gateAll(ops, ws, ws.dPre, H, k), grads.dx, grads.dh0);
  if (grads.dc0) ops.axpy(grads.dc0, dc, 1);
}
