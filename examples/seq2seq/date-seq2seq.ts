/**
 * The whole encoder–decoder and its training loss. Teacher forcing: step t is fed the true token
 * t−1 (BOS first), so every step learns from a correct prefix; cross-entropy over all steps with
 * PAD ignored.
 */
import { type AttentionMemory, crossEntropy, Module } from "@tapegrad/nn";
import { stack, type Tensor } from "@tapegrad/autograd";
import type { Seq2SeqBatch } from "./date-batches.ts";
import { DateDecoder, type DecoderState } from "./date-decoder.ts";
import { DateEncoder } from "./date-encoder.ts";
import { type BuildOptions, checkConfig, type Seq2SeqConfig } from "./seq2seq-config.ts";
import { PAD, type PaddedBatch } from "./seq-tokenizer.ts";

export class DateSeq2Seq extends Module {
  readonly encoder: DateEncoder;
  readonly decoder: DateDecoder;

  constructor(readonly cfg: Seq2SeqConfig, opts: BuildOptions = {}) {
    super();
    checkConfig(cfg);
    this.encoder = this.registerModule("encoder", new DateEncoder(cfg, opts));
    this.decoder = this.registerModule("decoder", new DateDecoder(cfg, opts));
  }

  /** Encodes a padded source batch: the attention memory (null without attention) and start state. */
  encode(src: PaddedBatch): { mem: AttentionMemory | null; state: DecoderState } {
    const { memory, h0 } = this.encoder.forward(src);
    const att = this.decoder.attention;
    const mem = att ? att.prepare(memory, { lengths: src.lengths }) : null;
    return { mem, state: this.decoder.initialState(h0) };
  }

  /** Teacher-forced logits [B, T, vocabSize]. */
  teacherForcedLogits(batch: Seq2SeqBatch): Tensor {
    const B = batch.src.batch;
    let { mem, state } = this.encode(batch.src);
    const embedded = this.decoder.embed(batch.decoderInput);
    const logits: Tensor[] = [];
    for (let t = 0; t < batch.steps; t++) {
      const step = this.decoder.step(embedded.narrow(0, t * B, B), state, mem);
      logits.push(step.logits);
      state = step.state;
    }
    return stack(logits, 1);
  }

  /** Mean cross-entropy per real target token (PAD ignored). */
  loss(batch: Seq2SeqBatch): Tensor {
    return crossEntropy(this.teacherForcedLogits(batch), targetsByRow(batch), { ignoreIndex: PAD });
  }
}

/** decoderTarget as nested [B][T] ids, the shape crossEntropy checks against [B, T, V]. */
function targetsByRow(batch: Seq2SeqBatch): number[][] {
  const T = batch.steps;
  return Array.from({ length: batch.src.batch }, (_, b) => Array.from(batch.decoderTarget.subarray(b * T, (b + 1) * T)));
}
