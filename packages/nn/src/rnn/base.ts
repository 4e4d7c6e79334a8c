// RNNBase: the one place that creates, names and initialises recurrent parameters, checks inputs,
// and runs the (multi-layer, optionally bidirectional, optionally masked) recurrence.
// RNN, LSTM and GRU only choose a mode (PyTorch's torch/nn/modules/rnn.py shape).
import { cat, dropout, isGradEnabled, linear, scope, stack, tensor, zeros, type Generator, type Tensor, checkOptions, type OptionSpec } from "@tapegrad/autograd";
import { checkParamsFit, checkSizeArg, PARAM_OPTIONS, uniformParam, type ParamOptions } from "../init";
import type { ConfigValue } from "../model/spec";
import { Module } from "../module";
import { backendName } from "../util";
import { PARAM_NAMES, paramShape, stackedParamName, type ParamName } from "@tapegrad/kernels";
import { cellStep, type CellState, type Mode } from "./cells";
import { checkRecurrentInput, type Checked } from "./checks";
import type { RecurrentInput, RecurrentOutput } from "./io";

export type { RecurrentInput, RecurrentOutput };
import { stepMasks } from "./masks";

export interface RNNBaseOptions extends ParamOptions {
  numLayers?: number;
  bias?: boolean;
  /** Input and output are [batch, seq, feature] instead of [seq, batch, feature] (states never are). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode only. */
  dropout?: number;
  bidirectional?: boolean;
  /**
   * Carry the final state into the next forward call (detached, so gradients stop there):
   * truncated BPTT over a long series. An explicit h0 overrides it; resetState() forgets it.
   */
  stateful?: boolean;
  /**
   * Run the element-wise part of each LSTM/GRU step as one fused op (default true); false uses
   * the plain-op cell, the reference the fused ops are tested against.
   */
  fusedCells?: boolean;
  /**
   * LSTM only (PyTorch's proj_size): h_t = W_hr (o ⊙ tanh c_t), projected to this size with
   * weight_hr_l{k} [projSize, hiddenSize]; 0 (default) for none. h states and outputs have
   * projSize features, c states hiddenSize.
   */
  projSize?: number;
}

/** The option kinds of RNNBaseOptions (RNN adds nonlinearity). */
export const RNN_BASE_OPTIONS: OptionSpec<RNNBaseOptions> = {
  ...PARAM_OPTIONS,
  numLayers: "any", // checked as a size below, with the layer's wording
  bias: "boolean",
  batchFirst: "boolean",
  dropout: "number",
  bidirectional: "boolean",
  stateful: "boolean",
  fusedCells: "boolean",
  projSize: "any", // checked below with PyTorch's wording
};

interface LayerWeights {
  wih: Tensor;
  whh: Tensor;
  bih: Tensor | null;
  bhh: Tensor | null;
  /** weight_hr [projSize, H] (LSTM with projSize > 0). */
  whr: Tensor | null;
}

export class RNNBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly stateful: boolean;
  readonly fusedCells: boolean;
  /** PyTorch's proj_size (0: no projection). */
  readonly projSize: number;
  readonly generator: Generator | undefined;
  /** weights[layer][direction], in PyTorch's parameter order. */
  protected readonly weights: LayerWeights[][] = [];
  // Kept as plain arrays, not tensors, so the carried state outlives any scope() of the caller.
  private carried: { hShape: number[]; h: ArrayLike<number>; cShape: number[]; c: ArrayLike<number> | null } | null = null;

  constructor(readonly mode: Mode, readonly inputSize: number, readonly hiddenSize: number, options: RNNBaseOptions = {}, extraOptions: Record<string, "string"> = {}) {
    super();
    const name = this.constructor.name;
    const opts = checkOptions(name, options, { ...RNN_BASE_OPTIONS, ...extraOptions });
    this.numLayers = opts.numLayers ?? 1;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    this.stateful = opts.stateful ?? false;
    this.fusedCells = opts.fusedCells ?? true;
    this.generator = opts.generator;
    checkSizeArg(name, "inputSize", inputSize, 1);
    checkSizeArg(name, "hiddenSize", hiddenSize, 1);
    checkSizeArg(name, "numLayers", this.numLayers, 1);
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new Error(`${name}: dropout must be a number in [0, 1], got ${this.dropout}`);
    const P = opts.projSize ?? 0;
    if (typeof P !== "number" || !Number.isInteger(P) || P < 0) throw new Error(`${name}: proj_size should be a positive integer or zero to disable projections (projSize ${String(P)})`);
    if (P > 0 && mode !== "LSTM") throw new Error(`${name}: proj_size argument is only supported for LSTM, not RNN or GRU`);
    if (P >= hiddenSize) throw new Error(`${name}: proj_size has to be smaller than hidden_size (projSize ${P}, hiddenSize ${hiddenSize})`);
    this.projSize = P;
    const realHidden = P > 0 ? P : hiddenSize;

    // PyTorch: every weight and bias U(−1/√H, 1/√H), drawn in named_parameters() order.
    const bound = 1 / Math.sqrt(hiddenSize);
    const D = this.bidirectional ? 2 : 1;
    // Every parameter's name and shape, in named_parameters() order, checked to fit before any is made.
    const shapes: Record<string, number[]> = {};
    for (let l = 0; l < this.numLayers; l++) {
      const layer = { mode, inputSize: l === 0 ? inputSize : D * realHidden, hiddenSize, bias: this.bias };
      for (let d = 0; d < D; d++) {
        for (const n of PARAM_NAMES) {
          const s = paramShape(n, layer);
          // With a projection the recurrent input is the projected h: W_hh is [4H, P].
          if (s) shapes[stackedParamName(n, l, d === 1)] = n === "weight_hh" && P > 0 ? [s[0], P] : s;
        }
        if (P > 0) shapes[`weight_hr_l${l}${d === 1 ? "_reverse" : ""}`] = [P, hiddenSize];
      }
    }
    checkParamsFit(name, shapes, opts);
    for (let l = 0; l < this.numLayers; l++) {
      const layer: LayerWeights[] = [];
      for (let d = 0; d < D; d++) {
        const param = (n: ParamName): Tensor | null => {
          const full = stackedParamName(n, l, d === 1);
          return shapes[full] ? this.registerParameter(full, uniformParam(shapes[full], bound, opts)) : null;
        };
        const wih = param("weight_ih")!, whh = param("weight_hh")!, bih = param("bias_ih"), bhh = param("bias_hh");
        const hr = `weight_hr_l${l}${d === 1 ? "_reverse" : ""}`;
        const whr = shapes[hr] ? this.registerParameter(hr, uniformParam(shapes[hr], bound, opts)) : null;
        layer.push({ wih, whh, bih, bhh, whr });
      }
      this.weights.push(layer);
    }
  }

  /** PyTorch's class (RNN, LSTM, GRU) and constructor options; `stateful` is how it is called, not what it computes. */
  protected override moduleConfig() {
    const config: Record<string, ConfigValue> = {
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      numLayers: this.numLayers,
      bias: this.bias,
      batchFirst: this.batchFirst,
      dropout: this.dropout,
      bidirectional: this.bidirectional,
    };
    if (this.projSize > 0) config.projSize = this.projSize;
    if (this.mode === "RNN_TANH" || this.mode === "RNN_RELU") config.nonlinearity = this.mode === "RNN_TANH" ? "tanh" : "relu";
    return { type: this.mode.startsWith("RNN") ? "RNN" : this.mode, config };
  }

  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Features of h and of each direction's output: projSize when projecting, else hiddenSize. */
  get outputSize(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  /** Forgets the carried state of a stateful layer (start of a new series). */
  resetState(): void {
    this.carried = null;
  }

  /** Runs the whole sequence; see RecurrentInput / RecurrentOutput. */
  protected run(input: Tensor, opts: RecurrentInput = {}): RecurrentOutput {
    const chk = checkRecurrentInput(this, input, opts, this.carriedFor(input));
    const { T, B, unbatched } = chk;
    const H = this.hiddenSize;
    const HO = this.outputSize;
    const D = this.numDirections;
    const isLstm = this.mode === "LSTM";
    const recording = isGradEnabled();

    let seq = chk.x;
    if (this.batchFirst && !unbatched) seq = seq.transpose(0, 1);
    // [T, B, F] throughout: linear projects the last axis and each step selects its row block.
    let layerIn = seq;
    const masks = stepMasks(chk.lengths, T, B, backendName(input));
    const finals: CellState[] = [];
    for (let l = 0; l < this.numLayers; l++) {
      if (l > 0 && this.training && this.dropout > 0) {
        layerIn = dropout(layerIn, this.dropout, { training: true, generator: this.generator });
      }
      const dirOut: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const w = this.weights[l][d];
        // The input projection of every step in one matmul, before the recurrence.
        const bias = w.bih && w.bhh ? (this.mode === "GRU" ? w.bih : w.bih.add(w.bhh)) : null;
        const xp = linear(layerIn, w.wih, bias);
        const stepW = { whh: w.whh, bhh: this.mode === "GRU" ? w.bhh : null };
        let state: CellState = this.initialState(chk, l * D + d, B);
        const outs: Tensor[] = new Array(T);
        for (let s = 0; s < T; s++) {
          const t = d === 1 ? T - 1 - s : s;
          const prev = state;
          const step = (): { out: Tensor; next: CellState } => {
            const next = cellStep(this.mode, xp.select(0, t), prev, stepW, H, this.fusedCells);
            if (w.whr) next.h = linear(next.h, w.whr); // h_t = W_hr (o ⊙ tanh c_t)
            const m = masks?.[t];
            if (!m) return { out: next.h, next };
            // Padded rows keep the previous state exactly (m·new + (1−m)·old with m ∈ {0, 1} is
            // exact) and pass no gradient to this step; their output rows are zero.
            const out = next.h.mul(m.keep);
            next.h = out.add(prev.h.mul(m.hold));
            if (isLstm) next.c = (next.c as Tensor).mul(m.keep).add((prev.c as Tensor).mul(m.hold));
            return { out, next };
          };
          // Without a tape nothing needs a step's gates afterwards: free them step by step.
          const r = recording ? step() : scope(step);
          outs[t] = r.out;
          state = r.next;
        }
        finals.push(state);
        dirOut.push(stack(outs, 0));
      }
      layerIn = D === 1 ? dirOut[0] : cat(dirOut, 2);
    }

    let output = layerIn;
    if (this.batchFirst && !unbatched) output = output.transpose(0, 1);
    let hN = stack(finals.map((s) => s.h), 0);
    let cN = isLstm ? stack(finals.map((s) => s.c as Tensor), 0) : undefined;
    if (this.stateful) this.carry(hN, cN ?? null);
    if (unbatched) {
      output = output.reshape([T, D * HO]);
      hN = hN.reshape([this.numLayers * D, HO]);
      cN = cN?.reshape([this.numLayers * D, H]);
    }
    return isLstm ? { output, hN, cN } : { output, hN };
  }

  private initialState(chk: Checked, index: number, B: number): CellState {
    const pick = (s: Tensor | null, H: number): Tensor =>
      s ? s.narrow(0, index, 1).reshape([B, H]) : zeros([B, H], { backend: backendName(chk.x) });
    return { h: pick(chk.h0, this.outputSize), c: this.mode === "LSTM" ? pick(chk.c0, this.hiddenSize) : null };
  }

  /** The carried state of a stateful layer as fresh constant tensors (no history). */
  private carriedFor(input: Tensor): { h: Tensor; c: Tensor | null } | null {
    if (!this.stateful || !this.carried) return null;
    const { hShape, h, cShape, c } = this.carried;
    const backend = backendName(input);
    return { h: tensor(h, { backend, shape: hShape }), c: c ? tensor(c, { backend, shape: cShape }) : null };
  }

  private carry(hN: Tensor, cN: Tensor | null): void {
    this.carried = { hShape: [...hN.shape], h: hN.data(), cShape: cN ? [...cN.shape] : [], c: cN ? cN.data() : null };
  }

  /** The sizes and non-default options, like PyTorch's repr: "LSTM(3, 5, numLayers=2)". */
  protected override extraRepr(): string {
    const extra = [
      this.numLayers !== 1 ? `numLayers=${this.numLayers}` : "",
      !this.bias ? "bias=false" : "",
      this.batchFirst ? "batchFirst=true" : "",
      this.dropout ? `dropout=${this.dropout}` : "",
      this.bidirectional ? "bidirectional=true" : "",
      this.projSize ? `projSize=${this.projSize}` : "",
    ].filter(Boolean);
    return [this.inputSize, this.hiddenSize, ...extra].join(", ");
  }
}
