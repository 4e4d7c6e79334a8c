// Single-step cells (PyTorch RNNCell, LSTMCell, GRUCell): the same cellStep as the sequence layers,
// with the input projection of just one step.
import { linear, zeros, type Tensor, checkOptions } from "@tapegrad/autograd";
import { checkParamsFit, checkSizeArg, PARAM_OPTIONS, uniformParam, type ParamOptions } from "../init";
import type { ConfigValue } from "../model/spec";
import { Module } from "../module";
import { backendName, checkTensorArg, shapeStr } from "../util";
import { PARAM_NAMES, paramShape, type ParamName } from "@tapegrad/kernels";
import { cellStep, type CellState, type Mode } from "./cells";

export interface CellOptions extends ParamOptions {
  bias?: boolean;
  /** The fused LSTM/GRU step op (default true) or the plain-op reference cell. */
  fusedCells?: boolean;
}

/** Shared parameters (weight_ih, weight_hh, bias_ih, bias_hh) and checks of the cells. */
export class RNNCellBase extends Module {
  readonly weight_ih: Tensor;
  readonly weight_hh: Tensor;
  readonly bias_ih: Tensor | null;
  readonly bias_hh: Tensor | null;
  readonly fusedCells: boolean;

  constructor(readonly mode: Mode, readonly inputSize: number, readonly hiddenSize: number, options: CellOptions = {}, extraOptions: Record<string, "string"> = {}) {
    super();
    const name = this.constructor.name;
    const opts = checkOptions(name, options, { ...PARAM_OPTIONS, bias: "boolean", fusedCells: "boolean", ...extraOptions });
    checkSizeArg(name, "inputSize", inputSize, 1);
    checkSizeArg(name, "hiddenSize", hiddenSize, 1);
    const shape = { mode, inputSize, hiddenSize, bias: opts.bias ?? true };
    const shapes: Record<string, number[]> = {};
    for (const n of PARAM_NAMES) { const s = paramShape(n, shape); if (s) shapes[n] = s; }
    checkParamsFit(name, shapes, opts);
    const bound = 1 / Math.sqrt(hiddenSize);
    const param = (n: ParamName): Tensor | null => (shapes[n] ? this.registerParameter(n, uniformParam(shapes[n], bound, opts)) : null);
    this.weight_ih = param("weight_ih")!;
    this.weight_hh = param("weight_hh")!;
    this.bias_ih = param("bias_ih");
    this.bias_hh = param("bias_hh");
    this.fusedCells = opts.fusedCells ?? true;
  }

  protected override moduleConfig() {
    const config: Record<string, ConfigValue> = { inputSize: this.inputSize, hiddenSize: this.hiddenSize, bias: this.bias_ih !== null };
    if (this.mode === "RNN_TANH" || this.mode === "RNN_RELU") config.nonlinearity = this.mode === "RNN_TANH" ? "tanh" : "relu";
    return { type: `${this.mode.startsWith("RNN") ? "RNN" : this.mode}Cell`, config };
  }

  /** Runs one step; x [B, input] or [input], states [B, hidden] or [hidden]. */
  protected step(x: Tensor, h: Tensor | undefined, c: Tensor | undefined): CellState {
    const name = this.constructor.name;
    checkTensorArg(name, "input", x);
    if (h !== undefined) checkTensorArg(name, "hidden state", h);
    if (c !== undefined) checkTensorArg(name, "cell state", c);
    if (x.ndim !== 1 && x.ndim !== 2) throw new Error(`${name}: Expected input to be 1D or 2D, got ${x.ndim}D instead`);
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new Error(`${name}: input has inconsistent input_size: got ${x.shape[x.ndim - 1]} expected ${this.inputSize}`);
    }
    const unbatched = x.ndim === 1;
    const B = unbatched ? 1 : x.shape[0];
    const H = this.hiddenSize;
    const expected = unbatched ? [H] : [B, H];
    const prep = (s: Tensor | undefined, which: string): Tensor => {
      if (!s) return zeros([B, H], { backend: backendName(x) });
      if (s.ndim !== expected.length || s.shape.some((d, i) => d !== expected[i])) {
        throw new Error(`${name}: Expected ${which} size ${shapeStr(expected)}, got ${shapeStr(s.shape)}`);
      }
      return unbatched ? s.reshape([1, H]) : s;
    };
    const h0 = prep(h, "hidden");
    const c0 = this.mode === "LSTM" ? prep(c, "cell state") : null;
    const x2 = unbatched ? x.reshape([1, this.inputSize]) : x;
    const bias = this.bias_ih && this.bias_hh ? (this.mode === "GRU" ? this.bias_ih : this.bias_ih.add(this.bias_hh)) : null;
    const xp = linear(x2, this.weight_ih, bias);
    const out = cellStep(this.mode, xp, { h: h0, c: c0 }, { whh: this.weight_hh, bhh: this.mode === "GRU" ? this.bias_hh : null }, H, this.fusedCells);
    if (!unbatched) return out;
    return { h: out.h.reshape([H]), c: out.c ? out.c.reshape([H]) : null };
  }
}

export class RNNCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions & { nonlinearity?: "tanh" | "relu" } = {}) {
    const nl = opts?.nonlinearity ?? "tanh";
    if (nl !== "tanh" && nl !== "relu") throw new Error(`RNNCell: Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`);
    super(nl === "tanh" ? "RNN_TANH" : "RNN_RELU", inputSize, hiddenSize, opts, { nonlinearity: "string" });
  }

  /** h' = act(W_ih x + b_ih + W_hh h + b_hh); h defaults to zeros. */
  forward(x: Tensor, h?: Tensor): Tensor {
    return this.step(x, h, undefined).h;
  }
}

export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super("LSTM", inputSize, hiddenSize, opts);
  }

  /** [h', c'] from x and [h, c] (zeros when absent). */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, Tensor] {
    const out = this.step(x, state?.[0], state?.[1]);
    return [out.h, out.c as Tensor];
  }
}

export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super("GRU", inputSize, hiddenSize, opts);
  }

  /** h' from x and h (zeros when absent). */
  forward(x: Tensor, h?: Tensor): Tensor {
    return this.step(x, h, undefined).h;
  }
}
