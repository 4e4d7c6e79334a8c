// One recurrent layer's parameters and their gradients, in PyTorch's layout and names
// (weight_ih [G·H, I], weight_hh [G·H, H], bias_ih [G·H], bias_hh [G·H]; gate blocks of H rows).
import { GATE_COUNT, PARAM_NAMES, paramShape, type ParamName, type RecurrentMode } from "@tapegrad/kernels";
import type { Ops } from "./ops/ops";

export { PARAM_NAMES, type ParamName };

/** The shared recurrent modes (@tapegrad/kernels' RecurrentMode), spelt in lower case here. */
export type Mode = Lowercase<RecurrentMode>;

const MODE_OF: Record<Mode, RecurrentMode> = { rnn_tanh: "RNN_TANH", rnn_relu: "RNN_RELU", lstm: "LSTM", gru: "GRU" };

/** Gate blocks per mode: RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n). */
export const GATES = Object.fromEntries(Object.entries(MODE_OF).map(([m, M]) => [m, GATE_COUNT[M]])) as Record<Mode, number>;

export interface LayerConfig {
  mode: Mode;
  inputSize: number;
  hiddenSize: number;
  /** Default true, as in PyTorch. */
  bias?: boolean;
}

export interface Params<A> {
  weight_ih: A;
  weight_hh: A;
  bias_ih: A | null;
  bias_hh: A | null;
}

/** Parameters and gradient buffers of one layer, one direction. */
export class Layer<A> {
  readonly mode: Mode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  /** Number of gate blocks G. */
  readonly gates: number;
  readonly params: Params<A>;
  /** dL/d(each parameter); backward accumulates into these. */
  readonly grads: Params<A>;

  constructor(readonly ops: Ops<A>, config: LayerConfig) {
    const { mode, inputSize, hiddenSize } = config;
    if (!(mode in GATES)) throw new Error(`Layer: mode must be one of ${Object.keys(GATES).join(", ")}, got ${String(mode)}`);
    for (const [name, v] of [["inputSize", inputSize], ["hiddenSize", hiddenSize]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`Layer: ${name} must be a positive integer, got ${String(v)}`);
    }
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = config.bias ?? true;
    this.gates = GATES[mode];
    this.params = this.allocParams();
    this.grads = this.allocParams();
  }

  /** The shape of a parameter, or null if this layer has no such parameter. */
  shape(name: ParamName): number[] | null {
    return paramShape(name, { mode: MODE_OF[this.mode], inputSize: this.inputSize, hiddenSize: this.hiddenSize, bias: this.bias });
  }

  /** The parameter names this layer has, in PyTorch's named_parameters() order. */
  names(): ParamName[] {
    return PARAM_NAMES.filter((n) => this.shape(n) !== null);
  }

  /** Copies values into parameter `name`. */
  load(name: ParamName, values: ArrayLike<number>): void {
    const p = this.params[name];
    if (!p) throw new Error(`Layer.load: this ${this.mode} layer has no ${name} (bias = false)`);
    this.ops.write(p, values);
  }

  zeroGrad(): void {
    for (const n of this.names()) this.ops.fill(this.grads[n]!, 0);
  }

  /** Frees parameters and gradients. */
  dispose(): void {
    for (const n of this.names()) {
      this.ops.free(this.params[n]!);
      this.ops.free(this.grads[n]!);
    }
  }

  private allocParams(): Params<A> {
    const make = (n: ParamName): A | null => {
      const s = this.shape(n);
      return s ? this.ops.alloc(s.reduce((a, b) => a * b, 1)) : null;
    };
    return { weight_ih: make("weight_ih")!, weight_hh: make("weight_hh")!, bias_ih: make("bias_ih"), bias_hh: make("bias_hh") };
  }
}
