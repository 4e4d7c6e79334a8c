// The sequence layers: each only picks a mode for RNNBase.
import type { Tensor } from "@tapegrad/autograd";
import { RNNBase, type RNNBaseOptions } from "./base";
import type { RecurrentInput, RecurrentOutput } from "./io";

export interface RNNOptions extends RNNBaseOptions {
  nonlinearity?: "tanh" | "relu";
}

/** Elman RNN: h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), act = tanh or relu. */
export class RNN extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    const nl = opts?.nonlinearity ?? "tanh";
    if (nl !== "tanh" && nl !== "relu") throw new Error(`RNN: Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`);
    super(nl === "tanh" ? "RNN_TANH" : "RNN_RELU", inputSize, hiddenSize, opts, { nonlinearity: "string" });
  }

  /** x [seq, batch, input] → { output, hN }. */
  forward(x: Tensor, opts: Omit<RecurrentInput, "c0"> = {}): RecurrentOutput {
    return this.run(x, opts);
  }
}

/** LSTM with PyTorch's gate order i, f, g, o. */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNBaseOptions = {}) {
    super("LSTM", inputSize, hiddenSize, opts);
  }

  /** x [seq, batch, input] → { output, hN, cN }. */
  forward(x: Tensor, opts: RecurrentInput = {}): Required<RecurrentOutput> {
    return this.run(x, opts) as Required<RecurrentOutput>;
  }
}

/** GRU with PyTorch's gate order r, z, n and n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: RNNBaseOptions = {}) {
    super("GRU", inputSize, hiddenSize, opts);
  }

  /** x [seq, batch, input] → { output, hN }. */
  forward(x: Tensor, opts: Omit<RecurrentInput, "c0"> = {}): RecurrentOutput {
    return this.run(x, opts);
  }
}
