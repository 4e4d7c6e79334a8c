import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Generator, gradcheck, noGrad, randn, type Tensor, tensor } from "@tapegrad/autograd";
import { afterAll, describe, expect, it } from "vitest";
import { SeededRng } from "../../examples/shared/rng.ts";
import { makeBatch } from "../../examples/seq2seq/date-batches.ts";
import { LengthBucketSampler } from "../../examples/seq2seq/length-bucket-sampler.ts";
import { DataLoader } from "@tapegrad/nn";
import type { DatePair } from "../../examples/seq2seq/date-pairs.ts";
import { generateDatePairs } from "../../examples/seq2seq/date-pairs.ts";
import { DateSeq2Seq } from "../../examples/seq2seq/date-seq2seq.ts";
import { greedyDecode } from "../../examples/seq2seq/greedy-decode.ts";
import { paddingBias } from "@tapegrad/nn";
import { loadSeq2Seq, saveSeq2Seq } from "../../examples/seq2seq/seq2seq-checkpoint.ts";
import type { Seq2SeqConfig } from "../../examples/seq2seq/seq2seq-config.ts";
import { BOS, EOS, PAD, SeqTokenizer } from "../../examples/seq2seq/seq-tokenizer.ts";
import { trainSeq2Seq } from "../../examples/seq2seq/train-seq2seq.ts";

const { train, test } = generateDatePairs(96, 16, { seed: 5, formats: ["YYYY-MM-DD", "DD.MM.YYYY", "MM/DD/YY"] });
const tok = SeqTokenizer.fromTexts([...train, ...test].flatMap((p) => [p.source, p.target]));
const tiny = (attention: boolean): Seq2SeqConfig => ({ vocabSize: tok.size, embeddingDim: 6, encoderHidden: 5, decoderHidden: 7, attention });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("seq2seq batches", () => {
  it("feeds BOS + target (time-major) and predicts target + EOS (batch-major), PAD after", () => {
    const short = { source: "x", target: "ab", format: "t" };
    const long = { source: "yy", target: "abc", format: "t" };
    const t = new SeqTokenizer(["a", "b", "c", "x", "y"]);
    const b = makeBatch([short, long], t);
    const [a, bb, c] = [..."abc"].map((ch) => t.encode(ch)[0]);
    expect(b.steps).toBe(4);
    expect(Array.from(b.decoderInput)).toEqual([BOS, BOS, a, a, bb, bb, PAD, c]);
    expect(Array.from(b.decoderTarget)).toEqual([a, bb, EOS, PAD, a, bb, c, EOS]);
    expect(Array.from(b.src.lengths)).toEqual([2, 3]);
  });
});

/** The example's batching before it moved to a DataLoader, kept as the reference: shuffle the pairs, sort windows of 16 batches by source length, cut, shuffle the batches. */
function handBucketed(pairs: readonly DatePair[], batchSize: number, rng: SeededRng): DatePair[][] {
  const order = rng.shuffle([...pairs]);
  const window = batchSize * 16;
  const groups: DatePair[][] = [];
  for (let w = 0; w < order.length; w += window) {
    const part = order.slice(w, w + window).sort((a, b) => a.source.length - b.source.length);
    for (let i = 0; i < part.length; i += batchSize) groups.push(part.slice(i, i + batchSize));
  }
  return rng.shuffle(groups);
}

describe("length-bucketed batches (LengthBucketSampler + DataLoader)", () => {
  const pairs = generateDatePairs(700, 0, { seed: 3 }).train;
  const lengths = pairs.map((p) => p.source.length);

  it("give exactly the batches the hand-written bucketing gave, epoch after epoch, for the same seed", () => {
    const loader = new DataLoader(pairs, { batchSampler: new LengthBucketSampler(lengths, 32, { generator: new SeededRng(4) }), collate: (b) => b });
    const reference = new SeededRng(4);
    expect(loader.length).toBe(Math.ceil(700 / 32));
    for (let epoch = 0; epoch < 3; epoch++) expect([...loader]).toEqual(handBucketed(pairs, 32, reference));
  });

  it("cover every pair once per epoch in batches of similar length", () => {
    const sampler = new LengthBucketSampler(lengths, 32, { generator: new SeededRng(1) });
    const batches = [...sampler];
    expect(batches.flat().sort((a, b) => a - b)).toEqual(pairs.map((_, i) => i));
    expect(batches.filter((b) => b.length < 32)).toHaveLength(1);
    // Sorting within windows keeps each batch's spread of lengths far below the data's.
    const spread = (b: number[]) => Math.max(...b.map((i) => lengths[i])) - Math.min(...b.map((i) => lengths[i]));
    const meanSpread = batches.reduce((s, b) => s + spread(b), 0) / batches.length;
    expect(meanSpread).toBeLessThan((Math.max(...lengths) - Math.min(...lengths)) / 4);
    expect(() => new LengthBucketSampler([], 4, { generator: new SeededRng(1) })).toThrow("LengthBucketSampler: expected at least one length, got none");
  });
});

describe("attention in the decoder (nn Attention, score \"general\"; the module itself: test/nn/attention.test.ts)", () => {
  it("a whole decoder step (cell, attention, combine, logits) passes gradcheck", () => {
    const model = new DateSeq2Seq(tiny(true), { backend: "js", generator: new Generator(2) });
    const bias = paddingBias([3, 2], 3, "js");
    const att = model.decoder.attention!;
    const g = new Generator(4);
    const shape = (s: number[]) => randn(s, { backend: "js", generator: g });
    const fn = (x: Tensor, h: Tensor, feed: Tensor, values: Tensor): Tensor => model.decoder.step(x, { h, feed }, { ...att.prepare(values), maskBias: bias }).logits;
    const res = gradcheck(fn, [shape([2, 6]), shape([2, 7]), shape([2, 7]), shape([2, 3, 10])]);
    expect(res.ok, JSON.stringify(res.perInput)).toBe(true);
  });
});

describe("date seq2seq model", () => {
  it("loss goes down on a tiny training run", async () => {
    const model = new DateSeq2Seq({ ...tiny(true), embeddingDim: 8, encoderHidden: 12, decoderHidden: 16 }, { generator: new Generator(1) });
    const firstBatch = makeBatch(train.slice(0, 32), tok);
    const before = noGrad(() => model.loss(firstBatch).item());
    const history = await trainSeq2Seq(model, train, test, tok, { epochs: 6, batchSize: 16, lr: 0.02, clip: 1, seed: 1 });
    const after = noGrad(() => model.loss(firstBatch).item());
    expect(history).toHaveLength(6);
    expect(history[5].trainLoss).toBeLessThan(history[0].trainLoss * 0.8);
    expect(after).toBeLessThan(before * 0.7);
  });

  it("greedy decoding stops at EOS, and runs to maxSteps when EOS never wins", () => {
    const model = new DateSeq2Seq(tiny(true), { generator: new Generator(1) });
    const src = makeBatch(test.slice(0, 3), tok).src;
    const favour = (id: number) =>
      noGrad(() => {
        const bias = new Float64Array(tok.size);
        bias[id] = 50;
        model.decoder.out.bias!.copy_(tensor(bias, { shape: [tok.size] }));
        model.decoder.out.weight.zero_();
      });
    favour(EOS);
    const stop = greedyDecode(model, src, 12);
    expect(stop.ids).toEqual([[EOS], [EOS], [EOS]]);
    stop.attention!.forEach((rows, b) => {
      expect(rows).toHaveLength(1);
      expect(rows[0]).toHaveLength(src.lengths[b]);
    });
    const digit = tok.encode("7")[0];
    favour(digit);
    const ramble = greedyDecode(model, src, 5);
    expect(ramble.ids).toEqual([0, 1, 2].map(() => [digit, digit, digit, digit, digit]));
    expect(tok.decode(ramble.ids[0])).toBe("77777");
  });

  it("a checkpoint round trip rebuilds the model: same predictions and logits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "seq2seq-ckpt-"));
    dirs.push(dir);
    for (const attention of [true, false]) {
      const model = new DateSeq2Seq(tiny(attention), { generator: new Generator(9) });
      await trainSeq2Seq(model, train.slice(0, 32), test, tok, { epochs: 1, batchSize: 16, lr: 0.01, clip: 1, seed: 2 });
      const path = join(dir, `m-${attention}.safetensors`);
      saveSeq2Seq(model, tok, path);
      const loaded = loadSeq2Seq(path);
      expect(loaded.model.cfg).toEqual(model.cfg);
      expect(loaded.tok.tokens).toEqual(tok.tokens);
      const batch = makeBatch(test.slice(0, 16), tok);
      expect(greedyDecode(loaded.model, batch.src, 12)).toEqual(greedyDecode(model, batch.src, 12));
      const a = noGrad(() => model.teacherForcedLogits(batch).data());
      const b = noGrad(() => loaded.model.teacherForcedLogits(batch).data());
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });
});
