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
  /** [T, B, H] o ⊙ tanh'(c_t): dL/dc_t per unit of dL/dh_t (backward's scratch). */
  readonly dcdh: A;
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
    dcdh: alloc(T * B * H), dc: alloc(B * H),
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
  const H = layer.hiddenSize, T = ws.T, BH = ws.B * H;
  const x = beginBackward("lstmBackward", ops, layer, ws, grads);
  setState("lstmBackward", ops, "dcN", ws.dc, grads.dcN, ws.B, H);
  // Every gate gradient is (dh or dc) ⊙ a factor that depends on the forward values only. Those
  // factors are formed for all steps at once, before the loop, in the dPre block each gate's
  // gradient will take (beginBackward zeroed dPre, and activateBackward accumulates); the loop
  // then only multiplies, in place.
  const act = (k: number): A => gateAll(ops, ws, ws.pre, H, k), dAct = (k: number): A => gateAll(ops, ws, ws.dPre, H, k);
  ops.activateBackward("sigmoid", dAct(0), act(2), act(0)); // di/dc = g ⊙ σ'(i)
  ops.activateBackward("tanh", dAct(2), act(0), act(2)); // dg/dc = i ⊙ tanh'(g)
  ops.activateBackward("sigmoid", gateStep(ops, ws, ws.dPre, H, 1, 0), ws.c0, gateStep(ops, ws, ws.pre, H, 1, 0)); // df/dc = c_{t-1} ⊙ σ'(f)
  if (T > 1) ops.activateBackward("sigmoid", ops.view(dAct(1), BH, (T - 1) * BH), ops.view(ws.c, 0, (T - 1) * BH), ops.view(act(1), BH, (T - 1) * BH));
  ops.activateBackward("sigmoid", dAct(3), ws.tanhC, act(3)); // do/dh = tanh(c) ⊙ σ'(o)
  ops.fill(ws.dcdh, 0);
  ops.activateBackward("tanh", ws.dcdh, act(3), ws.tanhC); // dc/dh = o ⊙ tanh'(c)
  const dc = ws.dc;
  for (let t = T - 1; t >= 0; t--) {
    const dh = step(ops, ws, ws.dh, t, H);
    const [di, df, dg, dO] = [0, 1, 2, 3].map((k) => gateStep(ops, ws, ws.dPre, H, k, t));
    ops.mul(dc, dh, step(ops, ws, ws.dcdh, t, H), { accumulate: true }); // dL/dc_t: carried from t+1, plus through h_t
    ops.mul(dO, dO, dh);
    ops.mul(di, di, dc);
    ops.mul(df, df, dc);
    ops.mul(dg, dg, dc);
    ops.mul(dc, dc, gateStep(ops, ws, ws.pre, H, 1, t)); // dL/dc_{t-1} = dc ⊙ f
    const dGate = [di, df, dg, dO];
    hiddenBackward(ops, layer, ws, (k) => dGate[k], carry(ops, layer, ws, t), t > 0);
  }
  endBackward(ops, layer, ws, x, (k) => gateAll(ops, ws, ws.dPre, H, k), grads.dx, grads.dh0);
  if (grads.dc0) ops.axpy(grads.dc0, dc, 1);
}
