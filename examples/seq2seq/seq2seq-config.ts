/** Sizes of the date encoder–decoder, in one place so the model, its checkpoint and the CLI agree. */
import type { BackendName, Generator } from "@tapegrad/autograd";

export interface Seq2SeqConfig {
  /** Tokenizer size (PAD, BOS, EOS and the characters); source and target share it. */
  vocabSize: number;
  /** Width of the character embeddings (encoder and decoder each have their own table). */
  embeddingDim: number;
  /** Hidden size of each direction of the bidirectional encoder GRU. */
  encoderHidden: number;
  /** Hidden size of the decoder GRUCell (and of the attentional state it feeds back). */
  decoderHidden: number;
  /** Luong "general" attention over the encoder outputs, or none (final encoder state only). */
  attention: boolean;
}

/** Where parameters live and how they are drawn (the tests use the float64 js backend). */
export interface BuildOptions {
  backend?: BackendName;
  generator?: Generator;
}

/** Throws naming the first size that is not a positive integer. */
export function checkConfig(cfg: Seq2SeqConfig): void {
  for (const key of ["vocabSize", "embeddingDim", "encoderHidden", "decoderHidden"] as const) {
    const v = cfg[key];
    if (!Number.isInteger(v) || v <= 0) throw new Error(`Seq2SeqConfig: expected ${key} to be a positive integer, got ${v}`);
  }
}
