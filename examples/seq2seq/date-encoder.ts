/**
 * Encoder: character embeddings → bidirectional GRU over the padded batch with its lengths (padded
 * steps neither change the state nor produce output), plus a bridge from the two final states to
 * the decoder's initial state.
 */
import { cat, type Tensor } from "@tapegrad/autograd";
import { Embedding, GRU, Linear, Module } from "@tapegrad/nn";
import type { BuildOptions, Seq2SeqConfig } from "./seq2seq-config.ts";
import type { PaddedBatch } from "./seq-tokenizer.ts";

export interface EncodedBatch {
  /** [B, S, 2·encoderHidden]: forward and backward outputs side by side; zero at padding. */
  memory: Tensor;
  /** [B, decoderHidden]: tanh(bridge([h_fwd; h_bwd])), the decoder's first state. */
  h0: Tensor;
}

export class DateEncoder extends Module {
  readonly embedding: Embedding;
  readonly gru: GRU;
  readonly bridge: Linear;

  constructor(cfg: Seq2SeqConfig, opts: BuildOptions = {}) {
    super();
    this.embedding = this.registerModule("embedding", new Embedding(cfg.vocabSize, cfg.embeddingDim, opts));
    this.gru = this.registerModule("gru", new GRU(cfg.embeddingDim, cfg.encoderHidden, { ...opts, batchFirst: true, bidirectional: true }));
    this.bridge = this.registerModule("bridge", new Linear(2 * cfg.encoderHidden, cfg.decoderHidden, opts));
  }

  /** Padded source ids [B, S] with their lengths → memory and decoder start state. */
  forward(src: PaddedBatch): EncodedBatch {
    const { ids, batch: B, maxLength: S, lengths } = src;
    if (ids.length !== B * S) throw new Error(`DateEncoder: expected ${B}×${S} = ${B * S} ids, got ${ids.length}`);
    const x = this.embedding.forward(ids).reshape([B, S, this.embedding.embeddingDim]);
    const { output, hN } = this.gru.forward(x, { lengths });
    const H = this.gru.hiddenSize;
    // hN [2, B, H]: the forward direction's state after each row's last real step, and the
    // backward direction's after reading back to the start.
    const both = cat([hN.narrow(0, 0, 1).reshape([B, H]), hN.narrow(0, 1, 1).reshape([B, H])], 1);
    return { memory: output, h0: this.bridge.forward(both).tanh() };
  }
}
