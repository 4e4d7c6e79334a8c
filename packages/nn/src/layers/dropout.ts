// Dropout: zeroes elements with probability p and scales the rest by 1/(1−p), in training only.
import { dropout, Generator, type Tensor, describeValue } from "@tapegrad/autograd";
import { Module } from "../module";

export class Dropout extends Module {
  constructor(readonly p = 0.5, readonly generator?: Generator) {
    super();
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new Error(`Dropout: probability has to be a number between 0 and 1, got ${describeValue(p)}`);
    if (generator !== undefined && !(generator instanceof Generator)) throw new Error(`Dropout: generator must be a Generator, got ${describeValue(generator)}`);
  }

  protected override moduleConfig() {
    return { type: "Dropout", config: { p: this.p } };
  }

  /** Identity in eval mode (and for p = 0). */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    return dropout(x, this.p, { training: true, generator: this.generator });
  }
}
