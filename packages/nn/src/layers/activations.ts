// Element-wise activations as modules, for Sequential (PyTorch nn.ReLU, nn.Tanh, nn.Sigmoid, nn.GELU).
import { gelu, geluApproximation, relu, sigmoid, tanh, type GeluOptions, type Tensor } from "@tapegrad/autograd";
import { Module } from "../module";

export class ReLU extends Module {
  protected override moduleConfig() {
    return { type: "ReLU", config: {} };
  }

  /** max(x, 0). */
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Tanh extends Module {
  protected override moduleConfig() {
    return { type: "Tanh", config: {} };
  }

  /** tanh(x). */
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Sigmoid extends Module {
  protected override moduleConfig() {
    return { type: "Sigmoid", config: {} };
  }

  /** 1 / (1 + e^−x). */
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class GELU extends Module {
  readonly approximate: "none" | "tanh";

  /** PyTorch's nn.GELU(approximate="none" | "tanh"). */
  constructor(options: GeluOptions = {}) {
    super();
    this.approximate = geluApproximation("GELU", options);
  }

  protected override moduleConfig() {
    return { type: "GELU", config: { approximate: this.approximate } };
  }

  /** x·Φ(x), or ½x(1 + tanh(√(2/π)(x + 0.044715x³))) with approximate "tanh". */
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
}
