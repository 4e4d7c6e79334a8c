// The vocabulary of recurrent layers, defined once for everything that builds one (nn's modules,
// bptt's hand-written layers) and matching the cell kernels' memory layout: PyTorch's mode names,
// its gate order, and its parameter names and shapes. It lives here because both nn (through
// autograd) and bptt sit on the kernels, and the kernels fix the gate order in memory.

/** The recurrent cell kinds, by PyTorch's mode names (torch.nn.RNNBase.mode). */
export type RecurrentMode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";

/**
 * Where each gate's block sits among the G blocks of H rows in the weights and biases (and H
 * columns of a step's [B, G·H] pre-activation): PyTorch's order, which the cell kernels share.
 */
export const LSTM_GATE = { i: 0, f: 1, g: 2, o: 3 } as const;
export const GRU_GATE = { r: 0, z: 1, n: 2 } as const;

/** Gate blocks per mode. */
export const GATE_COUNT: Readonly<Record<RecurrentMode, number>> = {
  RNN_TANH: 1,
  RNN_RELU: 1,
  LSTM: Object.keys(LSTM_GATE).length,
  GRU: Object.keys(GRU_GATE).length,
};

/** One layer's (one direction's) parameters, in PyTorch's named_parameters() order. */
export const PARAM_NAMES = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export interface RecurrentLayerShape {
  mode: RecurrentMode;
  inputSize: number;
  hiddenSize: number;
  bias: boolean;
}

/** A parameter's shape ([G·H, I], [G·H, H], [G·H], [G·H]), or null when the layer has no bias. */
export function paramShape(name: ParamName, layer: RecurrentLayerShape): number[] | null {
  const GH = GATE_COUNT[layer.mode] * layer.hiddenSize;
  switch (name) {
    case "weight_ih": return [GH, layer.inputSize];
    case "weight_hh": return [GH, layer.hiddenSize];
    default: return layer.bias ? [GH] : null;
  }
}

/** PyTorch's name of a parameter of layer `index` of a stack: weight_ih_l0, bias_hh_l1_reverse. */
export function stackedParamName(name: ParamName, index: number, reverse: boolean): string {
  return `${name}_l${index}${reverse ? "_reverse" : ""}`;
}
