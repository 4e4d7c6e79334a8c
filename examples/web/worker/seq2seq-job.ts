/**
 * Panel 4 in the worker: the date seq2seq of `pnpm example:seq2seq` (GRU encoder–decoder with
 * Luong attention), trained here on freshly generated pairs or loaded from the checkpoint that
 * command wrote; then any typed date is decoded with its attention weights.
 */
import { Generator } from "@tapegrad/autograd";
import { generateDatePairs } from "../../seq2seq/date-pairs.ts";
import { DateSeq2Seq } from "../../seq2seq/date-seq2seq.ts";
import { evaluateSeq2Seq } from "../../seq2seq/evaluate-seq2seq.ts";
import { parseSeq2SeqCheckpoint, seq2seqCheckpointBytes } from "../../seq2seq/seq2seq-bytes.ts";
import { SeqTokenizer } from "../../seq2seq/seq-tokenizer.ts";
import { trainSeq2Seq } from "../../seq2seq/train-seq2seq.ts";
import { translateDate } from "../../seq2seq/translate-date.ts";
import type { Job } from "./job.ts";

export interface Seq2SeqTrainParams {
  train: number;
  test: number;
  epochs: number;
  seed: number;
}

/** pnpm example:seq2seq's sizes; the page trains fewer pairs and epochs by default (see the panel). */
const SIZES = { embeddingDim: 16, encoderHidden: 32, decoderHidden: 64 };

let current: { model: DateSeq2Seq; tok: SeqTokenizer } | null = null;

function requireModel(op: string): { model: DateSeq2Seq; tok: SeqTokenizer } {
  if (!current) throw new Error(`seq2seq ${op}: no model yet; train one or load a checkpoint from \`pnpm example:seq2seq\` (examples/seq2seq/out/seq2seq-attention.safetensors)`);
  return current;
}

export const seq2seqJobs: Record<string, Job> = {
  "seq2seq/train": async (p: Seq2SeqTrainParams, ctx) => {
    const pairs = generateDatePairs(p.train, 200 + p.test, { seed: p.seed });
    const valid = pairs.test.slice(0, 200);
    const test = pairs.test.slice(200);
    const tok = SeqTokenizer.fromTexts([...pairs.train, ...pairs.test].flatMap((q) => [q.source, q.target]));
    const model = new DateSeq2Seq({ vocabSize: tok.size, ...SIZES, attention: true }, { generator: new Generator(p.seed) });
    const history = await trainSeq2Seq(model, pairs.train, valid, tok, {
      epochs: p.epochs,
      batchSize: 64,
      lr: 0.01,
      clip: 1,
      seed: p.seed,
      progress: (_steps, epochs) => ({
        startEpoch() {},
        step() {},
        async endEpoch(s) {
          ctx.progress({ epochs, trainLoss: s.trainLoss, validationAccuracy: s.validation });
          await ctx.control.checkpoint();
        },
        stop() {},
      }),
    });
    current = { model, tok };
    return { history, testAccuracy: evaluateSeq2Seq(model, test, tok).accuracy, testPairs: test.length };
  },
  "seq2seq/load-bytes": async (p: { bytes: Uint8Array; source: string }) => {
    current = parseSeq2SeqCheckpoint(p.bytes, p.source);
    return { config: current.model.cfg };
  },
  "seq2seq/translate": async (p: { text: string }) => {
    const { model, tok } = requireModel("translate");
    return translateDate(model, tok, p.text);
  },
  "seq2seq/checkpoint": async () => {
    const { model, tok } = requireModel("download");
    return seq2seqCheckpointBytes(model, tok);
  },
};
