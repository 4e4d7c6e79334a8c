/**
 * The collate function of the encoder–decoder's DataLoader: date pairs → padded sources with
 * lengths, decoder inputs (BOS + target, time-major so each step's rows are one contiguous block)
 * and decoder targets (target + EOS, batch-major to line up with logits stacked as [B, T, V]), PAD
 * elsewhere — all three padded by nn's padSequence.
 */
import { padSequence } from "@tapegrad/nn";
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

/** One batch from pairs (any order): the DataLoader's collate. */
export function makeBatch(pairs: readonly DatePair[], tok: SeqTokenizer): Seq2SeqBatch {
  if (pairs.length === 0) throw new Error("makeBatch: expected at least one pair, got none");
  const src = padBatch(pairs.map((p) => tok.encode(p.source, { eos: true })));
  const targets = pairs.map((p) => tok.encode(p.target));
  const inputs = padSequence(targets.map((t) => [BOS, ...t]), { paddingValue: PAD }).padded;
  const outputs = padSequence(targets.map((t) => [...t, EOS]), { batchFirst: true, paddingValue: PAD }).padded;
  return { src, decoderInput: flat(inputs), decoderTarget: flat(outputs), steps: inputs.length, pairs: [...pairs] };
}

/** Int32Array rows → one row-major Int32Array. */
function flat(rows: readonly Int32Array[]): Int32Array {
  const width = rows[0].length;
  const out = new Int32Array(rows.length * width);
  rows.forEach((r, i) => out.set(r, i * width));
  return out;
}
