/** The char-LM data side in one call: corpus → vocabulary → id stream → train/validation. */
import { CharVocab } from "./char-vocab.ts";
import { splitStream } from "./split-stream.ts";
import type { Corpus } from "./text-corpus.ts";

export interface CharLmData {
  corpus: string;
  vocab: CharVocab;
  train: Int32Array;
  validation: Int32Array;
}

/** Vocabulary over the whole text (so validation never meets an unknown character), tail split. */
export function prepareCharLm(corpus: Corpus, validationFraction = 0.1): CharLmData {
  const vocab = CharVocab.fromText(corpus.text);
  return { corpus: corpus.name, vocab, ...splitStream(vocab.encode(corpus.text), validationFraction) };
}

/** Baseline: bits per character of the training set's character frequencies on `ids` (add-one smoothed). */
export function unigramBitsPerChar(train: ArrayLike<number>, ids: ArrayLike<number>, vocab: number): number {
  const counts = new Float64Array(vocab).fill(1);
  for (let i = 0; i < train.length; i++) counts[train[i]]++;
  const total = train.length + vocab;
  let bits = 0;
  for (let i = 0; i < ids.length; i++) bits -= Math.log2(counts[ids[i]] / total);
  return bits / ids.length;
}
