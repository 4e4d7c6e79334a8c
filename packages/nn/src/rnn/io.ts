// What a recurrent layer takes besides its input, and what it returns (PyTorch's h_0, c_0, h_n, c_n).
import type { Tensor } from "@tapegrad/autograd";

export interface RecurrentInput {
  /** [numLayers·D, batch, hidden]; zeros when absent. */
  h0?: Tensor;
  /** LSTM only: [numLayers·D, batch, hidden]. */
  c0?: Tensor;
  /**
   * Valid length of each sequence in the batch. Steps t ≥ length neither change the state nor get
   * gradient, in both directions (PyTorch's packed sequences); their output rows are zero.
   */
  lengths?: ArrayLike<number>;
}

export interface RecurrentOutput {
  /** [seq, batch, D·hidden] (or [batch, seq, D·hidden] with batchFirst). */
  output: Tensor;
  /** [numLayers·D, batch, hidden]: the final state of each layer and direction. */
  hN: Tensor;
  /** LSTM only: the final cell state, same shape as hN. */
  cN?: Tensor;
}
