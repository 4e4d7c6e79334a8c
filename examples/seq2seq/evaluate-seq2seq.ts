/** Exact-match evaluation by greedy decoding, batch by batch. */
import { DataLoader } from "@tapegrad/nn";
import { makeBatch } from "./date-batches.ts";
import type { DatePair } from "./date-pairs.ts";
import { exactMatchAccuracy } from "./date-pairs.ts";
import type { DateSeq2Seq } from "./date-seq2seq.ts";
import { greedyDecode } from "./greedy-decode.ts";
import type { SeqTokenizer } from "./seq-tokenizer.ts";

export interface Evaluation {
  accuracy: number;
  /** Decoded text per pair, in the order given. */
  predictions: string[];
  /** Exact match per source format (which layouts a model has not learned). */
  byFormat: Record<string, number>;
}

/** ISO dates are 10 characters; two spare steps let a wrong model show that it rambles. */
export const DEFAULT_MAX_STEPS = 12;

/** Greedy-decodes every pair's source and scores exact matches against its target. */
export function evaluateSeq2Seq(model: DateSeq2Seq, pairs: readonly DatePair[], tok: SeqTokenizer, opts: { batchSize?: number; maxSteps?: number } = {}): Evaluation {
  const predictions: string[] = [];
  for (const batch of new DataLoader(pairs, { batchSize: opts.batchSize ?? 256, collate: (b) => makeBatch(b, tok) })) {
    const { ids } = greedyDecode(model, batch.src, opts.maxSteps ?? DEFAULT_MAX_STEPS);
    for (const row of ids) predictions.push(tok.decode(row));
  }
  return { accuracy: exactMatchAccuracy(predictions, pairs.map((p) => p.target)), predictions, byFormat: accuracyByFormat(pairs, predictions) };
}

/** Exact-match accuracy of each format's pairs, formats in first-seen order. */
export function accuracyByFormat(pairs: readonly DatePair[], predictions: readonly string[]): Record<string, number> {
  const hits = new Map<string, [number, number]>();
  pairs.forEach((p, i) => {
    const h = hits.get(p.format) ?? [0, 0];
    h[0] += predictions[i].trim() === p.target ? 1 : 0;
    h[1]++;
    hits.set(p.format, h);
  });
  return Object.fromEntries([...hits].map(([f, [hit, n]]) => [f, hit / n]));
}
