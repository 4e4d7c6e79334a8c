/**
 * Decoder, one step at a time: GRUCell over [embedding of the previous token; previous attentional
 * state] ("input feeding", so the cell knows what it attended to last), then Luong attention with
 * the new state as query, then attentional state = tanh(combine([context; h])) and logits from it.
 * Without attention the same path runs with no context: the decoder only has the bridge's start
 * state to go on, which is the comparison the example draws.
 */
import { cat, zeros, type Tensor } from "@tapegrad/autograd";
import { Attention, type AttentionMemory, Embedding, GRUCell, Linear, Module } from "@tapegrad/nn";
import type { BuildOptions, Seq2SeqConfig } from "./seq2seq-config.ts";

export interface DecoderState {
  /** GRU state [B, decoderHidden]. */
  h: Tensor;
  /** Attentional state fed into the next step [B, decoderHidden]. */
  feed: Tensor;
}

export interface DecoderStep {
  /** [B, vocabSize] scores of the next token. */
  logits: Tensor;
  state: DecoderState;
  /** [B, S] attention weights of this step; null without attention. */
  weights: Tensor | null;
}

export class DateDecoder extends Module {
  readonly embedding: Embedding;
  readonly cell: GRUCell;
  readonly attention: Attention | null;
  readonly combine: Linear;
  readonly out: Linear;

  constructor(readonly cfg: Seq2SeqConfig, opts: BuildOptions = {}) {
    super();
    const Hd = cfg.decoderHidden;
    const memoryDim = 2 * cfg.encoderHidden;
    this.embedding = this.registerModule("embedding", new Embedding(cfg.vocabSize, cfg.embeddingDim, opts));
    this.cell = this.registerModule("cell", new GRUCell(cfg.embeddingDim + Hd, Hd, opts));
    this.attention = cfg.attention ? this.registerModule("attention", new Attention(Hd, memoryDim, { ...opts, score: "general" })) : null;
    this.combine = this.registerModule("combine", new Linear((cfg.attention ? memoryDim : 0) + Hd, Hd, opts));
    this.out = this.registerModule("out", new Linear(Hd, cfg.vocabSize, opts));
  }

  /** The state before the first step: the encoder's bridge state and a zero attentional state. */
  initialState(h0: Tensor): DecoderState {
    return { h: h0, feed: zeros([...h0.shape], { backend: h0.backend.name }) };
  }

  /** Embeddings of a time-major id block [T·B] → [T·B, embeddingDim] (one lookup for all steps). */
  embed(ids: ArrayLike<number>): Tensor {
    return this.embedding.forward(ids);
  }

  /** One step from the embedded previous tokens x [B, embeddingDim]. */
  step(x: Tensor, state: DecoderState, mem: AttentionMemory | null): DecoderStep {
    if (this.attention && !mem) throw new Error("DateDecoder.step: this decoder attends, so it needs the encoder memory; got null");
    const h = this.cell.forward(cat([x, state.feed], 1), state.h);
    let weights: Tensor | null = null;
    let combined = h;
    if (this.attention && mem) {
      const att = this.attention.forward(h, mem);
      weights = att.weights;
      combined = cat([att.context, h], 1);
    }
    const feed = this.combine.forward(combined).tanh();
    return { logits: this.out.forward(feed), state: { h, feed }, weights };
  }
}
