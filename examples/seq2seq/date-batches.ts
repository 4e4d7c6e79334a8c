/**
 * Training batches for the encoder–decoder: padded sources with lengths, decoder inputs
 * (BOS + target, time-major so each step's rows are one contiguous block) and decoder targets
 * (target + EOS, batch-major to line up with logits stacked as [B, T, V]), PAD elsewhere.
 */
import { SeededRng } from "../shared/rng.ts";
import type { DatePair } from "./date-pairs.ts";
import { BOS, EOS, PAD, type PaddedBatch, type SeqTokenizer, padBatch } from "./seq-tokenizer.ts";

export interface Seq2SeqBatch {
  src: PaddedBatch;
  /** [T·B] time-major: row t·B + b is the token fed to step t of sequence b. */
  decoderInput: Int32Array;
  /** [B·T] batch-major: the token step t of sequence b must predict (PAD = ignore). */
  decoderTarget: Int32Array;
  /** Decoder steps T (longest target + 1 for EOS). */
  steps: number;
  pairs: DatePair[];
}

/** One batch from pairs (any order). */
export function makeBatch(pairs: readonly DatePair[], tok: SeqTokenizer): Seq2SeqBatch {
  if (pairs.length === 0) throw new Error("makeBatch: expected at least one pair, got none");
  const src = padBatch(pairs.map((p) => tok.encode(p.source, { eos: true })));
  const targets = pairs.map((p) => tok.encode(p.target));
  const B = pairs.length;
  const T = Math.max(...targets.map((t) => t.length)) + 1;
  const decoderInput = new Int32Array(T * B).fill(PAD);
  const decoderTarget = new Int32Array(B * T).fill(PAD);
  targets.forEach((t, b) => {
    decoderInput[b] = BOS;
    for (let i = 0; i < t.length; i++) {
      decoderInput[(i + 1) * B + b] = t[i];
      decoderTarget[b * T + i] = t[i];
    }
    decoderTarget[b * T + t.length] = EOS;
  });
  return { src, decoderInput, decoderTarget, steps: T, pairs: [...pairs] };
}

/**
 * Shuffled batches of similar source length: pairs are shuffled, sorted by length within windows
 * of `bucketBatches` batches, cut, and the batches shuffled again. Short formats ("11/22/26") then
 * do not pay for 30 padded encoder steps, which roughly halves an epoch.
 */
export function shuffledBatches(pairs: readonly DatePair[], tok: SeqTokenizer, batchSize: number, rng: SeededRng, bucketBatches = 16): Seq2SeqBatch[] {
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`shuffledBatches: expected a positive integer batch size, got ${batchSize}`);
  const order = rng.shuffle([...pairs]);
  const window = batchSize * Math.max(1, bucketBatches);
  const groups: DatePair[][] = [];
  for (let w = 0; w < order.length; w += window) {
    const part = order.slice(w, w + window).sort((a, b) => a.source.length - b.source.length);
    for (let i = 0; i < part.length; i += batchSize) groups.push(part.slice(i, i + batchSize));
  }
  return rng.shuffle(groups).map((g) => makeBatch(g, tok));
}

/** Batches in the given order (evaluation). */
export function orderedBatches(pairs: readonly DatePair[], tok: SeqTokenizer, batchSize: number): Seq2SeqBatch[] {
  const out: Seq2SeqBatch[] = [];
  for (let i = 0; i < pairs.length; i += batchSize) out.push(makeBatch(pairs.slice(i, i + batchSize), tok));
  return out;
}
