// Sequential: applies its modules in order; children are named "0", "1", … as in PyTorch.
import type { Tensor } from "@tapegrad/autograd";
import { Module } from "../module";

/** A module that maps one tensor to one tensor. */
export interface TensorModule extends Module {
  forward(x: Tensor): Tensor;
}

export class Sequential extends Module {
  readonly layers: TensorModule[];

  constructor(...layers: TensorModule[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }

  /** Feeds x through every layer in order. */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.layers) y = m.forward(y);
    return y;
  }
}
