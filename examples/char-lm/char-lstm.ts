/**
 * The character model: Embedding → multi-layer LSTM → Linear to one logit per character.
 * The recurrent state is handed in and out explicitly as plain arrays rather than with the
 * layer's `stateful` option: training, validation and the sampler each need their own state
 * at the same time, and plain arrays are detached by construction (truncated BPTT).
 */
import { Generator, tensor, type Tensor } from "@tapegrad/autograd";
import { Embedding, LSTM, Linear, Module } from "@tapegrad/nn";

export interface CharLstmConfig {
  vocab: number;
  embed: number;
  hidden: number;
  layers: number;
  seed: number;
}

/** h and c of every layer, [layers, batch, hidden] each, with no autograd history. */
export interface CarriedState {
  batch: number;
  h: Float32Array | Float64Array;
  c: Float32Array | Float64Array;
}

export class CharLstm extends Module {
  readonly embedding: Embedding;
  readonly lstm: LSTM;
  readonly head: Linear;

  constructor(readonly config: CharLstmConfig) {
    super();
    const generator = new Generator(config.seed);
    this.embedding = this.registerModule("embedding", new Embedding(config.vocab, config.embed, { generator }));
    this.lstm = this.registerModule("lstm", new LSTM(config.embed, config.hidden, { numLayers: config.layers, batchFirst: true, generator }));
    this.head = this.registerModule("head", new Linear(config.hidden, config.vocab, { generator }));
  }

  /**
   * ids [batch, steps] (row-major) → logits [batch·steps, vocab] and the final state, detached.
   * A missing state starts from zeros.
   */
  forward(ids: ArrayLike<number>, batch: number, state?: CarriedState): { logits: Tensor; state: CarriedState } {
    const { hidden, layers, embed, vocab } = this.config;
    if (ids.length % batch !== 0 || ids.length === 0) throw new Error(`CharLstm: expected ids [batch ${batch}, steps], got ${ids.length} ids`);
    if (state && state.batch !== batch) throw new Error(`CharLstm: the carried state is for batch ${state.batch}, the input has batch ${batch}`);
    const steps = ids.length / batch;
    const x = this.embedding.forward(ids).reshape([batch, steps, embed]);
    const shape = [layers, batch, hidden];
    const init = state ? { h0: tensor(state.h, { shape }), c0: tensor(state.c, { shape }) } : {};
    const { output, hN, cN } = this.lstm.forward(x, init);
    const logits = this.head.forward(output.reshape([batch * steps, hidden]));
    if (logits.shape[1] !== vocab) throw new Error(`CharLstm: head gave ${logits.shape[1]} logits, expected ${vocab}`);
    return { logits, state: { batch, h: hN.data(), c: cN.data() } };
  }
}
