// A layer with its workspace: picks the cell's forward/backward pair by mode and keeps one
// workspace per (T, B), reallocated only when the sizes change.
import { Layer, type LayerConfig } from "./layer";
import { gruBackward, gruForward, gruWorkspace, type GruWorkspace } from "./gru";
import { lstmBackward, lstmForward, lstmWorkspace, type LstmWorkspace } from "./lstm";
import type { Ops } from "./ops/ops";
import { rnnBackward, rnnForward, rnnWorkspace } from "./rnn";
import { freeWorkspace, type BackwardInputs, type Workspace } from "./workspace";

export interface RecurrentOutputs<A> {
  /** [T, B, H] */
  output: A;
  /** [B, H] */
  hN: A;
  /** [B, H], LSTM only. */
  cN: A | null;
}

/** One recurrent layer (RNN, LSTM or GRU) with its parameters, gradients and workspace. */
export class Recurrent<A> {
  readonly layer: Layer<A>;
  private ws: Workspace<A> | null = null;

  constructor(readonly ops: Ops<A>, config: LayerConfig) {
    this.layer = new Layer(ops, config);
  }

  /** The workspace for (T, B), reusing the previous one when the sizes match. */
  workspace(T: number, B: number): Workspace<A> {
    if (this.ws && this.ws.T === T && this.ws.B === B) return this.ws;
    if (this.ws) freeWorkspace(this.ops, this.ws);
    const make = { lstm: lstmWorkspace, gru: gruWorkspace, rnn_tanh: rnnWorkspace, rnn_relu: rnnWorkspace }[this.layer.mode];
    return (this.ws = make(this.ops, this.layer, T, B));
  }

  /** Runs the layer over x [T, B, I] from (h0, c0), zeros when absent. */
  forward(x: A, T: number, B: number, state: { h0?: A | null; c0?: A | null } = {}): RecurrentOutputs<A> {
    if (state.c0 && this.layer.mode !== "lstm") throw new Error(`forward: c0 is given but a ${this.layer.mode} layer has no cell state`);
    const ws = this.workspace(T, B), inputs = { x, ...state };
    switch (this.layer.mode) {
      case "lstm": {
        const lws = ws as LstmWorkspace<A>;
        lstmForward(this.ops, this.layer, lws, inputs);
        return { output: ws.output, hN: ws.hN, cN: lws.cN };
      }
      case "gru": gruForward(this.ops, this.layer, ws as GruWorkspace<A>, inputs); break;
      default: rnnForward(this.ops, this.layer, ws, inputs);
    }
    return { output: ws.output, hN: ws.hN, cN: null };
  }

  /** Backpropagates through the last forward; accumulates into layer.grads and dx/dh0/dc0. */
  backward(grads: BackwardInputs<A>): void {
    if (!this.ws) throw new Error("backward: call forward first");
    switch (this.layer.mode) {
      case "lstm": lstmBackward(this.ops, this.layer, this.ws as LstmWorkspace<A>, grads); return;
      case "gru": gruBackward(this.ops, this.layer, this.ws as GruWorkspace<A>, grads); return;
      default: rnnBackward(this.ops, this.layer, this.ws, grads);
    }
  }

  /** Frees the parameters, gradients and workspace. */
  dispose(): void {
    if (this.ws) freeWorkspace(this.ops, this.ws);
    this.ws = null;
    this.layer.dispose();
  }
}
