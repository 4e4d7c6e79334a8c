// Element-wise activations as modules, for Sequential (PyTorch nn.ReLU, nn.Tanh, nn.Sigmoid).
import { relu, sigmoid, tanh, type Tensor } from "@tapegrad/autograd";
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
