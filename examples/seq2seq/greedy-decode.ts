/**
 * Greedy decoding: feed back the most likely token each step, from BOS, until every row has
 * produced EOS or `maxSteps` is reached. Returns each row's tokens up to and including its EOS,
 * and the attention weights behind each of those tokens (for the heatmaps).
 */
import { noGrad, scope } from "@tapegrad/autograd";
import type { DateSeq2Seq } from "./date-seq2seq.ts";
import { BOS, EOS, type PaddedBatch } from "./seq-tokenizer.ts";

export interface GreedyResult {
  /** Per row: emitted ids, ending with EOS unless maxSteps ran out first. */
  ids: number[][];
  /** Per row, per emitted id: weights over that row's real source positions; null without attention. */
  attention: number[][][] | null;
}

/** Index of the largest of `n` values starting at `offset`. */
function argmaxRow(v: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (v[offset + i] > v[offset + best]) best = i;
  return best;
}

/** Decodes a padded source batch greedily (no gradients recorded). */
export function greedyDecode(model: DateSeq2Seq, src: PaddedBatch, maxSteps: number): GreedyResult {
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new Error(`greedyDecode: expected maxSteps to be a positive integer, got ${maxSteps}`);
  const B = src.batch;
  const V = model.cfg.vocabSize;
  const ids: number[][] = Array.from({ length: B }, () => []);
  const attention: number[][][] | null = model.decoder.attention ? Array.from({ length: B }, () => []) : null;
  const done = new Array<boolean>(B).fill(false);
  noGrad(() =>
    scope(() => {
      let { mem, state } = model.encode(src);
      let prev = new Int32Array(B).fill(BOS);
      for (let t = 0; t < maxSteps && done.includes(false); t++) {
        // Each step's tensors go when its scope ends; only the next state is carried out.
        state = scope(() => {
          const step = model.decoder.step(model.decoder.embed(prev), state, mem);
          const logits = step.logits.data();
          const weights = step.weights?.data();
          const next = new Int32Array(B);
          for (let b = 0; b < B; b++) {
            next[b] = argmaxRow(logits, b * V, V);
            if (done[b]) continue;
            ids[b].push(next[b]);
            if (attention && weights) attention[b].push(Array.from(weights.subarray(b * src.maxLength, b * src.maxLength + src.lengths[b])));
            if (next[b] === EOS) done[b] = true;
          }
          prev = next;
          return step.state;
        });
      }
    }),
  );
  return { ids, attention };
}
