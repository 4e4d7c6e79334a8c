// Modules that turn a recurrent layer's { output, hN, cN } into one tensor, so a recurrent layer
// can sit inside a Sequential (and be rebuilt from a checkpoint's model description or exported).
// PyTorch has no such modules; examples/to-pytorch defines the same two in a few lines.
import type { Tensor } from "@tapegrad/autograd";
import { Module } from "../module";
import type { RecurrentOutput } from "../rnn/io";
import { shapeStr } from "../util";

function checkRecurrent(who: string, r: unknown): RecurrentOutput {
  const o = r as RecurrentOutput | null;
  if (o === null || typeof o !== "object" || !("hN" in o) || !("output" in o)) {
    const got = o !== null && typeof o === "object" && "shape" in o ? `a Tensor ${shapeStr((o as Tensor).shape)}` : String(o);
    throw new Error(`${who}: expected the { output, hN } of a recurrent layer (RNN, LSTM, GRU), got ${got}`);
  }
  return o;
}

/**
 * The last layer's final hidden state, both directions side by side: [batch, D·hidden] (or
 * [D·hidden] unbatched). With `lengths` it is each sequence's state at its own last valid step.
 */
export class FinalHidden extends Module {
  readonly readsRecurrentOutput = true;

  protected override moduleConfig() {
    return { type: "FinalHidden", config: {} };
  }

  /** { output, hN } → hN of the last layer, directions concatenated. */
  forward(r: RecurrentOutput): Tensor {
    const { output, hN } = checkRecurrent("FinalHidden", r);
    const H = hN.shape[hN.ndim - 1];
    const D = output.shape[output.ndim - 1] / H; // output's last axis is D·H
    const last = hN.narrow(0, hN.shape[0] - D, D); // [D, B, H] or [D, H]
    if (hN.ndim === 2) return last.reshape([D * H]);
    return D === 1 ? last.reshape([hN.shape[1], H]) : last.permute([1, 0, 2]).reshape([hN.shape[1], D * H]);
  }
}

/** Every step's output of the last layer: [seq, batch, D·hidden] ([batch, seq, …] with batchFirst). */
export class SequenceOutput extends Module {
  readonly readsRecurrentOutput = true;

  protected override moduleConfig() {
    return { type: "SequenceOutput", config: {} };
  }

  /** { output, hN } → output. */
  forward(r: RecurrentOutput): Tensor {
    return checkRecurrent("SequenceOutput", r).output;
  }
}
