// Vanilla RNN, one layer, one direction: h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),
// act = tanh or relu. Forward saves h_t (the output); backward needs nothing else, because
// tanh' = 1 − h² and relu' = [h > 0] are functions of the output.
import type { Layer } from "./layer";
import type { Ops } from "./ops/ops";
import {
  arena, baseWorkspace, beginBackward, beginForward, carry, endBackward, jointPreactivation, passState, step,
  type BackwardInputs, type ForwardInputs, type Workspace,
} from "./workspace";

export type RnnWorkspace<A> = Workspace<A>;

/** The arrays an RNN layer needs for T steps of B sequences. */
export function rnnWorkspace<A>(ops: Ops<A>, layer: Layer<A>, T: number, B: number): RnnWorkspace<A> {
  const { owned, alloc } = arena(ops);
  return baseWorkspace(ops, layer, T, B, alloc, owned);
}

function activation<A>(layer: Layer<A>): "tanh" | "relu" {
  if (layer.mode !== "rnn_tanh" && layer.mode !== "rnn_relu") throw new Error(`rnn: expected an rnn_tanh or rnn_relu layer, got ${layer.mode}`);
  return layer.mode === "rnn_relu" ? "relu" : "tanh";
}

/** Runs T steps; the states land in ws.output [T, B, H] and ws.hN [B, H]. */
export function rnnForward<A>(ops: Ops<A>, layer: Layer<A>, ws: RnnWorkspace<A>, inputs: ForwardInputs<A>): void {
  const f = activation(layer);
  const H = layer.hiddenSize;
  beginForward("rnnForward", ops, layer, ws, inputs);
  for (let t = 0; t < ws.T; t++) {
    ops.unary(f, step(ops, ws, ws.output, t, H), jointPreactivation(ops, layer, ws, t));
    passState(ops, layer, ws, t);
  }
}

/** Backpropagates through the T steps of the last forward, accumulating into layer.grads and dx/dh0. */
export function rnnBackward<A>(ops: Ops<A>, layer: Layer<A>, ws: RnnWorkspace<A>, g: BackwardInputs<A>): void {
  const f = activation(layer);
  const H = layer.hiddenSize, B = ws.B;
  const x = beginBackward("rnnBackward", ops, layer, ws, g);
  ops.fill(ws.dPre, 0); // unaryBackward accumulates
  for (let t = ws.T - 1; t >= 0; t--) {
    const da = step(ops, ws, ws.dPre, t, H);
    ops.unaryBackward(f, da, step(ops, ws, ws.dh, t, H), step(ops, ws, ws.output, t, H));
    // dL/dh_{t-1} += da · W_hh, into step t−1 of ws.dh (or dL/dh_0, when it is asked for).
    if (t > 0 || g.dh0) ops.matmul(da, layer.params.weight_hh, carry(ops, layer, ws, t), { m: B, n: H, k: H, accumulate: t > 0 });
  }
  endBackward(ops, layer, ws, x, ws.dPre, ws.dPre, g.dx, g.dh0);
}
